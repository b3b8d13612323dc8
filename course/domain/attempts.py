"""The only writer of quiz attempts: opening one, its status, scoring and recording a submission once."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from course.content.messages import N_
from course.content.quiz import Question, QuizScore, score_quiz
from course.content.values import Lesson
from course.db import database
from course.domain import progress_sql as sql
from course.domain.progress import complete
from course.domain.standing import Standing, renewal_cutoff
from course.models import QuestionResponse, QuizAttempt, User, utcnow


class QuizRefused(Exception):
    """A submission the quiz rules do not allow; the message is for the learner."""



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
    used, passed, best, last, last_passed = sql.QUIZ_STATUS.rows(user=user, module_id=lesson.module_id, lesson_id=lesson.id, since=since)[0]
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
    existing = sql.OPEN_ATTEMPT.first(QuizAttempt, user=user, module_id=lesson.module_id, lesson_id=lesson.id, content_hash=lesson.content_hash)
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
            complete(user, lesson, renewing)
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
