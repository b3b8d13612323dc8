"""Verification codes of certificates: unguessable, typed back easily, found again only while valid.

A code is 20 characters of Crockford's base32 (100 random bits), printed in groups of four:
nobody can guess one, and reading it off paper forgives case, spaces, dashes, O for 0 and I or L for 1.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from peewee import IntegrityError

from course.db import database
from course.models import Certificate, User, utcnow

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
LENGTH = 20
_READ_AS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_code() -> str:
    """A fresh code (stored without dashes)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def shown(code: str) -> str:
    """The code as printed: XXXX-XXXX-XXXX-XXXX-XXXX."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def normalised(text: str) -> str | None:
    """The stored form of a typed code, or None when it cannot be one (then nothing is looked up)."""
    code = "".join(text.split()).replace("-", "").upper().translate(_READ_AS)
    return code if len(code) == LENGTH and all(c in ALPHABET for c in code) else None


def certificate_for(user: User, course_title: str, completed_at: datetime, valid_until: datetime | None,
                    now: datetime | None = None) -> Certificate:
    """The certificate of this completion: the one issued before, or a new one with a new code."""
    existing = Certificate.get_or_none((Certificate.user == user.id) & (Certificate.completed_at == completed_at))
    if existing is not None:
        return existing
    try:
        with database.atomic():
            return Certificate.create(user=user.id, code=new_code(), course_title=course_title[:300],
                                      completed_at=completed_at, valid_until=valid_until, issued_at=now or utcnow())
    except IntegrityError:  # the same download in another tab was first
        return Certificate.get((Certificate.user == user.id) & (Certificate.completed_at == completed_at))


def find(text: str) -> Certificate | None:
    """The certificate with this code, unless it is unknown or revoked (then None: nothing to show)."""
    code = normalised(text)
    if code is None:
        return None
    return (Certificate.select(Certificate, User).join(User)
            .where((Certificate.code == code) & Certificate.revoked_at.is_null()).first())


def revoke(certificate_id: int, now: datetime | None = None) -> bool:
    """Revoke a certificate: its code shows nothing from now on."""
    return Certificate.update(revoked_at=now or utcnow()).where(
        (Certificate.id == certificate_id) & Certificate.revoked_at.is_null()).execute() == 1


def of_person(user: User) -> list[Certificate]:
    """A person's certificates, newest first (for their record)."""
    return list(Certificate.select().where(Certificate.user == user.id).order_by(Certificate.issued_at.desc()))
