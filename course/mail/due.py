"""Which reminders and digests are due now, as Planned mails with keys that say what each is for.

Reminders (KURS_REMINDER_DAYS, default "7,0"): N days before a due date (0: on the day it is due),
then once it is overdue and every week while it stays so. Only the latest stage reached is planned,
so a run that was missed for a few days sends one reminder, not a pile.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

from course import clock
from course.content.values import Course
from course.domain.standing import Standing, State, standings_of
from course.mail.ledger import Planned
from course.models import User
from course.reports.common import PERSON_COLUMNS, PersonRow

DEFAULT_DAYS = (7, 0)
CHUNK = 500  # people per read of the reports' cells
WEEK = timedelta(days=7)
DIGEST_ROLES = ("manager", "trainer", "admin")  # everyone who reads the reports (managers: their departments)


def reminder_days(value: str | None) -> tuple[int, ...]:
    """Read KURS_REMINDER_DAYS ("7,0"): whole days before the due date, largest first."""
    if value is None or not str(value).strip():
        return DEFAULT_DAYS
    try:
        days = {int(part) for part in str(value).split(",") if part.strip()}
    except ValueError:
        raise ValueError(f"KURS_REMINDER_DAYS={value!r}: write whole days before the due date, e.g. 7,0") from None
    if any(d < 0 for d in days):
        raise ValueError(f"KURS_REMINDER_DAYS={value!r}: days before the due date cannot be negative")
    return tuple(sorted(days, reverse=True))


def open_dues(course: Course, now: datetime) -> Iterator[tuple[PersonRow, Standing]]:
    """Every active person's modules that have a due date and are not done (due again counts), from the one standing rule.

    A module whose quiz attempts are used up (failed) gets no reminder: a trainer must act first.
    """
    people = [PersonRow(*row) for row in User.select(*PERSON_COLUMNS).where(User.active == True).tuples()]  # noqa: E712
    for start in range(0, len(people), CHUNK):
        chunk = people[start:start + CHUNK]
        for person, standings in zip(chunk, standings_of(course, chunk, now).values(), strict=True):
            for standing in standings:
                if standing.due_at is not None and standing.state not in (State.COMPLETED, State.FAILED):
                    yield person, standing


def reminder_stage(due_at: datetime, now: datetime, days: tuple[int, ...], where=None) -> str | None:
    """Name the latest reminder reached: before-N (N local days or fewer left), overdue-W (W whole weeks late), or None."""
    if now > due_at:
        return f"overdue-{int((now - due_at) / WEEK)}"
    left = days_left(due_at, now, where)
    reached = [n for n in days if left <= n]
    return f"before-{min(reached)}" if reached else None


def days_left(due_at: datetime, now: datetime, where=None) -> int:
    """Calendar days from today to the due day, both in local time (KURS_TIMEZONE)."""
    return (clock.local_day(due_at, where) - clock.local_day(now, where)).days


def plan_reminders(course: Course, now: datetime, days: tuple[int, ...]) -> list[Planned]:
    """The reminders due now, one per person, module, due date and stage."""
    planned = []
    for person, cell in open_dues(course, now):
        stage = reminder_stage(cell.due_at, now, days)
        if stage is not None:
            key = f"reminder:{person.id}:{cell.module_id}:{cell.due_at:%Y%m%d%H%M%S}:{stage}"
            planned.append(Planned(key, "reminder", person.id,
                                   {"module_id": cell.module_id, "due_at": cell.due_at.isoformat(), "stage": stage}))
    return planned


def plan_digests(now: datetime) -> list[Planned]:
    """One digest per reader of the reports per ISO week (the first run of the week sends it)."""
    year, week, _ = now.isocalendar()
    readers = User.select(User.id).where((User.active == True) & User.role.in_(DIGEST_ROLES))  # noqa: E712
    return [Planned(f"digest:{uid}:{year}-W{week:02d}", "digest", uid, {"week": f"{year}-W{week:02d}"})
            for (uid,) in readers.tuples()]
