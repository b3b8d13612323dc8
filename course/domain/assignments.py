"""Assigned modules: to a person or a department with a due date, and mandatory ones for everyone.

Which assignment counts for a person and module, most specific first: their own, then their
department's, then the module being mandatory (due `due_days` after the account was created).
Assigning a module to the same person or department again replaces the due date.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from peewee import JOIN

from course import clock
from course.content.messages import N_, Message
from course.content.values import Course, Module
from course.db import database
from course.models import Assignment, User, utcnow


class Person(Protocol):
    id: int
    department: str
    created_at: datetime


@dataclass(frozen=True)
class Due:
    """The assignment that counts for one person and module."""

    module_id: str
    assigned_at: datetime
    due_at: datetime | None
    source: str  # person | department | mandatory


class AssignmentError(ValueError):
    """An assignment that cannot be made; the message is for the admin."""


def due_date(module: Module, assigned_at: datetime, due_at: datetime | None,
             where: ZoneInfo | None = None) -> datetime | None:
    """Return the explicit due date, else the end of the local day due_days after assigned_at, else None."""
    if due_at is not None:
        return due_at
    if module.due_days is not None:
        return clock.due_after(assigned_at, module.due_days, where)
    return None


def assign(module: Module, by: User | None, *, user: User | None = None, department: str | None = None,
           due_at: datetime | None = None, now: datetime | None = None) -> Assignment:
    """Assign a module to one person or one department; assigning again replaces the due date."""
    if (user is None) == (not department):
        raise AssignmentError(N_("Choose either one person or one department."))
    now = now or utcnow()
    due = due_date(module, now, due_at)
    target = (Assignment.user == user) if user is not None else (Assignment.department == department)
    with database.atomic():
        existing = Assignment.get_or_none((Assignment.module_id == module.id) & target)
        if existing is not None:
            Assignment.update(assigned_at=now, due_at=due, assigned_by=by).where(Assignment.id == existing.id).execute()
            return Assignment.get_by_id(existing.id)
        return Assignment.create(module_id=module.id, user=user, department=department or None,
                                 assigned_at=now, due_at=due, assigned_by=by)


def unassign(assignment_id: int) -> bool:
    """Remove one assignment; return whether it existed."""
    with database.atomic():
        return Assignment.delete().where(Assignment.id == assignment_id).execute() > 0


def all_assignments() -> list[Assignment]:
    """Return every assignment with its person (if any), by module, department, then name."""
    return list(
        Assignment.select(Assignment, User)
        .join(User, JOIN.LEFT_OUTER, on=(Assignment.user == User.id))
        .order_by(Assignment.module_id, Assignment.department, User.name, Assignment.id)
    )


def resolve_dues(course: Course, people: Iterable[Person], rows: Iterable[Assignment]) -> dict[tuple[int, str], Due]:
    """Pick the assignment that counts per (person id, module id): own, department, mandatory."""
    return {(person_id, module_id): due for person_id, dues in dues_by_person(course, people, rows).items()
            for module_id, due in dues.items()}


def dues_by_person(course: Course, people: Iterable[Person], rows: Iterable[Assignment]) -> dict[int, Mapping[str, Due]]:
    """Pick the assignment that counts per person and module id: own, department, mandatory.

    Everyone whom only their department's assignments apply to shares that department's mapping:
    a whole company is 100,000 people, and a pair (person, module) each is as many objects to
    build, look up and free again.
    """
    personal: dict[tuple[int, str], Assignment] = {}
    departmental: dict[tuple[str, str], Assignment] = {}
    for row in rows:
        if row.user_id is not None:
            personal[(row.user_id, row.module_id)] = row
        elif row.department:
            departmental[(row.department, row.module_id)] = row
    own: dict[int, dict[str, Due]] = {}
    theirs: dict[str, dict[str, Due]] = {}
    known = {m.id for m in course.modules}
    for (department, module_id), row in departmental.items():
        if module_id in known:
            theirs.setdefault(department, {})[module_id] = Due(module_id, row.assigned_at, row.due_at, "department")
    for (user_id, module_id), row in personal.items():
        if module_id in known:
            own.setdefault(user_id, {})[module_id] = Due(module_id, row.assigned_at, row.due_at, "person")
    mandatory = [m for m in course.modules if m.mandatory]
    found: dict[int, Mapping[str, Due]] = {}
    where = clock.zone()  # once, not per person
    for person in people:
        department, mine = theirs.get(person.department), own.get(person.id)
        if not mine and not mandatory:
            if department:
                found[person.id] = department  # shared, never changed
            continue
        dues = {**(department or {}), **(mine or {})}  # own beats the department's
        for module in mandatory:
            if module.id not in dues:
                dues[module.id] = Due(module.id, person.created_at, due_date(module, person.created_at, None, where), "mandatory")
        if dues:
            found[person.id] = dues
    return found


def assign_from_form(course: Course, form, by: User | None) -> tuple[Assignment | None, Message | None]:
    """Read the admin's assignment form (module, department or email, due date) and assign; or say what is wrong."""
    module = course.module(form.get("module_id", ""))
    if module is None:
        return None, N_("Choose a module.")
    email = (form.get("email") or "").strip().lower()
    department = " ".join((form.get("department") or "").split())
    user = None
    if email:
        user = User.get_or_none((User.email == email) & (User.active == True))  # noqa: E712
        if user is None:
            return None, N_("There is no active account for %(email)s.", email=email)
    try:
        due_at = _read_date(form.get("due", ""))
        return assign(module, by, user=user, department=department or None, due_at=due_at), None
    except AssignmentError as problem:
        return None, problem.args[0]


def _read_date(text: str) -> datetime | None:
    """Read YYYY-MM-DD as the end of that day in KURS_TIMEZONE (due on the 31st: the 31st still counts)."""
    if not text.strip():
        return None
    try:
        day = datetime.strptime(text.strip(), "%Y-%m-%d").date()
    except ValueError:
        raise AssignmentError(N_("Enter the due date as YYYY-MM-DD, or leave it empty.")) from None
    return clock.end_of_local_day(day)
