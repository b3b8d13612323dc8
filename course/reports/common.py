"""What every report shares: who counts (scope), today's lessons as SQL, and per-module cells."""

from __future__ import annotations

import operator
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import reduce

from peewee import Case, Expression, ModelSelect, fn

from course.assignments import Due, Person, load_dues, module_state
from course.content.values import Course
from course.models import LessonProgress, QuizAttempt, User, utcnow


@dataclass(frozen=True)
class Scope:
    """Who a report counts: one department or all, and whether deactivated people too."""

    department: str | None = None
    include_inactive: bool = False


EVERYONE = Scope()


def scoped(query: ModelSelect, scope: Scope) -> ModelSelect:
    """Restrict a query that selects or joins User to the people in scope."""
    if not scope.include_inactive:
        query = query.where(User.active == True)  # noqa: E712
    if scope.department is not None:
        query = query.where(User.department == scope.department)
    return query


def count_true(condition: Expression) -> fn:
    """Count the rows where condition holds (portable: no SUM over booleans)."""
    return fn.SUM(Case(None, [(condition, 1)], 0))


def current_lessons(course: Course, model=LessonProgress, quizzes_only: bool = False) -> Expression | None:
    """Match rows of today's lessons (or today's quiz lessons); None when there are none."""
    parts = []
    for module in course.modules:
        ids = [lesson.id for lesson in module.lessons if lesson.has_quiz or not quizzes_only]
        if ids:
            parts.append((model.module_id == module.id) & model.lesson_id.in_(ids))
    return reduce(operator.or_, parts) if parts else None


def lessons_per_module(course: Course, model=LessonProgress, quizzes_only: bool = False) -> Case:
    """SQL for the number of today's lessons (or quiz lessons) in the row's module."""
    counts = [(m.id, sum(1 for x in m.lessons if x.has_quiz or not quizzes_only)) for m in course.modules]
    return Case(model.module_id, counts or [("", 0)], 0)


def completed_pairs(course: Course) -> ModelSelect | None:
    """Query (user, module_id) of everyone who completed every lesson of a module today."""
    current = current_lessons(course)
    if current is None:
        return None
    return (
        LessonProgress.select(LessonProgress.user, LessonProgress.module_id)
        .where(current & LessonProgress.completed_at.is_null(False))
        .group_by(LessonProgress.user, LessonProgress.module_id)
        .having(fn.COUNT(LessonProgress.id) == lessons_per_module(course))
    )


@dataclass(frozen=True)
class Cell:
    """One person in one module: lessons done, the assignment that counts, and the state."""

    module_id: str
    title: str
    done: int
    total: int
    state: str
    due: Due | None

    @property
    def due_at(self) -> datetime | None:
        return self.due.due_at if self.due else None


def module_cells(course: Course, people: Sequence[Person], now: datetime | None = None) -> dict[int, dict[str, Cell]]:
    """Return each person's cell per module, in four queries however many people there are."""
    now = now or utcnow()
    ids = [p.id for p in people]
    touched, done = _progress_counts(course, ids)
    failed = _failed_pairs(course, ids)
    dues = load_dues(course, people)
    cells: dict[int, dict[str, Cell]] = {}
    for person in people:
        row = {}
        for module in course.modules:
            key = (person.id, module.id)
            due = dues.get(key)
            state = module_state(done.get(key, 0), len(module.lessons), key in touched, key in failed,
                                 due.due_at if due else None, now)
            row[module.id] = Cell(module.id, module.title, done.get(key, 0), len(module.lessons), state, due)
        cells[person.id] = row
    return cells


def _progress_counts(course: Course, ids: list[int]) -> tuple[set[tuple[int, str]], dict[tuple[int, str], int]]:
    current = current_lessons(course)
    if not ids or current is None:
        return set(), {}
    done_today = count_true(current & LessonProgress.completed_at.is_null(False))
    rows = (
        LessonProgress.select(LessonProgress.user, LessonProgress.module_id, done_today)
        .where(LessonProgress.user.in_(ids))
        .group_by(LessonProgress.user, LessonProgress.module_id)
        .tuples()
    )
    touched, done = set(), {}
    for user_id, module_id, finished in rows:
        touched.add((user_id, module_id))
        done[(user_id, module_id)] = int(finished or 0)
    return touched, done


def _failed_pairs(course: Course, ids: Iterable[int]) -> set[tuple[int, str]]:
    """(person, module) where a quiz's attempts are used up without a pass."""
    limits = {(m.id, x.id): x.settings.max_attempts for m in course.modules for x in m.lessons
              if x.has_quiz and x.settings.max_attempts}
    ids = list(ids)
    if not limits or not ids:
        return set()
    rows = (
        QuizAttempt.select(QuizAttempt.user, QuizAttempt.module_id, QuizAttempt.lesson_id, fn.COUNT(QuizAttempt.id),
                           fn.MAX(Case(None, [(QuizAttempt.passed == True, 1)], 0)))  # noqa: E712
        .where(QuizAttempt.user.in_(ids) & QuizAttempt.submitted_at.is_null(False))
        .group_by(QuizAttempt.user, QuizAttempt.module_id, QuizAttempt.lesson_id)
        .tuples()
    )
    return {(u, m) for u, m, lesson, used, passed in rows if not passed and used >= limits.get((m, lesson), used + 1)}


def departments() -> list[str]:
    """Return every department that has people, sorted."""
    query = User.select(User.department).where(User.department != "").distinct().order_by(User.department)
    return [row[0] for row in query.tuples()]
