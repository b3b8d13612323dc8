"""The only writer of lesson progress rows, and the reader of one person's own progress (quiz attempts: attempts.py)."""

from __future__ import annotations

from datetime import datetime

from peewee import Case, IntegrityError

from course.content.values import Course, Lesson
from course.db import database
from course.domain import progress_sql as sql
from course.domain.standing import Standing, expired_round, renewal_cutoff
from course.models import (
    Acknowledgement,
    LessonProgress,
    ModuleCompletion,
    User,
    utcnow,
)

# ---------------------------------------------------------------- lessons


def _lesson_values(user: User, lesson: Lesson) -> dict:
    return {"user": user, "module_id": lesson.module_id, "lesson_id": lesson.id}


def record_started(user: User, lesson: Lesson, version: str | None = None) -> datetime | None:
    """Record that a person opened a lesson (the first time only); return when they completed it (None: not yet).

    version: for a confirmation lesson, today's content hash; a confirmation of another text is no completion.
    """
    # one query answers both, so the lesson page needs no second one (see docs/performance.md)
    row = sql.LESSON_DONE.run((user.id, lesson.module_id, lesson.id)).fetchone()
    if row is not None:
        return _completion(row, version)
    try:
        with database.atomic():
            sql.LESSON_STARTED.execute(**_lesson_values(user, lesson), started_at=utcnow())
    except IntegrityError:
        pass  # a parallel request recorded it first
    return None


def completed_at(user: User, lesson: Lesson, version: str | None = None) -> datetime | None:
    """Return when this person completed one lesson (None: not yet); nothing is recorded.

    version: as for record_started, a confirmation lesson's content hash of today.
    """
    row = sql.LESSON_DONE.run((user.id, lesson.module_id, lesson.id)).fetchone()
    return None if row is None else _completion(row, version)


def _completion(row: tuple, version: str | None) -> datetime | None:
    at, confirmed = row
    if at is None or (version is not None and confirmed != version):
        return None
    return _moment(at)


def record_completed(user: User, lesson: Lesson, renewing: Standing | None = None) -> None:
    """Record that a person completed a lesson; the first completion time stays.

    renewing: the module's standing when it is due again (recertification): a completion from the
    expired round is replaced, and the round itself is kept in the history first.
    """
    with database.atomic():
        complete(user, lesson, renewing)


def complete(user: User, lesson: Lesson, renewing: Standing | None = None) -> None:
    """Record a lesson's completion inside the caller's transaction (record_completed opens one)."""
    cutoff = renewal_cutoff(renewing) if renewing is not None else None
    _archive(user, lesson, renewing)
    now = utcnow()
    sql.LESSON_COMPLETED.run((user.id, lesson.module_id, lesson.id, now, now, cutoff or sql.EPOCH))


def _archive(user: User, lesson: Lesson, renewing: Standing | None) -> None:
    # the expired round goes into the history once, when the first lesson of the new one is done
    expired = expired_round(renewing) if renewing is not None else None
    if expired is not None:
        sql.ARCHIVE_COMPLETION.execute(user=user, module_id=lesson.module_id, completed_at=expired[0],
                                       valid_until=expired[1])


def completed_lessons(user: User) -> set[tuple[str, str]]:
    """Return (module id, lesson id) of every lesson this person completed."""
    query = LessonProgress.select(LessonProgress.module_id, LessonProgress.lesson_id).where(
        (LessonProgress.user == user) & LessonProgress.completed_at.is_null(False)
    )
    return set(query.tuples())


def completion_times(user: User, course: Course) -> dict[tuple[str, str], datetime]:
    """Return when this person completed each lesson, by (module id, lesson id); a confirmation only of today's text."""
    query = LessonProgress.select(LessonProgress.module_id, LessonProgress.lesson_id, LessonProgress.completed_at,
                                  LessonProgress.confirmed_hash).where(
        (LessonProgress.user == user) & LessonProgress.completed_at.is_null(False)
    )
    times = {}
    for m, lesson_id, at, confirmed in query.tuples():
        lesson = course.lesson(m, lesson_id)
        if lesson is None or not lesson.asks_confirmation or confirmed == lesson.content_hash:
            times[(m, lesson_id)] = at
    return times


def record_confirmed(user: User, lesson: Lesson, version: str, renewing: Standing | None = None,
                     now: datetime | None = None) -> None:
    """Record that a person confirmed a lesson's statement in this version (its content hash): it completes the lesson.

    Every confirmation is kept (who, which version, when); the lesson's completion stands for the
    latest, so a changed text asks for a new one.
    """
    now = now or utcnow()
    with database.atomic():
        Acknowledgement.insert(user=user, module_id=lesson.module_id, lesson_id=lesson.id, content_hash=version,
                               confirmed_at=now).on_conflict_ignore().execute()
        cutoff = renewal_cutoff(renewing) if renewing is not None else None
        _archive(user, lesson, renewing)
        stale = (LessonProgress.completed_at.is_null() | (LessonProgress.confirmed_hash != version)
                 | LessonProgress.confirmed_hash.is_null() | (LessonProgress.completed_at <= (cutoff or sql.EPOCH)))
        LessonProgress.insert(user=user, module_id=lesson.module_id, lesson_id=lesson.id, started_at=now,
                              completed_at=now, confirmed_hash=version).on_conflict(
            conflict_target=(LessonProgress.user, LessonProgress.module_id, LessonProgress.lesson_id),
            update={LessonProgress.completed_at: Case(None, [(stale, now)], LessonProgress.completed_at),
                    LessonProgress.confirmed_hash: version},
        ).execute()


def confirmations(user: User) -> list[Acknowledgement]:
    """Return every confirmation this person gave, newest first."""
    return list(Acknowledgement.select().where(Acknowledgement.user == user)
                .order_by(Acknowledgement.confirmed_at.desc(), Acknowledgement.id.desc()))


def lesson_times(user: User) -> tuple[set[tuple[str, str]], dict[tuple[str, str], datetime]]:
    """Return the lessons this person opened and when they completed each one they did: one query.

    Plain rows, each time converted alone: after a 5,000-lesson course peewee's per-row tuples
    (and its strptime) took half of the dashboard's 42 ms.
    """
    started, completed = set(), {}
    for module_id, lesson_id, at in sql.PERSONS_LESSONS.raw(user=user):
        key = (module_id, lesson_id)
        started.add(key)
        if at is not None:
            completed[key] = _moment(at)
    return started, completed


def _moment(value) -> datetime:
    """A stored time as peewee gives it, the common SQLite text form parsed without strptime."""
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    return _stored_time(value)


_stored_time = LessonProgress.completed_at.python_value


def next_lesson(course: Course, done: set[tuple[str, str]]) -> Lesson | None:
    """Return the first lesson of the course not yet completed."""
    for module in course.modules:
        for lesson in module.lessons:
            if (module.id, lesson.id) not in done:
                return lesson
    return None


def earlier_completions(user: User) -> list[ModuleCompletion]:
    """Return the rounds of modules this person completed before recertification asked again, newest first."""
    return list(ModuleCompletion.select().where(ModuleCompletion.user == user)
                .order_by(ModuleCompletion.completed_at.desc(), ModuleCompletion.id.desc()))
