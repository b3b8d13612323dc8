"""Checks of submitted form values, shared by the pages and the command line."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 10
MAX_FIELD = 100  # the department column holds 100 characters (PostgreSQL refuses more)


def validate_new_account(form: dict, password: str, confirmation: str) -> list[str]:
    """Return what is wrong with a new account's details (empty when all is well)."""
    problems = validate_person(form)
    problems += validate_password(password, confirmation)
    return problems


def validate_person(form: dict) -> list[str]:
    """Check email, name and department of a person."""
    problems = []
    if not EMAIL.match(form.get("email", "")) or len(form["email"]) > 254:
        problems.append("Enter a valid email address.")
    if not form.get("name"):
        problems.append("Enter a name.")
    if any(len(form.get(key) or "") > MAX_FIELD for key in ("name", "department")):
        problems.append(f"Name and department may have at most {MAX_FIELD} characters.")
    return problems


def validate_password(password: str, confirmation: str) -> list[str]:
    """Check a new password against its confirmation and the minimum length."""
    if len(password) < MIN_PASSWORD:
        return [f"Choose a password of at least {MIN_PASSWORD} characters."]
    if password != confirmation:
        return ["The two passwords differ."]
    return []


def safe_next(target: str | None) -> str | None:
    """Return target if it is a path of this app, else None (no open redirects)."""
    if not target or any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None  # control characters: browsers drop some, and a header may not hold them
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target
