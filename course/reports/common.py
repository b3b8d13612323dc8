"""What every report shares: who counts (scope), people as plain rows, today's lessons as SQL."""

from __future__ import annotations

import functools
import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, ParamSpec, TypeVar

from peewee import Case, Expression, Field, ModelSelect, fn

from course.content.values import Course
from course.db import database
from course.domain.sql_lists import one_of
from course.models import LessonProgress, User

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(frozen=True)
class Scope:
    """Who a report counts: one department or all, and whether deactivated people too."""

    department: str | None = None
    include_inactive: bool = False


EVERYONE = Scope()


def scoped(query: ModelSelect, scope: Scope) -> ModelSelect:
    """Restrict a query that selects or joins User to the people in scope."""
    if not scope.include_inactive:
        # the flag itself, not `active = ?`: SQLite's planner guesses a bound value keeps a quarter of
        # the rows and then walks the people one by one (the summary's started count 3x slower);
        # a bare flag (or `= 1`) it takes for the mostly-true column it is (tests/test_indexes.py)
        query = query.where(User.active)
    if scope.department is not None:
        query = query.where(User.department == scope.department)
    return query


def in_scope(person: Field, scope: Scope) -> Expression:
    """Match rows whose person (a User foreign key) is in scope, without joining each row to its person.

    A join looks every row's person up in the table, in the rows' order: at 100,000 people a
    lesson's attempts took 33 times as long as at 10,000. `IN (people in scope)` reads the people
    once, from the name index that carries `active`.
    """
    if scope == Scope(None, include_inactive=True):
        return person.is_null(False)
    return person.in_(scoped(User.select(User.id), scope))


class PersonRow(NamedTuple):
    """A person as the matrix reads them: plain values, no model instance."""

    id: int
    name: str
    email: str
    department: str
    active: bool
    created_at: datetime


PERSON_COLUMNS = (User.id, User.name, User.email, User.department, User.active, User.created_at)


def fetch_raw(query: ModelSelect) -> list:
    """Return the rows as the driver gives them: peewee's per-row conversion costs more than SQLite."""
    return database.execute_sql(*query.sql()).fetchall()


class _Collector:
    """Python's cycle collector, paused while any thread of the process builds a whole company's rows."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._reports = 0
        self._was_enabled = False

    @contextmanager
    def paused(self) -> Iterator[None]:
        with self._lock:
            if self._reports == 0:
                self._was_enabled = gc.isenabled()
                gc.disable()
            self._reports += 1
        try:
            yield
        finally:
            with self._lock:
                self._reports -= 1
                if self._reports == 0 and self._was_enabled:
                    gc.enable()


_COLLECTOR = _Collector()


def whole_company(report: Callable[P, R]) -> Callable[P, R]:
    """Run a report over everyone in scope with Python's cycle collector paused.

    A whole company's standings are hundreds of thousands of small tuples, and each of the
    collector's full passes walks every object alive: at 100,000 people a third of the CPU time of
    the overdue list and the CSV, a share that grows with the company. Nothing these reports build
    refers to itself, so reference counting frees it all as before; the collector resumes when the
    last such report running in the process is done.
    """
    @functools.wraps(report)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with _COLLECTOR.paused():
            return report(*args, **kwargs)

    return run


def count_true(condition: Expression) -> fn:
    """Count the rows where condition holds (portable: no SUM over booleans)."""
    return fn.SUM(Case(None, [(condition, 1)], 0))


def current_lessons(course: Course, model=LessonProgress, quizzes_only: bool = False) -> Expression | None:
    """Match rows of today's lessons (or today's quiz lessons); None when there are none.

    One CASE on the module, then its lesson list: as `(module = ? AND lesson IN (...)) OR ...` SQLite
    answers it through the (module, lesson) index and then fetches every matching row from the
    table in random order (2 s at 100,000 people, 20x the time at 10,000), where a scan of the
    covering index in person order reads each page once and groups without sorting. Each lesson
    list is one parameter (sql_lists.one_of), so the statement stays small for any course.
    """
    lists = []
    for module in course.modules:
        ids = [lesson.id for lesson in module.lessons if lesson.has_quiz or not quizzes_only]
        if ids:
            lists.append((module.id, Case(None, [(one_of(model.lesson_id, ids), 1)], 0)))
    return Case(model.module_id, lists, 0) == 1 if lists else None


def lessons_per_module(course: Course, model=LessonProgress, quizzes_only: bool = False) -> Case:
    """SQL for the number of today's lessons (or quiz lessons) in the row's module."""
    counts = [(m.id, sum(1 for x in m.lessons if x.has_quiz or not quizzes_only)) for m in course.modules]
    return Case(model.module_id, counts or [("", 0)], 0)


def departments() -> list[str]:
    """Return every department that has people, sorted."""
    query = User.select(User.department).where(User.department != "").distinct().order_by(User.department)
    return [row[0] for row in query.tuples()]
