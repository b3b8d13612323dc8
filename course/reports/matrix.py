"""The people × modules matrix (one page at a time) and the overdue list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peewee import SQL, fn

from course import clock
from course.content.values import Course
from course.domain.assignments import resolve_dues
from course.models import Assignment, User, utcnow
from course.reports.common import (
    EVERYONE,
    PERSON_COLUMNS,
    Cell,
    PersonRow,
    Scope,
    cells,
    completed_pairs,
    fetch_raw,
    read_facts,
    run_compiled,
    scoped,
    states,
)

PAGE_SIZE = 50
_created = User.created_at.python_value  # what peewee does to a value it reads itself


@dataclass(frozen=True)
class MatrixRow:
    person: PersonRow
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Matrix:
    """One page of people, each with a cell per module."""

    modules: tuple[tuple[str, str], ...]  # (id, title)
    rows: tuple[MatrixRow, ...]
    page: int
    pages: int
    total: int


def matrix(course: Course, scope: Scope = EVERYONE, page: int = 1, per_page: int = PAGE_SIZE,
           now: datetime | None = None) -> Matrix:
    """Return one page of the matrix, people sorted by name; the same few queries for any company size."""
    count = run_compiled(("count", scope), lambda _: scoped(User.select(fn.COUNT(SQL("*"))), scope), [])
    total = count[0][0] or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    window = [per_page, (page - 1) * per_page] if page > 1 else [per_page]  # peewee leaves out OFFSET 0
    rows = run_compiled(("people", scope), lambda w: _people(scope).limit(w[0]).offset(w[1] if len(w) > 1 else None), window)
    people = _person_rows(rows)
    facts, now = read_facts(course, people), now or utcnow()
    rows = tuple(MatrixRow(p, cells(course, p, facts, now)) for p in people)
    return Matrix(tuple((m.id, m.title) for m in course.modules), rows, page, pages, total)


def _person_rows(rows: list[tuple]) -> list[PersonRow]:
    return [PersonRow(uid, name, email, department, bool(active), _created(created))
            for uid, name, email, department, active, created in rows]


def _people(scope: Scope):
    return scoped(User.select(*PERSON_COLUMNS), scope).order_by(User.name, User.id)


def full_matrix(course: Course, scope: Scope = EVERYONE, now: datetime | None = None) -> list[MatrixRow]:
    """Return every row of the matrix, people sorted by name."""
    people, facts = _everyone(course, scope)
    now = now or utcnow()
    return [MatrixRow(person, cells(course, person, facts, now)) for person in people]


def matrix_states(course: Course, scope: Scope = EVERYONE, now: datetime | None = None) -> list[tuple]:
    """Return every row of the matrix as (person, states in module order), for the CSV."""
    people, facts = _everyone(course, scope)
    now = now or utcnow()
    return [(person, states(course, person, facts, now)) for person in people]


def _everyone(course: Course, scope: Scope):
    """Read everyone in scope and their cells' facts in one go: the same queries for any company size."""
    people = _person_rows(fetch_raw(_people(scope)))
    who = scoped(User.select(User.id), scope)
    return people, read_facts(course, people, who, resolve_dues(course, people, Assignment.select()))


@dataclass(frozen=True)
class OverdueRow:
    """One person behind on one module."""

    person: User
    module_id: str
    module_title: str
    due_at: datetime
    source: str

    def days_overdue(self, now: datetime) -> int:
        """Count calendar days in the local zone: due on the 31st and read on the 1st is one day late."""
        return (clock.local_day(now) - clock.local_day(self.due_at)).days


def overdue(course: Course, scope: Scope = EVERYONE, now: datetime | None = None) -> list[OverdueRow]:
    """List who is past a due date without having completed the module, longest overdue first."""
    now = now or utcnow()
    people = list(scoped(User.select(), scope))
    dues = resolve_dues(course, people, Assignment.select())
    late = {key: due for key, due in dues.items() if due.due_at is not None and due.due_at < now}
    if not late:
        return []
    pairs = completed_pairs(course)
    finished = set(scoped(pairs.join(User), scope).tuples()) if pairs is not None else set()
    by_id = {p.id: p for p in people}
    titles = {m.id: m.title for m in course.modules}
    rows = [OverdueRow(by_id[uid], mid, titles[mid], due.due_at, due.source)
            for (uid, mid), due in late.items() if (uid, mid) not in finished]
    return sorted(rows, key=lambda r: (r.due_at, r.person.name, r.module_id))
