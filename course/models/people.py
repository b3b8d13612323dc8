"""People and their accounts: roles, names, set-password links, the departments a manager sees."""

from __future__ import annotations

import unicodedata

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField

from course.models.base import BaseModel, utcnow

# in rising order: each role may do what the ones before it may (a manager is also a learner)
ROLES = ("learner", "manager", "trainer", "admin")


def name_key(name: str) -> str:
    """Sort key of a person's name: last name first, without case or accents ("Jan Özdemir" -> "ozdemir jan").

    The last word counts as the last name; a matrix of thousands is found by it (issue 13).
    """
    words = name.split()
    ordered = " ".join(words[-1:] + words[:-1]).casefold()
    return "".join(c for c in unicodedata.normalize("NFKD", ordered) if not unicodedata.combining(c))


class User(BaseModel):
    email = CharField(max_length=254, unique=True)
    name = CharField(max_length=200)
    sort_name = CharField(max_length=200, default="")  # name_key(name): set by save() and by every bulk write
    department = CharField(max_length=100, default="", index=True)
    role = CharField(max_length=20, default="learner")
    password_hash = CharField(max_length=255, default="")
    active = BooleanField(default=True)
    # bumped when the password changes or the account is deactivated: old sessions end
    session_version = IntegerField(default=1)
    language = CharField(max_length=10, null=True)  # None follows KURS_LANGUAGE (course/web/i18n.py)
    created_at = DateTimeField(default=utcnow)
    deactivated_at = DateTimeField(null=True)

    def save(self, *args, **kwargs):
        self.sort_name = name_key(self.name or "")
        return super().save(*args, **kwargs)

    def at_least(self, role: str) -> bool:
        """Return whether this person holds the role or a higher one."""
        return ROLES.index(self.role) >= ROLES.index(role)


class PasswordToken(BaseModel):
    """A one-time link to set a password; only the token's SHA-256 is stored."""

    user = ForeignKeyField(User, backref="password_tokens")
    token_hash = CharField(max_length=64, unique=True)
    created_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)
    created_by = ForeignKeyField(User, null=True, backref="+")


class ManagedDepartment(BaseModel):
    """A department whose reports a manager sees (a manager sees no other)."""

    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    department = CharField(max_length=100)

    class Meta:
        indexes = ((("user", "department"), True),)
