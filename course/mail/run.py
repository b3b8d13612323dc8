"""`flask mail send-due`: record what is due, then send every sendable mail once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from flask import current_app

from course.content.messages import N_
from course.content.values import Course
from course.mail import due, ledger
from course.mail.compose import Composer, Skip
from course.mail.failures import failure_line
from course.mail.kinds import kind_name, stage_name, week_name
from course.mail.transport import SendError, transport_for
from course.models import Mail, User, utcnow


@dataclass
class RunResult:
    recorded: int = 0
    outcomes: Counter = field(default_factory=Counter)  # sent | skipped | retry | given-up | taken (by another run)


def plan(course: Course, now: datetime) -> list[ledger.Planned]:
    """Every reminder and digest due now (invitations are recorded when an admin asks for them)."""
    days = due.reminder_days(current_app.config.get("KURS_REMINDER_DAYS"))
    return due.plan_reminders(course, now, days) + due.plan_digests(now)


def send_due(course: Course, now: datetime | None = None, say: Callable[[str], None] = print) -> RunResult:
    """Record the mails due now, then send those that may go; each outcome is written to the table."""
    now = now or utcnow()
    result = RunResult(recorded=ledger.record(plan(course, now), now))
    result.outcomes = deliver(course, ledger.sendable(now), now, say)
    return result


def deliver(course: Course, rows: list[Mail], now: datetime | None = None,
            say: Callable[[str], None] = print) -> Counter:
    """Claim and send each row; a row another run claimed first is left to it."""
    now = now or utcnow()
    me, outcomes = ledger.run_id(), Counter()
    composer, transport = Composer(course, now), transport_for(current_app.config, current_app.instance_path)
    people = {u.id: u for u in User.select().where(User.id.in_({r.user_id for r in rows}))} if rows else {}
    try:
        for row in rows:
            if not ledger.claim(row, me, utcnow()):
                outcomes["taken"] += 1
                continue
            outcomes[_send_one(row, people[row.user_id], composer, transport, me, say)] += 1
    finally:
        transport.close()
    return outcomes


def _send_one(row: Mail, user: User, composer: Composer, transport, me: str, say: Callable[[str], None]) -> str:
    try:
        message = composer.compose(row, user)
    except Skip as reason:
        ledger.mark_skipped(row, me, reason.kind, reason.detail)
        return "skipped"
    try:
        transport.send(message)
    except SendError as problem:
        status = ledger.mark_failed(row, me, problem.kind, problem.detail, problem.permanent, utcnow())
        failure = failure_line(problem.kind, problem.detail)
        if status == "given-up":
            say(N_("%(kind)s to %(email)s: %(problem)s (given up)", kind=kind_name(row.kind), email=user.email, problem=failure))
        else:
            say(N_("%(kind)s to %(email)s: %(problem)s (will retry)", kind=kind_name(row.kind), email=user.email, problem=failure))
        return "given-up" if status == "given-up" else "retry"
    ledger.mark_sent(row, me, str(message["Subject"]), utcnow())
    return "sent"


def describe(planned: ledger.Planned, people: dict[int, User], say: Callable[[object], str] = str) -> str:
    """One line for --dry-run: kind, recipient and what it is about; say: shows a kind's, stage's or week's name (translate)."""
    person = people.get(planned.user_id)
    stage, week = planned.params.get("stage"), planned.params.get("week")
    about = planned.params.get("module_id", "") + (f" ({say(stage_name(stage))})" if stage else "")
    if not about and week:
        about = say(week_name(week))
    return f"{say(kind_name(planned.kind))}\t{person.email if person else planned.user_id}\t{about}"
