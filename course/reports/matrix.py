"""The people × modules matrix (one page at a time) and the overdue list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peewee import SQL, fn

from course import clock
from course.content.values import Course
from course.db import Prepared, param
from course.domain.facts import all_dues, read_facts
from course.domain.standing import Standing, standings_of
from course.models import User, read_datetime, utcnow
from course.reports.common import EVERYONE, PERSON_COLUMNS, PersonRow, Scope, fetch_raw, scoped, whole_company
from course.reports.filters import NO_FILTER, PeopleFilter

PAGE_SIZE = 50


_created = read_datetime  # a person's creation time, as the matrix reads 100,000 of them



@dataclass(frozen=True)
class MatrixRow:
    person: PersonRow
    cells: tuple[Standing, ...]


@dataclass(frozen=True)
class Matrix:
    """One page of people, each with a cell per module."""

    modules: tuple[tuple[str, str], ...]  # (id, title)
    rows: tuple[MatrixRow, ...]
    page: int
    pages: int
    total: int
    headers: tuple[str, ...] = ()  # each module's short_title (or title), for the column headers


def _people(scope: Scope):
    # by last name (User.sort_name, migration 0011): how people look each other up in a long list
    return scoped(User.select(*PERSON_COLUMNS), scope).order_by(User.sort_name, User.id)


# built once per scope (the department is part of the SQL), run with each page's window
_COUNT = Prepared(lambda scope: scoped(User.select(fn.COUNT(SQL("*"))), scope))
_PAGE = Prepared(lambda scope: _people(scope).limit(param("limit")).offset(param("offset")))


def matrix(course: Course, scope: Scope = EVERYONE, page: int = 1, per_page: int = PAGE_SIZE,
           now: datetime | None = None, found: PeopleFilter = NO_FILTER) -> Matrix:
    """Return one page of the matrix, people sorted by last name; the same few queries for any company size."""
    if found:
        return _filtered_page(course, scope, page, per_page, now, found)
    total = _COUNT.raw((scope,))[0][0] or 0
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    people = _person_rows(_PAGE.raw((scope,), limit=per_page, offset=(page - 1) * per_page))
    cells = standings_of(course, people, now, times=False)  # states, lessons done, due dates: not when
    rows = tuple(MatrixRow(p, cells[p.id]) for p in people)
    return Matrix(tuple((m.id, m.title) for m in course.modules), rows, page, pages, total, _headers(course))


def _filtered_page(course: Course, scope: Scope, page: int, per_page: int, now: datetime | None,
                   found: PeopleFilter) -> Matrix:
    rows = full_matrix(course, scope, now, found)
    pages = max(1, -(-len(rows) // per_page))
    page = min(max(page, 1), pages)
    shown = tuple(rows[(page - 1) * per_page : page * per_page])
    return Matrix(tuple((m.id, m.title) for m in course.modules), shown, page, pages, len(rows), _headers(course))


def _headers(course: Course) -> tuple[str, ...]:
    return tuple(m.header for m in course.modules)


def _person_rows(rows: list[tuple]) -> list[PersonRow]:
    return [PersonRow(uid, name, email, department, bool(active), _created(created))
            for uid, name, email, department, active, created in rows]


@whole_company
def full_matrix(course: Course, scope: Scope = EVERYONE, now: datetime | None = None,
                found: PeopleFilter = NO_FILTER) -> list[MatrixRow]:
    """Return every row of the matrix (those the filter finds), people sorted by last name."""
    people, cells = everyone(course, scope, now, found)
    return [MatrixRow(person, cells[person.id]) for person in people
            if found.keeps(cell.state for cell in cells[person.id])]


@whole_company
def matrix_states(course: Course, scope: Scope = EVERYONE, now: datetime | None = None,
                  found: PeopleFilter = NO_FILTER) -> list[tuple]:
    """Return every row of the matrix as (person, states in module order), for the CSV."""
    people, cells = everyone(course, scope, now, found)  # no MatrixRow: a frozen dataclass costs a microsecond each
    rows = [(person, tuple(cell.state for cell in cells[person.id])) for person in people]
    return [row for row in rows if found.keeps(row[1])] if found.state else rows


@whole_company
def everyone(course: Course, scope: Scope, now: datetime | None = None, found: PeopleFilter = NO_FILTER):
    """Read everyone in scope (whom the search finds) and their standings in one go: the same queries for any size."""
    people = _person_rows(fetch_raw(_people(scope)))
    if found.search:
        people = [p for p in people if found.finds(p.name, p.email)]
    facts = read_facts(course, people, scoped(User.select(User.id), scope), all_dues(course, people), times=False)
    return people, standings_of(course, people, now, facts=facts)


@dataclass(frozen=True)
class OverdueRow:
    """One person behind on one module."""

    person: PersonRow
    module_id: str
    module_title: str
    due_at: datetime
    source: str  # person | department | mandatory | recertification

    def days_overdue(self, now: datetime) -> int:
        """Count local calendar days since the due date (due on the 31st, read on the 1st: one day)."""
        where = clock.zone()
        return (clock.local_day(now, where) - clock.local_day(self.due_at, where)).days


@whole_company
def overdue(course: Course, scope: Scope = EVERYONE, now: datetime | None = None,
            found: PeopleFilter = NO_FILTER) -> list[OverdueRow]:
    """List who is past a due date without a valid completion (standing.late), longest overdue first."""
    now = now or utcnow()
    people, cells = everyone(course, scope, now, found)
    people = [p for p in people if found.keeps(cell.state for cell in cells[p.id])]
    rows = [OverdueRow(person, cell.module_id, cell.title, cell.due_at, "recertification" if cell.expired else cell.due.source)
            for person in people for cell in cells[person.id] if cell.late(now)]
    return sorted(rows, key=lambda r: (r.due_at, r.person.name, r.module_id))
