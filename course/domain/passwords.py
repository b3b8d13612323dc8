"""Passwords: the rules a new one must meet, and hashing with a method the caller names.

No Flask here: the method comes from the caller (KURS_PASSWORD_METHOD in the app's config), so
the commands, the set-password link and the pages hash alike without an app context.
"""

from __future__ import annotations

from functools import lru_cache

from werkzeug.security import check_password_hash, generate_password_hash

from course.content.messages import N_

MIN_PASSWORD = 10


def password_problems(password: str, confirmation: str) -> list[str]:
    """Check a new password against its confirmation and the minimum length."""
    if len(password) < MIN_PASSWORD:
        return [N_("Choose a password of at least %(num)s characters.", num=MIN_PASSWORD)]
    if password != confirmation:
        return [N_("The two passwords differ.")]
    return []


def hash_password(password: str, method: str) -> str:
    """Hash a password with a werkzeug method (scrypt in production)."""
    return generate_password_hash(password, method=method)


def password_matches(stored_hash: str | None, password: str, method: str) -> bool:
    """Check a password; spend the same time when there is no stored hash."""
    if not stored_hash:
        check_password_hash(_dummy_hash(method), password)
        return False
    return check_password_hash(stored_hash, password)


@lru_cache(maxsize=4)
def _dummy_hash(method: str) -> str:
    # the configured method, so an unknown email takes as long as a wrong password (no timing tell)
    return generate_password_hash("not a real password", method=method)
