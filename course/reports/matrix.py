"""The people × modules matrix (one page at a time) and the overdue list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from course.assignments import resolve_dues
from course.content.values import Course
from course.models import Assignment, User, utcnow
from course.reports.common import EVERYONE, Cell, Scope, completed_pairs, module_cells, scoped

PAGE_SIZE = 50


@dataclass(frozen=True)
class MatrixRow:
    person: User
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
    query = scoped(User.select(), scope).order_by(User.name, User.id)
    total = query.count()
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    people = list(query.paginate(page, per_page))
    cells = module_cells(course, people, now)
    rows = tuple(MatrixRow(p, tuple(cells[p.id][m.id] for m in course.modules)) for p in people)
    return Matrix(tuple((m.id, m.title) for m in course.modules), rows, page, pages, total)


def full_matrix(course: Course, scope: Scope = EVERYONE, now: datetime | None = None) -> list[MatrixRow]:
    """Return every row of the matrix (for the CSV), read a page at a time."""
    first = matrix(course, scope, 1, 500, now)
    rows = list(first.rows)
    for page in range(2, first.pages + 1):
        rows += matrix(course, scope, page, 500, now).rows
    return rows


@dataclass(frozen=True)
class OverdueRow:
    """One person behind on one module."""

    person: User
    module_id: str
    module_title: str
    due_at: datetime
    source: str

    def days_overdue(self, now: datetime) -> int:
        return (now - self.due_at).days


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
