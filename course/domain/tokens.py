"""One-time links to set a password: only a hash of the token is stored, and it expires."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from course.db import database
from course.domain.passwords import hash_password
from course.models import PasswordToken, User, utcnow

TOKEN_DAYS = 7
BATCH = 500  # people per statement: well under every backend's limit of bound values


def token_hash(token: str) -> str:
    """Return the stored form of a token (SHA-256: the token is random, so no salt is needed)."""
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, by: User | None = None, now: datetime | None = None) -> str:
    """Create a link token for a person, ending any earlier unused one; return it (shown once)."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    with database.atomic():
        _revoke(user, now)
        PasswordToken.create(user=user, token_hash=token_hash(token), created_at=now,
                             expires_at=now + timedelta(days=TOKEN_DAYS), created_by=by)
    return token


def issue_tokens(users: list[User], by: User | None = None, now: datetime | None = None) -> dict[int, str]:
    """Create link tokens for many people at once, ending their earlier unused ones; return them by person id."""
    now = now or utcnow()
    tokens = {user.id: secrets.token_urlsafe(32) for user in users}
    rows = [{"user": uid, "token_hash": token_hash(t), "created_at": now,
             "expires_at": now + timedelta(days=TOKEN_DAYS), "created_by": by} for uid, t in tokens.items()]
    with database.atomic():
        for start in range(0, len(rows), BATCH):
            ids = list(tokens)[start:start + BATCH]
            PasswordToken.update(used_at=now).where(PasswordToken.user.in_(ids) & PasswordToken.used_at.is_null()).execute()
            PasswordToken.insert_many(rows[start:start + BATCH]).execute()
    return tokens


def _revoke(user: User, now: datetime) -> None:
    PasswordToken.update(used_at=now).where((PasswordToken.user == user) & PasswordToken.used_at.is_null()).execute()


def valid_token(token: str, now: datetime | None = None) -> PasswordToken | None:
    """Return the unused, unexpired token of an active person, or None."""
    now = now or utcnow()
    return (
        PasswordToken.select(PasswordToken, User).join(User)
        .where((PasswordToken.token_hash == token_hash(token)) & PasswordToken.used_at.is_null()
               & (PasswordToken.expires_at > now) & (User.active == True))  # noqa: E712
        .first()
    )


def redeem_token(token: str, password: str, method: str, now: datetime | None = None) -> User | None:
    """Set the password (hashed with `method`) through a link, once; old sessions of that person end."""
    now = now or utcnow()
    with database.atomic():
        row = valid_token(token, now)
        if row is None:
            return None
        used = (PasswordToken.update(used_at=now)
                .where((PasswordToken.id == row.id) & PasswordToken.used_at.is_null()).execute())
        if used != 1:  # a second tab was quicker
            return None
        User.update(password_hash=hash_password(password, method), session_version=User.session_version + 1).where(
            User.id == row.user_id).execute()
        _revoke(row.user, now)
    return User.get_by_id(row.user_id)
