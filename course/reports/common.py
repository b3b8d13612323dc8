"""What every report shares: who counts (scope), today's lessons as SQL, and per-module cells."""

from __future__ import annotations

import operator
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from typing import NamedTuple

from peewee import Case, Expression, ModelSelect, fn

from course.content.values import Course
from course.db import database
from course.domain.assignments import Due, Person, module_state, resolve_dues
from course.models import Assignment, LessonProgress, QuizAttempt, User, utcnow


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


class PersonRow(NamedTuple):
    """A person as the matrix reads them: plain values, no model instance."""

    id: int
    name: str
    email: str
    department: str
    active: bool
    created_at: datetime


PERSON_COLUMNS = (User.id, User.name, User.email, User.department, User.active, User.created_at)

# Who a per-person query reads: these ids, or a subquery of User ids (a whole scope).
People = list[int] | ModelSelect

# key -> (weak reference to the course the SQL was built for, SQL, leading parameters); weak, so a
# reloaded course is not kept alive by the SQL of the one before
_COMPILED: dict[tuple, tuple[Callable[[], Course | None], str, list]] = {}


def _nothing() -> None:
    return None


def run_compiled(key: tuple, build: Callable[[list], ModelSelect], tail: list, course: Course | None = None) -> list:
    """Run build(tail) and return its rows as the driver gives them, compiling the SQL once per key.

    Peewee takes longer to build SQL (today's lesson lists above all) than SQLite takes to run it,
    and the matrix asks the same questions page after page. tail must be the query's last
    parameters; whatever else shapes the query belongs in key, or is the course.
    """
    full_key = (key, len(tail), type(database.obj), id(course))
    cached = _COMPILED.get(full_key)
    if cached is None or cached[0]() is not course:
        sql, params = build(tail).sql()
        head = len(params) - len(tail)
        if params[head:] != list(tail):
            raise ValueError(f"{key[0]}: the values that change must be the query's last parameters")
        if len(_COMPILED) > 256:  # old courses (after a reload), odd page sizes, many departments
            _COMPILED.clear()
        owner = _nothing if course is None else weakref.ref(course)
        cached = _COMPILED[full_key] = (owner, sql, params[:head])
    return database.execute_sql(cached[1], [*cached[2], *tail]).fetchall()


def fetch_raw(query: ModelSelect) -> list:
    """Return the rows as the driver gives them: peewee's per-row conversion costs more than SQLite."""
    return database.execute_sql(*query.sql()).fetchall()


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


class Cell(NamedTuple):
    """One person in one module: lessons done, the assignment that counts, and the state.

    A named tuple: a page of the matrix makes hundreds, a frozen dataclass costs five times more.
    """

    module_id: str
    title: str
    done: int
    total: int
    state: str
    due: Due | None

    @property
    def due_at(self) -> datetime | None:
        return self.due.due_at if self.due else None


@dataclass(frozen=True)
class Facts:
    """What the cells of some people are made of, read in a fixed number of queries."""

    touched: set[tuple[int, str]]
    done: dict[tuple[int, str], int]
    failed: set[tuple[int, str]]
    dues: dict[tuple[int, str], Due]


def read_facts(course: Course, people: Sequence[Person], who: People | None = None,
               dues: dict[tuple[int, str], Due] | None = None) -> Facts:
    """Read progress, used-up quizzes and due dates of people (by their ids unless who says otherwise)."""
    who = [p.id for p in people] if who is None else who
    touched, done = _progress_counts(course, who)
    return Facts(touched, done, _failed_pairs(course, who), _dues(course, people) if dues is None else dues)


class AssignmentRow(NamedTuple):
    user_id: int | None
    module_id: str
    department: str | None
    assigned_at: datetime
    due_at: datetime | None


def _dues(course: Course, people: Sequence[Person]) -> dict[tuple[int, str], Due]:
    """Pick the assignment that counts per (person, module) as load_dues does, from tuples (no models)."""
    ids, departments = [p.id for p in people], sorted({p.department for p in people if p.department})
    rows = [AssignmentRow(user_id, module_id, department, _datetime(assigned_at), _datetime(due_at))
            for user_id, module_id, department, assigned_at, due_at
            in (run_compiled(("dues",), _assignments_of, ids) if ids else [])
            + (run_compiled(("department dues",), _assignments_of_departments, departments) if departments else [])]
    return resolve_dues(course, people, rows)


ASSIGNMENT_COLUMNS = (Assignment.user, Assignment.module_id, Assignment.department, Assignment.assigned_at,
                      Assignment.due_at)
_datetime = Assignment.due_at.python_value  # what peewee does to a value it reads itself


def _assignments_of(ids: list[int]) -> ModelSelect:
    return Assignment.select(*ASSIGNMENT_COLUMNS).where(Assignment.user.in_(ids))


def _assignments_of_departments(departments: list[str]) -> ModelSelect:
    return Assignment.select(*ASSIGNMENT_COLUMNS).where(Assignment.department.in_(departments))


def states(course: Course, person: Person, facts: Facts, now: datetime) -> tuple[str, ...]:
    """Return a person's state in each module, in course order."""
    return tuple(_state(module, (person.id, module.id), facts, now) for module in course.modules)


def _state(module, key: tuple[int, str], facts: Facts, now: datetime) -> str:
    due = facts.dues.get(key)
    return module_state(facts.done.get(key, 0), len(module.lessons), key in facts.touched, key in facts.failed,
                        due.due_at if due else None, now)


def cells(course: Course, person: Person, facts: Facts, now: datetime) -> tuple[Cell, ...]:
    """Return a person's cell in each module, in course order."""
    row = []
    for module in course.modules:
        key = (person.id, module.id)
        done, due = facts.done.get(key, 0), facts.dues.get(key)
        state = module_state(done, len(module.lessons), key in facts.touched, key in facts.failed,
                             due.due_at if due else None, now)
        row.append(Cell(module.id, module.title, done, len(module.lessons), state, due))
    return tuple(row)


def module_cells(course: Course, people: Sequence[Person], now: datetime | None = None) -> dict[int, dict[str, Cell]]:
    """Return each person's cell per module, in four queries however many people there are."""
    now = now or utcnow()
    facts = read_facts(course, people)
    return {p.id: {cell.module_id: cell for cell in cells(course, p, facts, now)} for p in people}


def _progress_query(course: Course, who: People) -> ModelSelect:
    return (LessonProgress.select(LessonProgress.user, LessonProgress.module_id, fn.SUM(_done_today(course)))
            .where(LessonProgress.user.in_(who))
            .group_by(LessonProgress.user, LessonProgress.module_id))


def _done_today(course: Course) -> Case:
    """SQL: 1 for a completed row of one of today's lessons, else 0.

    Unfinished rows are settled first, and a row meets only its own module's lesson list: a
    third faster than current_lessons() on a page of the matrix.
    """
    lists = [(m.id, Case(None, [(LessonProgress.lesson_id.in_([x.id for x in m.lessons]), 1)], 0))
             for m in course.modules if m.lessons]
    return Case(None, [(LessonProgress.completed_at.is_null(), 0)], Case(LessonProgress.module_id, lists, 0))


def _progress_counts(course: Course, who: People) -> tuple[set[tuple[int, str]], dict[tuple[int, str], int]]:
    if (isinstance(who, list) and not who) or not any(m.lessons for m in course.modules):
        return set(), {}
    if isinstance(who, list):
        rows = run_compiled(("progress",), lambda ids: _progress_query(course, ids), who, course)
    else:
        rows = fetch_raw(_progress_query(course, who))
    touched, done = set(), {}
    for user_id, module_id, finished in rows:
        touched.add((user_id, module_id))
        done[(user_id, module_id)] = int(finished or 0)
    return touched, done


def _failed_pairs(course: Course, who: People) -> set[tuple[int, str]]:
    """(person, module) where a quiz's attempts are used up without a pass."""
    limits = {(m.id, x.id): x.settings.max_attempts for m in course.modules for x in m.lessons
              if x.has_quiz and x.settings.max_attempts}
    if not limits or (isinstance(who, list) and not who):
        return set()
    rows = (
        QuizAttempt.select(QuizAttempt.user, QuizAttempt.module_id, QuizAttempt.lesson_id, fn.COUNT(QuizAttempt.id),
                           fn.MAX(Case(None, [(QuizAttempt.passed == True, 1)], 0)))  # noqa: E712
        .where(QuizAttempt.submitted_at.is_null(False) & QuizAttempt.user.in_(who))
        .group_by(QuizAttempt.user, QuizAttempt.module_id, QuizAttempt.lesson_id)
        .tuples()
    )
    return {(u, m) for u, m, lesson, used, passed in rows if not passed and used >= limits.get((m, lesson), used + 1)}


def departments() -> list[str]:
    """Return every department that has people, sorted."""
    query = User.select(User.department).where(User.department != "").distinct().order_by(User.department)
    return [row[0] for row in query.tuples()]
