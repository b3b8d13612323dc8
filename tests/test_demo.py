"""The demo company: a fresh database filled for the shipped course, and refused anywhere else."""

from __future__ import annotations

import pytest
from conftest import reset_database

from course import reports
from course.config import project_path
from course.db import database
from course.migrate import apply_migrations
from course.models import Assignment, QuestionResponse, QuizAttempt, User


@pytest.fixture
def shipped(make_app):
    """An app on a fresh database, serving the course in lessons/."""
    app = make_app(KURS_LESSONS_DIR=str(project_path("lessons")))
    reset_database(app.extensions["kurs_db"])
    apply_migrations(app.extensions["kurs_db"])
    return app


def test_demo_fills_a_fresh_database_for_every_report(shipped):
    result = shipped.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "Sign in as trainer@nordwind.example (Trainer): set the password at http://127.0.0.1:5000/set-password/" in result.output
    assert "Sign in as admin@nordwind.example (Administrator)" in result.output
    course = shipped.extensions["kurs_catalog"].course()
    with shipped.app_context(), database.connection_context():
        assert 195 <= User.select().count() <= 205
        assert len(reports.departments()) >= 5
        assert Assignment.select().count() > 0
        attempts = QuizAttempt.select().count()
        assert attempts > 300 and QuestionResponse.select().count() > 3 * attempts
        summary = reports.module_summary(course)
        assert all(0 < row.completed < row.started <= row.people for row in summary)
        assert all(60 <= row.average_best <= 100 for row in summary)
        states = {cell.state for row in reports.full_matrix(course) for cell in row.cells}
        # completions older than the guidelines' recertify_months are due again
        assert states == {"not started", "in progress", "completed", "failed", "overdue", "due again"}
        assert len(reports.overdue(course)) > 20
        retired = [x for x in reports.quiz_lessons(course) if x.retired]
        assert retired and reports.item_analysis(course, retired[0].module_id, retired[0].lesson_id).rows[0].retired
        first_quiz = next(x for x in reports.quiz_lessons(course) if not x.retired)
        rows = reports.item_analysis(course, first_quiz.module_id, first_quiz.lesson_id).rows
        assert any(row.top_wrong for row in rows) and all(row.answers for row in rows)
        assert User.select().where(User.password_hash != "").count() == 0  # nobody signs in without a link


def test_demo_keeps_the_first_admin_and_refuses_a_second_run(app):
    shipped = app  # the small fixture course is enough here
    from werkzeug.security import generate_password_hash

    with shipped.app_context(), database.connection_context():
        User.create(email="boss@example.com", name="Boss", role="admin", password_hash=generate_password_hash("x" * 12, method="pbkdf2:sha256:1000"))
    runner = shipped.test_cli_runner()
    result = runner.invoke(args=["demo", "--people", "20"])
    assert result.exit_code == 0, result.output
    assert "admin@nordwind.example" not in result.output  # the first admin explores as themselves
    with shipped.app_context(), database.connection_context():
        assert User.select().count() == 21
        assert Assignment.select().where(Assignment.assigned_by.is_null(False)).exists()
    again = runner.invoke(args=["demo", "--people", "20"])
    assert again.exit_code == 1 and "already holds people" in again.output
    with shipped.app_context(), database.connection_context():
        assert User.select().count() == 21


def test_demo_refuses_a_database_with_a_learner(app):
    shipped = app
    with shipped.app_context(), database.connection_context():
        User.create(email="someone@example.com", name="Someone")
    result = shipped.test_cli_runner().invoke(args=["demo", "--people", "5"])
    assert result.exit_code == 1 and "already holds people" in result.output
