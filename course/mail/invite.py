"""Invitations: a mail with a set-password link, for one person, new people from an import, or everyone without a password."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from course.domain.newcomers import without_password  # noqa: F401  (the one rule: who has no password yet)
from course.mail.ledger import Planned, record
from course.models import Mail, User, utcnow


def invite(people: Iterable[User], now: datetime | None = None, once_a_day: bool = False) -> list[Mail]:
    """Record an invitation for each person and return the rows to send.

    once_a_day: a bulk invitation pressed twice on one day records each person once; an invitation
    for one person is a deliberate resend and always goes.
    """
    now = now or utcnow()
    stamp = f"{now:%Y%m%d}" if once_a_day else f"{now:%Y%m%d%H%M%S%f}"
    planned = [Planned(f"invitation:{p.id}:{stamp}", "invitation", p.id) for p in people]
    record(planned, now)
    keys = [p.key for p in planned]
    return list(Mail.select().where(Mail.key.in_(keys) & (Mail.status == "pending")).order_by(Mail.id)) if keys else []
