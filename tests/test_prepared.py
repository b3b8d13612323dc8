"""Statements built once per database (course/db.py, Prepared) give what peewee's own queries give."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from test_indexes import captured_sql

from course.db import Prepared, database, param
from course.domain import attempts, progress
from course.models import LessonProgress, QuestionResponse, QuizAttempt, User


def test_a_prepared_query_is_built_once_and_runs_with_each_calls_values(app, make_user):
    first, second = make_user("a@example.com", name="Ada"), make_user("b@example.com", name="Bo")
    builds = []

    def build():
        builds.append(1)
        return User.select().where(User.id == param("id", User.id)).limit(1)

    by_id = Prepared(build)
    with app.app_context(), database.connection_context():
        assert by_id.first(User, id=first.id).name == "Ada"
        found = by_id.first(User, id=str(second.id))  # converted as the field stores it
        assert (found.name, found.active, found.created_at) == ("Bo", True, second.created_at)
        assert by_id.first(User, id=10**6) is None
    assert len(builds) == 1


def test_a_model_from_a_prepared_row_has_exactly_the_values_peewee_gives(app, make_user):
    """Values the driver already returns as the field's type are kept; the others (SQLite's 0/1, its datetime text) converted."""
    person = make_user("c@example.com", name="Cem")
    User.update(active=False, language="en", deactivated_at=datetime(2025, 3, 4, 5, 6, 7, 890)).where(User.id == person.id).execute()
    by_id = Prepared(lambda: User.select().where(User.id == param("id", User.id)), order=("id",))
    with app.app_context(), database.connection_context():
        expected = User.get_by_id(person.id)
        for found in (by_id.first(User, (person.id,)), by_id.first(User, id=person.id)):
            assert found.__data__ == expected.__data__
            assert [type(v) for v in found.__data__.values()] == [type(v) for v in expected.__data__.values()]
        assert found.active is False and found.deactivated_at == datetime(2025, 3, 4, 5, 6, 7, 890)
        assert by_id.first(User, (10**6,)) is None


def test_a_prepared_insert_stores_each_calls_time_not_the_first_ones(app, make_user, course, monkeypatch):
    person = make_user()
    lessons = [lesson for module in course.modules for lesson in module.lessons][:2]
    days = [datetime(2025, 1, 1), datetime(2025, 1, 2)]
    with app.app_context(), database.connection_context():
        for lesson, day in zip(lessons, days, strict=True):
            monkeypatch.setattr(progress, "utcnow", lambda day=day: day)
            progress.record_started(person, lesson)
        assert [row.started_at for row in LessonProgress.select().order_by(LessonProgress.id)] == days
        progress.record_completed(person, lessons[0])
        progress.record_completed(person, lessons[0])  # the first completion time stays
        row = LessonProgress.get(LessonProgress.lesson_id == lessons[0].id)
    assert (row.started_at, row.completed_at) == (days[0], days[1])


def _attempt(person, lesson, when: datetime, passed: bool, percent: float) -> None:
    QuizAttempt.create(user=person, module_id=lesson.module_id, lesson_id=lesson.id, token=f"t{when:%H%M%S}",
                       content_hash=lesson.content_hash, submitted_at=when, passed=passed, score_percent=percent)


def test_the_quiz_status_waits_after_a_failed_last_attempt_even_after_an_earlier_pass(app, make_user, course):
    person, lesson = make_user(), course.lesson("advanced", "final")
    now = datetime(2025, 6, 1, 12, 0)
    with app.app_context(), database.connection_context():
        assert attempts.quiz_status(person, lesson, now) == attempts.QuizStatus(0, 2, False, None, None)
        _attempt(person, lesson, now - timedelta(minutes=30), True, 90.0)
        assert attempts.quiz_status(person, lesson, now) == attempts.QuizStatus(1, 1, True, 90.0, None)
        _attempt(person, lesson, now - timedelta(minutes=10), False, 40.0)
        status = attempts.quiz_status(person, lesson, now)
    assert status == attempts.QuizStatus(2, 0, True, 90.0, now + timedelta(minutes=50))
    assert not status.may_attempt


def test_a_quiz_submission_runs_four_statements_and_one_more_when_it_completes_the_lesson(app, make_user, course):
    person, lesson = make_user(), course.lesson("basics", "quiz")
    right = {q.key: [o.key for o in q.options if o.correct] for q in lesson.questions}
    with app.app_context(), database.connection_context():
        for answers, expected in (({q.key: [] for q in lesson.questions}, 4), (right, 5)):
            attempt = attempts.open_attempt(person, lesson)
            with captured_sql() as statements:
                submission = attempts.submit_attempt(person, lesson, attempt.token, answers)
            data = [sql for sql, _ in statements if not sql.startswith(("BEGIN", "COMMIT"))]
            assert len(data) == expected, data
            stored = QuizAttempt.get_by_id(attempt.id)
            assert submission.attempt_id == attempt.id
            assert (submission.score.passed, submission.score.percent) == (stored.passed, stored.score_percent)
            assert submission.submitted_at == stored.submitted_at
        assert progress.completed_lessons(person) == {(lesson.module_id, lesson.id)}


def test_a_quiz_without_limit_or_delay_is_recorded_without_counting_earlier_attempts(app, make_user, course):
    person = make_user()
    quiz = course.lesson("basics", "quiz")
    lesson = replace(quiz, settings=replace(quiz.settings, max_attempts=None, retry_delay_hours=None))
    right = {q.key: [o.key for o in q.options if o.correct] for q in lesson.questions}
    with app.app_context(), database.connection_context():
        for answers, expected in (({q.key: [] for q in lesson.questions}, 3), (right, 4)):
            attempt = attempts.open_attempt(person, lesson)
            with captured_sql() as statements:
                submission = attempts.submit_attempt(person, lesson, attempt.token, answers)
            data = [sql for sql, _ in statements if not sql.startswith(("BEGIN", "COMMIT"))]
            assert len(data) == expected and not any("count(" in sql.lower() for sql in data), data
            assert QuizAttempt.get_by_id(submission.attempt_id).score_raw == submission.score.points
        again = attempts.submit_attempt(person, lesson, attempt.token, right)  # a double submit counts once
    assert again.duplicate and again.attempt_id == attempt.id
    assert QuizAttempt.select().where(QuizAttempt.submitted_at.is_null(False)).count() == 2


def test_a_parallel_submit_of_the_same_attempt_is_recorded_once_and_shows_the_first(app, make_user, course, monkeypatch):
    person, lesson = make_user(), course.lesson("basics", "quiz")
    right = {q.key: [o.key for o in q.options if o.correct] for q in lesson.questions}
    wrong = {q.key: [o.key for o in q.options if not o.correct][:1] for q in lesson.questions}
    scoring, first = attempts.score_quiz, []

    def other_click_first(*args):
        # the second click has read the attempt as open; the first one is recorded while it scores
        monkeypatch.setattr(attempts, "score_quiz", scoring)
        first.append(attempts.submit_attempt(person, lesson, attempt.token, right))
        return scoring(*args)

    with app.app_context(), database.connection_context():
        attempt = attempts.open_attempt(person, lesson)
        monkeypatch.setattr(attempts, "score_quiz", other_click_first)
        second = attempts.submit_attempt(person, lesson, attempt.token, wrong)
        stored = QuizAttempt.get_by_id(attempt.id)
        responses = QuestionResponse.select().where(QuestionResponse.attempt == attempt.id).count()
    assert not first[0].duplicate and second.duplicate and second.attempt_id == attempt.id
    # the first click's answers, not the second's
    assert (stored.score_raw, stored.passed) == (first[0].score.points, first[0].score.passed) != (0, False)
    assert responses == len(lesson.questions)


def test_a_statement_bound_by_position_must_take_its_values_in_the_declared_order(app):
    swapped = Prepared(lambda: User.select(User.id).where((User.email == param("email")) & (User.name == param("name"))),
                       order=("name", "email"))
    with app.app_context(), database.connection_context(), pytest.raises(RuntimeError, match="by position"):
        swapped.run(("Ada", "a@example.com"))
