"""A person's standing in each module: the one rule for states, due dates and recertification.

Every page and report asks here: the dashboard, the module page, the certificate, the matrix,
the person record, the overdue list, the CSV downloads and the reminders. No other module
computes a state (tests/test_standing.py reads the code to make sure).

The rule, for one person and one module, first match wins:
- every lesson done, and the completion still valid: **completed** (valid until `recertify_months`
  after the first lesson of that round was completed, to the end of that local day);
- every lesson done but the completion expired: **due again**, due `due_days` after the expiry
  (to the end of that local day; no due date without `due_days`), and **overdue** once that passed;
- every lesson done once, but a confirmed text changed since: **due again** (no new due date);
- a quiz's attempts used up without a pass: **failed**;
- past the due date of the assignment that counts: **overdue**;
- a lesson opened: **in progress**; else **not started**.

A lesson is done when its own step is (read and marked as done, its quiz passed, or its statement
confirmed) and, when it has exercises, each exercise is: a reply passed every check, or with
`done: review` a trainer reviewed one. It counts as done at the latest of these (the done rule,
course/domain/lesson_done.py).
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import NamedTuple
from zoneinfo import ZoneInfo

from course import clock
from course.content.values import Course, Module
from course.domain.assignments import Due, Person
from course.domain.facts import Done, Facts, People, Practised, read_facts, read_practice, read_progress
from course.domain.lesson_done import with_practice
from course.models import utcnow


class State(StrEnum):
    """Where a person stands in a module (its value is the word pages and CSV files show)."""

    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    COMPLETED = "completed"
    FAILED = "failed"
    OVERDUE = "overdue"
    DUE_AGAIN = "due again"


class Standing(NamedTuple):
    """One person in one module: lessons done, the assignment that counts, the state and its dates.

    A named tuple: a page of the matrix makes hundreds, a frozen dataclass costs five times more.
    """

    module_id: str
    title: str
    done: int
    total: int
    state: State
    due: Due | None  # the assignment that counts (None: not assigned)
    due_at: datetime | None  # when it is due: the assignment's date, or the date it is due again
    completed_at: datetime | None  # the last completion of every lesson (also when since expired); see standings_of's times
    valid_until: datetime | None  # when that completion expires (recertify_months); None: never

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    def late(self, now: datetime) -> bool:
        """Past the due date without a valid completion: overdue, or failed after the date (the overdue list)."""
        return self.state != State.COMPLETED and self.due_at is not None and self.due_at < now

    @property
    def expired(self) -> bool:
        """Whether the person completed the module once, but must again."""
        return self.completed_at is not None and self.state != State.COMPLETED


def add_months(day: date, months: int) -> date:
    """Return the same day `months` later; the month's last day when it has no such day (31 Jan + 1: 28/29 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def valid_until(module: Module, first_done: datetime | None, where: ZoneInfo | None = None) -> datetime | None:
    """When a completion expires: the end of the local day recertify_months after its first lesson; None if never."""
    if not module.recertify_months or first_done is None:
        return None
    where = where or clock.zone()
    return clock.end_of_local_day(add_months(clock.local_day(first_done, where), module.recertify_months), where)


def module_standing(module: Module, touched: bool, done: Done | None, failed: bool, due: Due | None,
                    now: datetime, where: ZoneInfo | None = None) -> Standing:
    """The rule: a person's state in one module from their facts (see the module docstring)."""
    total = len(module.lessons)
    count = done.count if done else 0
    due_at = due.due_at if due else None
    if done is not None and total and count >= total:
        until = valid_until(module, done.first_at, where)
        if until is None or now <= until:
            return Standing(module.id, module.title, count, total, State.COMPLETED, due, due_at, done.last_at, until)
        again = clock.due_after(until, module.due_days, where) if module.due_days is not None else None
        state = State.OVERDUE if again is not None and now > again else State.DUE_AGAIN
        return Standing(module.id, module.title, count, total, state, due, again, done.last_at, until)
    if done is not None and total and done.once >= total:
        # every lesson done once, but a confirmed text has changed since: to be confirmed again
        # (no due date: nobody knows when the text changed; an assignment's future date still counts)
        again = due_at if due_at is not None and due_at >= now else None
        return Standing(module.id, module.title, count, total, State.DUE_AGAIN, due, again, done.last_at, None)
    if failed:
        state = State.FAILED
    elif due_at is not None and due_at < now:
        state = State.OVERDUE
    else:
        state = State.IN_PROGRESS if touched else State.NOT_STARTED
    return Standing(module.id, module.title, count, total, state, due, due_at, None, None)


def standings(course: Course, person_id: int, facts: Facts, now: datetime,
              where: ZoneInfo | None = None, shared: dict[tuple, Standing] | None = None) -> tuple[Standing, ...]:
    """A person's standing in each module, in course order.

    shared: standings worked out already, by the facts they come from. The rule gives the same
    standing for the same facts, and people share them: most have no fact in most modules, and
    without completion times (standings_of's times) those who did as much share one too. A whole
    company's matrix is then a few hundred standings, not a million objects to build and free.
    """
    where = where or clock.zone()
    cells = []
    # as few lookups as can be: at 100,000 people these dicts outgrow the CPU's caches
    opened, failures, practised, dues = facts.opened, facts.failed, facts.practised, facts.dues.get(person_id) or {}
    for module in course.modules:
        key = (person_id, module.id)
        done, due = opened.get(key), dues.get(module.id)
        touched = done is not None
        failed = key in failures if failures else False
        if touched and practised and key in practised:  # lessons practised are lessons opened: progress rows
            done = with_practice(module, done, practised[key])
        if shared is None:
            cells.append(module_standing(module, touched, done, failed, due, now, where))
            continue
        same = (module.id, touched, done, failed, due)
        cell = shared.get(same)
        if cell is None:
            cell = shared[same] = module_standing(module, touched, done, failed, due, now, where)
        cells.append(cell)
    return tuple(cells)


def standings_of(course: Course, people: Sequence[Person], now: datetime | None = None, who: People | None = None,
                 facts: Facts | None = None, times: bool = True) -> dict[int, tuple[Standing, ...]]:
    """Each person's standings, in a fixed number of queries however many people there are.

    times: False where nobody reads when a module was completed (completed_at stays None unless the
    module has recertification; facts.read_progress).
    """
    now, where = now or utcnow(), clock.zone()
    facts = facts or read_facts(course, people, who, times=times)
    shared: dict[tuple, Standing] | None = {} if len(people) > 1 else None
    return {p.id: standings(course, p.id, facts, now, where, shared) for p in people}


def completion_is_every_lesson(course: Course) -> bool:
    """Whether "completed" is no more than every one of today's lessons completed, in every module.

    So it is without recertification (a completion that expires), confirmations (one that counts
    only for today's text) and exercises (done with their replies): the summary then counts
    completions from its completion times.
    """
    return not any(m.recertify_months or any(x.asks_confirmation or x.exercises for x in m.lessons)
                   for m in course.modules)


def completed_pairs(course: Course, who: People, now: datetime | None = None,
                    practised: Mapping[tuple[int, str], Sequence[Practised]] | None = None) -> list[tuple[int, str]]:
    """(person, module) pairs completed today, from progress alone: the rule's first branch needs nothing else.

    For counts over a whole company (the summary, completion by department), which need no due
    dates, no used-up quizzes and none of the other modules. practised: read_practice's answer for
    the same people, when the caller has it already.
    """
    now, where = now or utcnow(), clock.zone()
    modules = {m.id: m for m in course.modules}
    found = []
    done_of = read_progress(course, who, times=False)
    practised = read_practice(course, who) if practised is None else practised
    for key, row in practised.items():
        if key[1] in modules:
            done_of[key] = with_practice(modules[key[1]], done_of.get(key), row)
    for (person_id, module_id), done in done_of.items():
        module = modules.get(module_id)
        if module is not None and done is not None and done.count >= len(module.lessons) and \
                module_standing(module, True, done, False, None, now, where).state == State.COMPLETED:
            found.append((person_id, module_id))
    return found


def person_standing(course: Course, person: Person, now: datetime | None = None) -> dict[str, Standing]:
    """One person's standing per module id (the dashboard, the module page, the certificate)."""
    return {s.module_id: s for s in standings_of(course, [person], now)[person.id]}


def assigned_first(standings: Sequence[Standing], now: datetime) -> list[Standing]:
    """What is assigned (or due again), open ones first and soonest due first."""
    shown = [s for s in standings if s.due is not None or s.due_at is not None]
    return sorted(shown, key=lambda s: (s.state == State.COMPLETED, s.due_at is None, s.due_at or now, s.title))


def renewal_cutoff(standing: Standing) -> datetime | None:
    """Lesson completions up to this time do not count towards the next round (None: no round is open)."""
    return standing.valid_until if standing.expired else None


def expired_round(standing: Standing) -> tuple[datetime, datetime] | None:
    """The expired round to keep in the history (completed, valid until), until its first lesson is renewed.

    Once a lesson of the new round is done, the standing's times mix both rounds (the first renewed
    lesson is the last completion), and the round is in the history already.
    """
    cutoff = renewal_cutoff(standing)
    if cutoff is None or standing.completed_at is None or standing.completed_at > cutoff:
        return None
    return standing.completed_at, cutoff


def counts_now(completed_at: datetime | None, module: Standing | None) -> bool:
    """Whether a lesson completion counts in its module's current round: once due again, only one done since."""
    cutoff = renewal_cutoff(module) if module is not None else None
    return completed_at is not None and (cutoff is None or completed_at > cutoff)


def lessons_done(standing: dict[str, Standing], completed: dict[tuple[str, str], datetime]) -> set[tuple[str, str]]:
    """The lessons that count in their module's current round (counts_now)."""
    return {key for key, at in completed.items() if counts_now(at, standing.get(key[0]))}

