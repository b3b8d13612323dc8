"""The Mail table: each mail is recorded before it is sent, claimed by one run, then marked.

Two runs at the same minute (two hosts under cron) plan the same keys, and the unique key keeps
one row per mail. A run claims a row with one conditional UPDATE, so only one run sends it. A run
killed half-way leaves its rows "sending": this host takes them back at once when the claiming
process is gone, any host after LEASE. A mail the server accepted just before the run was killed
(before it was marked sent) would go twice; its Message-ID stays the same so mail systems can tell.
"""

from __future__ import annotations

import json
import os
import secrets
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from course.db import database
from course.models import Mail, utcnow

LEASE = timedelta(minutes=15)  # a run sending longer than this per mail is taken for dead
# waits after the 1st, 2nd, ... failed attempt; after the last one the mail is given up
BACKOFF = (timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=8), timedelta(hours=24))
MAX_ATTEMPTS = len(BACKOFF) + 1
BATCH = 500


@dataclass(frozen=True)
class Planned:
    """A mail that is due: its key says what it is for, so planning it twice records it once."""

    key: str
    kind: str
    user_id: int
    params: dict = field(default_factory=dict)


def run_id() -> str:
    """Name this run: host, process and a nonce (a reused process id is not mistaken for it)."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


def record(planned: Iterable[Planned], now: datetime | None = None) -> int:
    """Insert the mails not recorded yet (a key recorded before, by any run, is left alone); return how many are new."""
    now = now or utcnow()
    rows = [{"key": p.key, "kind": p.kind, "user": p.user_id, "params": json.dumps(p.params, sort_keys=True),
             "created_at": now, "next_attempt_at": now} for p in planned]
    new = 0
    for start in range(0, len(rows), BATCH):
        chunk = rows[start:start + BATCH]
        with database.atomic():
            before = Mail.select().where(Mail.key.in_([r["key"] for r in chunk])).count()
            Mail.insert_many(chunk).on_conflict_ignore().execute()
            new += Mail.select().where(Mail.key.in_([r["key"] for r in chunk])).count() - before
    return new


def unrecorded(planned: Iterable[Planned]) -> list[Planned]:
    """Return the planned mails whose key is not in the table yet (what a dry run would add)."""
    planned = list(planned)
    known: set[str] = set()
    for start in range(0, len(planned), BATCH):
        keys = [p.key for p in planned[start:start + BATCH]]
        known.update(k for (k,) in Mail.select(Mail.key).where(Mail.key.in_(keys)).tuples())
    return [p for p in planned if p.key not in known]


def sendable(now: datetime) -> list[Mail]:
    """Rows a run may try now: pending and due, or left "sending" by a run that is gone."""
    pending = (Mail.status == "pending") & (Mail.next_attempt_at <= now)
    stuck = Mail.status == "sending"
    rows = Mail.select().where(pending | stuck).order_by(Mail.id)
    return [row for row in rows if row.status == "pending" or _abandoned(row, now)]


def _abandoned(row: Mail, now: datetime) -> bool:
    """Whether the run that claimed a row is gone: its process has ended on this host, or the lease ran out."""
    if row.claimed_at is None or row.claimed_at <= now - LEASE:
        return True
    host, _, rest = row.claimed_by.partition(":")
    pid = rest.partition(":")[0]
    if host != socket.gethostname() or not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return True  # this process runs now, so the claim was an earlier run's (the id was reused)
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, under another user
    return False


def claim(row: Mail, me: str, now: datetime) -> bool:
    """Take a row for this run if nobody took it since it was read (one conditional UPDATE)."""
    taken = (Mail.update(status="sending", claimed_by=me, claimed_at=now, attempts=Mail.attempts + 1)
             .where((Mail.id == row.id) & (Mail.status == row.status) & (Mail.claimed_by == row.claimed_by)
                    & (Mail.attempts == row.attempts))
             .execute())
    return taken == 1


def mark_sent(row: Mail, me: str, subject: str, now: datetime) -> None:
    """Record that the server took the mail."""
    Mail.update(status="sent", sent_at=now, subject=subject[:300], error_kind="", last_error="").where(
        (Mail.id == row.id) & (Mail.claimed_by == me)).execute()


def mark_skipped(row: Mail, me: str, kind: str, detail: str = "") -> None:
    """Record that the mail is no longer needed (the person has left, or set their password meanwhile): course/mail/failures.py."""
    Mail.update(status="skipped", error_kind=kind, last_error=detail).where(
        (Mail.id == row.id) & (Mail.claimed_by == me)).execute()


def mark_failed(row: Mail, me: str, kind: str, detail: str, permanent: bool, now: datetime) -> str:
    """Record a failed attempt (its kind, course/mail/failures.py, and the detail as given): retry after the back-off, or give up; return the new status."""
    attempts = row.attempts + 1  # the claim counted this attempt
    if permanent or attempts >= MAX_ATTEMPTS:
        status, next_at = "given-up", now
    else:
        status, next_at = "pending", now + BACKOFF[attempts - 1]
    Mail.update(status=status, next_attempt_at=next_at, error_kind=kind, last_error=detail[:2000],
                claimed_at=None).where(
        (Mail.id == row.id) & (Mail.claimed_by == me)).execute()
    return status


def retry(mail_id: int, now: datetime | None = None) -> bool:
    """Let an admin send a given-up mail again (from the next run on)."""
    return Mail.update(status="pending", next_attempt_at=now or utcnow(), attempts=0).where(
        (Mail.id == mail_id) & (Mail.status == "given-up")).execute() == 1
