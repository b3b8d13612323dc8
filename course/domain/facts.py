"""The facts a person's standing is made of, read in a fixed number of queries for any number of people.

Per (person, module): whether they opened a lesson of it, how many of today's lessons they
completed and the first and last of those completion times, whether a quiz's attempts are used
up without a pass, and the assignment that counts. The dashboard reads one person's, the matrix a
page's, the CSV and the overdue list a whole scope's: the same queries (course/domain/standing.py
turns them into states).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from peewee import SQL, Case, ModelSelect, fn

from course.content.values import Course, Module
from course.db import Prepared, database, param, params
from course.domain.assignments import Due, Person, dues_by_person
from course.domain.sql_lists import one_of
from course.models import Assignment, LessonProgress, QuizAttempt, Reply, ReplyReview, read_datetime

# Who a per-person query reads: these ids, or a subquery of User ids (a whole scope).
People = list[int] | ModelSelect
Key = tuple[int, str]  # (person id, module id)


class Done(NamedTuple):
    """Today's lessons of one module a person completed: how many, the first and the last time.

    once: how many they completed in any version, confirmations of an earlier text included
    (more than count when a lesson's text changed since they confirmed it).
    """

    count: int
    first_at: datetime | None
    last_at: datetime | None
    once: int = 0


NOTHING_DONE = Done(0, None, None, 0)  # a module opened, none of today's lessons completed: as no Done at all


@dataclass(frozen=True)
class Facts:
    """What the standings of some people are made of."""

    opened: dict[Key, Done]  # every pair with a lesson opened, and what was done of today's lessons (read_progress)
    failed: set[Key]
    dues: dict[int, Mapping[str, Due]]  # per person: module id -> the assignment that counts
    practised: dict[Key, list[Practised]] = field(default_factory=dict)  # lessons with exercises (read_practice)


def read_facts(course: Course, people: Sequence[Person], who: People | None = None,
               dues: dict[int, Mapping[str, Due]] | None = None, times: bool = True) -> Facts:
    """Read progress, used-up quizzes and due dates of people (by their ids unless who says otherwise).

    times: False for reports that show states, lessons done and due dates but not when (read_progress).
    """
    who = [p.id for p in people] if who is None else who
    return Facts(read_progress(course, who, times), _failed_pairs(course, who), _dues(course, people) if dues is None else dues,
                 read_practice(course, who))


def all_dues(course: Course, people: Sequence[Person]) -> dict[int, Mapping[str, Due]]:
    """The assignment that counts per (person, module), for a whole scope: every assignment in one query."""
    rows = [AssignmentRow(*row[:3], _datetime(row[3]), _datetime(row[4]))
            for row in Assignment.select(*ASSIGNMENT_COLUMNS).tuples()]
    return dues_by_person(course, people, rows)


# ---------------------------------------------------------------- progress

_when = read_datetime  # what peewee does to a value it reads itself, quicker


def _completed_today(course: Course, any_version: bool = False, modules: Sequence[Module] | None = None) -> Case:
    """SQL: the completion time of a completed row of one of today's lessons, else NULL.

    A confirmation lesson counts only when the confirmed version is today's text (unless
    any_version). A lesson with exercises has none here: whether it is done needs its replies too
    (read_practice, and the rule in standing.py). A row meets only its own module's lesson list: a
    third faster than matching every lesson of the course on a page of the matrix. COUNT, MIN and
    MAX of this one value give the count, first and last time: half the work per row of a 1/0 flag
    summed and tested again for the times (a whole company's progress is a million rows at 100,000 people).
    modules: only these modules' lessons (the others' rows give NULL).
    Each list is one parameter (sql_lists.one_of): the statement's length does not grow with the course.
    """
    lists = []
    for m in course.modules if modules is None else modules:
        lessons = [x for x in m.lessons if not x.exercises]  # those with exercises: read_practice
        plain = [x.id for x in lessons if any_version or not x.asks_confirmation]
        confirmed = [f"{x.id} {x.content_hash}" for x in lessons if x.asks_confirmation and not any_version]
        conditions = [one_of(LessonProgress.lesson_id, plain)] if plain else []
        if confirmed:  # the lesson with today's text confirmed: its id and the hash of that text
            conditions.append(one_of(LessonProgress.lesson_id.concat(" ").concat(LessonProgress.confirmed_hash), confirmed))
        if conditions:
            lists.append((m.id, Case(None, [(condition, LessonProgress.completed_at) for condition in conditions])))
    if not lists:  # every lesson has exercises: always NULL, of the column's type (a CASE needs a branch)
        return Case(None, [(LessonProgress.id.is_null(), LessonProgress.completed_at)])
    return Case(LessonProgress.module_id, lists)


def _progress_query(course: Course, who, times: bool = True) -> ModelSelect:
    at = _completed_today(course)
    # each aggregate evaluates its CASE again for every row: the times cost twice the count (read_progress)
    timed = course.modules if times else [m for m in course.modules if m.recertify_months]
    when = at if len(timed) == len(course.modules) else _completed_today(course, modules=timed) if timed else None
    columns = [LessonProgress.user, LessonProgress.module_id, fn.COUNT(at),
               *((fn.MIN(when), fn.MAX(when)) if when is not None else (SQL("NULL"), SQL("NULL")))]
    if any(x.asks_confirmation for m in course.modules for x in m.lessons):
        columns.append(fn.COUNT(_completed_today(course, any_version=True)))
    return (LessonProgress.select(*columns)
            .where(LessonProgress.user.in_(who))
            .group_by(LessonProgress.user, LessonProgress.module_id))


# the SQL holds today's lesson lists: built once per course, number of people and need of times
_PROGRESS = Prepared(lambda count, times, course: _progress_query(course, params("ids", count, LessonProgress.user), times))


# One person's rows, matched to today's lessons here: a statement holding the course's lesson lists
# stays compiled in each connection that ran it (5,000 lessons: 3 MB of SQLite's memory per thread).
_OWN_PROGRESS = Prepared(lambda: LessonProgress.select(LessonProgress.module_id, LessonProgress.lesson_id,
                                                       LessonProgress.completed_at, LessonProgress.confirmed_hash)
                         .where(LessonProgress.user == param("id", LessonProgress.user)))


def read_progress(course: Course, who: People, times: bool = True) -> dict[Key, Done]:
    """Every (person, module) pair with a lesson opened, and what was done of today's lessons (NOTHING_DONE if none).

    One dict, not a set of the pairs opened beside a dict of those with something done: at 100,000
    people each is a few hundred thousand entries, and building, asking and freeing them took
    longer than ten times what it takes at 10,000 (they outgrow the CPU's caches).
    times: False to read the first and last completion (Done.first_at, last_at) only in modules
    with recertification, where the rule needs them (when a completion expires); elsewhere they
    stay None. For the reports that show states, lessons done and due dates, not when (the matrix,
    its CSV, the overdue list, the completion counts): the times cost twice what the count costs.
    """
    if (isinstance(who, list) and not who) or not any(m.lessons for m in course.modules):
        return {}
    if isinstance(who, list) and len(who) == 1:
        return _own_progress(course, who[0], times)
    if isinstance(who, list):
        rows = _PROGRESS.raw((len(who), times), course, ids=who)
    else:
        query = _progress_query(course, who, times)
        rows = database.execute_sql(*query.sql()).fetchall()
    opened = {}
    confirmations = bool(rows) and len(rows[0]) > 5  # the count of completions in any version of the text
    for row in rows:
        finished = row[2] or 0
        ever = (row[5] or 0) if confirmations else finished
        opened[row[:2]] = Done(finished, _when(row[3]), _when(row[4]), ever) if finished or ever else NOTHING_DONE
    return opened


def _own_progress(course: Course, person_id: int, times: bool) -> dict[Key, Done]:
    """read_progress for one person (a learner's pages): the rule of _completed_today, applied to their rows."""
    confirms = any(x.asks_confirmation for m in course.modules for x in m.lessons)
    found: dict[Key, list] = {}  # count, first, last, count in any version of the text
    for module_id, lesson_id, completed_at, confirmed in _OWN_PROGRESS.raw(id=person_id):
        counts = found.setdefault((person_id, module_id), [0, None, None, 0])
        module = course.module(module_id)
        lesson = module.lesson(lesson_id) if module is not None and completed_at is not None else None
        if lesson is None or lesson.exercises:  # those with exercises: read_practice
            continue
        counts[3] += 1
        if not lesson.asks_confirmation or confirmed == lesson.content_hash:
            counts[0] += 1
            if times or module.recertify_months:
                counts[1] = completed_at if counts[1] is None else min(counts[1], completed_at)
                counts[2] = completed_at if counts[2] is None else max(counts[2], completed_at)
    return {key: Done(count, _when(first), _when(last), once if confirms else count) if count or (confirms and once)
            else NOTHING_DONE for key, (count, first, last, once) in found.items()}


class Practised(NamedTuple):
    """One person's lesson with exercises: its own step (read, quiz passed, confirmed) and each exercise's times.

    times: exercise key -> (when the first reply passing every check was stored, when a trainer
    first reviewed a reply); standing.py decides what of it makes the lesson done.
    """

    lesson_id: str
    completed_at: datetime | None  # its own step; for a confirmation lesson only if today's text was confirmed
    completed_once: datetime | None  # its own step in any version of the text
    times: dict[str, tuple[datetime | None, datetime | None]]


def read_practice(course: Course, who: People) -> dict[Key, list[Practised]]:
    """Per (person, module): the lessons with exercises whose own step they completed, with their replies' times.

    Three queries, only for a course with exercises: the lessons' progress rows, the first passing
    reply and the first review per exercise (both on the reply index that starts with the person).
    """
    lessons = {(m.id, x.id): x for m in course.modules for x in m.lessons if x.exercises}
    if not lessons or (isinstance(who, list) and not who):
        return {}
    own = (LessonProgress.select(LessonProgress.user, LessonProgress.module_id, LessonProgress.lesson_id,
                                 LessonProgress.completed_at, LessonProgress.confirmed_hash)
           .where(LessonProgress.user.in_(who) & LessonProgress.completed_at.is_null(False)
                  & one_of(LessonProgress.lesson_id, sorted({lesson_id for _, lesson_id in lessons}))).tuples())
    passed = (Reply.select(Reply.user, Reply.module_id, Reply.lesson_id, Reply.exercise_key, fn.MIN(Reply.created_at))
              .where(Reply.user.in_(who) & Reply.passed)
              .group_by(Reply.user, Reply.module_id, Reply.lesson_id, Reply.exercise_key).tuples())
    reviewed = (ReplyReview.select(Reply.user, Reply.module_id, Reply.lesson_id, Reply.exercise_key,
                                   fn.MIN(ReplyReview.reviewed_at)).join(Reply)
                .where(Reply.user.in_(who))
                .group_by(Reply.user, Reply.module_id, Reply.lesson_id, Reply.exercise_key).tuples())
    times: dict[tuple[int, str, str], dict[str, list]] = {}
    for column, rows in ((0, passed), (1, reviewed)):
        for user_id, module_id, lesson_id, key, at in rows:
            times.setdefault((user_id, module_id, lesson_id), {}).setdefault(key, [None, None])[column] = _when(at)
    found: dict[Key, list[Practised]] = {}
    for user_id, module_id, lesson_id, completed_at, confirmed in own:
        lesson = lessons.get((module_id, lesson_id))
        if lesson is None:
            continue
        current = not lesson.asks_confirmation or confirmed == lesson.content_hash
        exercise_times = {k: (v[0], v[1]) for k, v in times.get((user_id, module_id, lesson_id), {}).items()}
        found.setdefault((user_id, module_id), []).append(
            Practised(lesson_id, completed_at if current else None, completed_at, exercise_times))
    return found


def _failed_pairs(course: Course, who: People) -> set[Key]:
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


# ---------------------------------------------------------------- assignments


class AssignmentRow(NamedTuple):
    user_id: int | None
    module_id: str
    department: str | None
    assigned_at: datetime
    due_at: datetime | None


ASSIGNMENT_COLUMNS = (Assignment.user, Assignment.module_id, Assignment.department, Assignment.assigned_at,
                      Assignment.due_at)
_datetime = read_datetime
_OF_PEOPLE = Prepared(lambda count: Assignment.select(*ASSIGNMENT_COLUMNS).where(
    Assignment.user.in_(params("ids", count, Assignment.user))))
_OF_DEPARTMENTS = Prepared(lambda count: Assignment.select(*ASSIGNMENT_COLUMNS).where(
    Assignment.department.in_(params("departments", count, Assignment.department))))


def _dues(course: Course, people: Sequence[Person]) -> dict[int, Mapping[str, Due]]:
    """Pick the assignment that counts per (person, module) from tuples (no model instances)."""
    ids, departments = [p.id for p in people], sorted({p.department for p in people if p.department})
    found = (_OF_PEOPLE.raw((len(ids),), ids=ids) if ids else []) + (
        _OF_DEPARTMENTS.raw((len(departments),), departments=departments) if departments else [])
    rows = [AssignmentRow(user_id, module_id, department, _datetime(assigned_at), _datetime(due_at))
            for user_id, module_id, department, assigned_at, due_at in found]
    return dues_by_person(course, people, rows)
