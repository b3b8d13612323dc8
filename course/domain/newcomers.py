"""People who cannot sign in yet: who they are (one rule, for mail invitations and bulk links) and their new links.

"Without a password" means active and never set one. An invitation mail (course/mail/) and the
admin's bulk links (People) both pick people here, so both always mean the same people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from course.domain import tokens
from course.models import PasswordToken, User, utcnow


@dataclass(frozen=True)
class NewLink:
    """A set-password token just made for a person (shown once: only its hash is stored)."""

    person: User
    token: str
    valid_until: datetime  # UTC, as stored


def needs_password(person: User) -> bool:
    """Whether this person is active and has never set a password (the rule of without_password)."""
    return bool(person.active) and not person.password_hash


def without_password(department: str | None = None) -> list[User]:
    """Active people who have never set a password, in one department (None: every one), by last name."""
    query = User.select().where((User.active == True) & (User.password_hash == ""))  # noqa: E712
    if department is not None:
        query = query.where(User.department == department)
    return list(query.order_by(User.sort_name, User.name, User.id))


def new_links(people: list[User], by: User | None = None, now: datetime | None = None) -> list[NewLink]:
    """Make a set-password token for each person at once; their earlier unused links stop working."""
    now = now or utcnow()
    made = tokens.issue_tokens(people, by, now)
    until = now + timedelta(days=tokens.TOKEN_DAYS)
    return [NewLink(person, made[person.id], until) for person in people]


def links_for_everyone_without_password(department: str | None, by: User | None = None,
                                         now: datetime | None = None) -> list[NewLink]:
    """New links for everyone without a password in a department (None: in every one)."""
    return new_links(without_password(department), by, now)


def still_valid(shown: list[str], now: datetime | None = None) -> list[NewLink]:
    """The links among these tokens that still work (unused, unexpired, person active), in the order given.

    A page that showed new links sends their tokens back for the CSV download: a token used,
    replaced or expired meanwhile gives no row, and nothing else about it is said.
    """
    now = now or utcnow()
    by_hash = {tokens.token_hash(token): token for token in dict.fromkeys(shown) if token}
    found: dict[str, NewLink] = {}
    hashes = list(by_hash)
    for start in range(0, len(hashes), tokens.BATCH):
        rows = (PasswordToken.select(PasswordToken, User).join(User)
                .where(PasswordToken.token_hash.in_(hashes[start:start + tokens.BATCH]) & PasswordToken.used_at.is_null()
                       & (PasswordToken.expires_at > now) & (User.active == True)))  # noqa: E712
        for row in rows:
            found[row.token_hash] = NewLink(row.user, by_hash[row.token_hash], row.expires_at)
    return [found[h] for h in hashes if h in found]
