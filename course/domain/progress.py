"""The only writer of progress and attempt rows, and the reader of one person's own progress."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import Case, IntegrityError

from course.content.messages import N_
from course.content.quiz import Question, QuizScore, score_quiz
from course.content.values import Course, Lesson
from course.db import database
from course.domain import progress_sql as sql
from course.domain.standing import Standing, expired_round, renewal_cutoff
from course.models import (
    Acknowledgement,
    LessonProgress,
    ModuleCompletion,
    QuestionResponse,
    QuizAttempt,
    User,
    utcnow,
)


class QuizRefused(Exception):
    """A submission the quiz rules do not allow; the message is for the learner."""


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
        _complete(user, lesson, renewing)


def _complete(user: User, lesson: Lesson, renewing: Standing | None = None) -> None:
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


# ---------------------------------------------------------------- quizzes


@dataclass(frozen=True)
class QuizStatus:
    """Where a person stands with one lesson's quiz."""

    attempts_used: int
    attempts_left: int | None  # None: unlimited
    passed: bool
    best_percent: float | None
    wait_until: datetime | None  # retry delay after a failed attempt

    @property
    def may_attempt(self) -> bool:
        return (self.attempts_left is None or self.attempts_left > 0) and self.wait_until is None


def quiz_status(user: User, lesson: Lesson, now: datetime | None = None, renewing: Standing | None = None) -> QuizStatus:
    """Count a person's submitted attempts (of this round, when renewing an expired module) and apply the lesson's limits."""
    now = now or utcnow()
    since = (renewal_cutoff(renewing) if renewing is not None else None) or sql.EPOCH
    used, passed, best, last, last_passed = sql.QUIZ_STATUS.rows(**_lesson_values(user, lesson), since=since)[0]
    last, last_passed = (QuizAttempt.submitted_at.python_value(value) for value in (last, last_passed))
    settings = lesson.settings
    left = None if settings.max_attempts is None else max(0, settings.max_attempts - used)
    wait_until = None
    # the last attempt failed; one stamped in the future (a clock corrected since) sets no wait
    if used and last != last_passed and settings.retry_delay_hours and last <= now:
        ready = last + timedelta(hours=settings.retry_delay_hours)
        wait_until = ready if ready > now else None
    return QuizStatus(used, left, bool(passed), None if best is None else float(best), wait_until)


def open_attempt(user: User, lesson: Lesson) -> QuizAttempt:
    """Return this person's open (unsubmitted) attempt at the lesson's quiz, or start one.

    Its token goes into the form: a refresh shows the same attempt, a double submit counts once.
    """
    existing = sql.OPEN_ATTEMPT.first(QuizAttempt, **_lesson_values(user, lesson), content_hash=lesson.content_hash)
    if existing:
        return existing
    with database.atomic():
        return QuizAttempt.create(
            user=user,
            module_id=lesson.module_id,
            lesson_id=lesson.id,
            token=secrets.token_urlsafe(24),
            content_hash=lesson.content_hash,
        )


def ordered_questions(lesson: Lesson, token: str) -> list[tuple[Question, list]]:
    """Return the questions and their options in this attempt's order (shuffled if asked)."""
    if not lesson.settings.shuffle:
        return [(q, list(q.options)) for q in lesson.questions]
    rng = random.Random(token)  # noqa: S311 - an order for the eye, seeded so a refresh keeps it
    questions = list(lesson.questions)
    rng.shuffle(questions)
    ordered = []
    for q in questions:
        options = list(q.options)
        if q.kind != "truefalse":
            rng.shuffle(options)
        ordered.append((q, options))
    return ordered


@dataclass(frozen=True)
class Submission:
    """A submitted attempt: its id, and its score unless the token had been submitted before."""

    attempt_id: int
    duplicate: bool  # the token had been submitted before: nothing new was recorded
    score: QuizScore | None = None
    submitted_at: datetime | None = None


def submit_attempt(user: User, lesson: Lesson, token: str, answers: dict, renewing: Standing | None = None) -> Submission:
    """Score a submitted quiz and record it once, with every answer; passing completes the lesson.

    Read, scored and laid out before the transaction begins: SQLite's write lock, which every
    worker takes in turn, is held for the writes only. Recorded once by the UPDATE itself, which
    only takes an attempt not yet submitted: a parallel submit of the same token (a double click)
    finds it taken, waiting on PostgreSQL for the first one's row lock, and shows that one's result.
    """
    found = sql.ATTEMPT_BY_TOKEN.run((token, user.id, lesson.module_id, lesson.id)).fetchone()
    if found is None:
        raise QuizRefused(N_("This quiz form is no longer valid. Here it is again: please answer once more."))
    attempt_id, submitted_at = found
    if submitted_at is not None:
        return Submission(attempt_id, duplicate=True)
    score = score_quiz(lesson.questions, answers, lesson.settings.pass_percent)
    results = {r.question.key: r for r in score.results}
    responses = []
    for position, (q, _) in enumerate(ordered_questions(lesson, token), 1):
        result = results[q.key]
        responses += (attempt_id, position, q.key, q.kind, q.text, result.answer_text, result.positions, result.right)
    settings = lesson.settings
    limited = settings.max_attempts is not None or bool(settings.retry_delay_hours)
    with database.atomic():
        if limited:  # most quizzes set neither a limit nor a delay: nothing to count
            status = quiz_status(user, lesson, renewing=renewing)
            if status.attempts_left == 0:
                raise QuizRefused(N_("You have used all your attempts at this quiz. Please talk to your trainer."))
            if status.wait_until:
                raise QuizRefused(N_("You can try again after %(time)s.", time=status.wait_until))
        now = utcnow()
        scored = (lesson.content_hash, now, score.points, score.max_points, score.percent, score.passed, attempt_id)
        if sql.SUBMIT_ATTEMPT.run(scored).rowcount != 1:
            return Submission(attempt_id, duplicate=True)  # submitted since it was read: by a parallel request
        sql.insert_responses(len(lesson.questions)).run(responses)
        if score.passed:
            _complete(user, lesson, renewing)
    return Submission(attempt_id, duplicate=False, score=score, submitted_at=now)


def attempt_history(user: User) -> list[QuizAttempt]:
    """Return every submitted attempt of this person, newest first."""
    return list(
        QuizAttempt.select()
        .where((QuizAttempt.user == user) & QuizAttempt.submitted_at.is_null(False))
        .order_by(QuizAttempt.submitted_at.desc(), QuizAttempt.id.desc())
    )


def responses_of(attempt: QuizAttempt) -> list[QuestionResponse]:
    """Return an attempt's stored responses in the order they were asked."""
    return list(QuestionResponse.select().where(QuestionResponse.attempt == attempt).order_by(QuestionResponse.position))


def earlier_completions(user: User) -> list[ModuleCompletion]:
    """Return the rounds of modules this person completed before recertification asked again, newest first."""
    return list(ModuleCompletion.select().where(ModuleCompletion.user == user)
                .order_by(ModuleCompletion.completed_at.desc(), ModuleCompletion.id.desc()))
