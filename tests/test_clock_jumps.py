"""A clock that ran fast and was corrected: rows stamped in the future lock nobody out."""

from __future__ import annotations

from datetime import timedelta

from builders import open_quiz, quiz_form
from conftest import PASSWORD, csrf_token

from course.db import database
from course.models import QuizAttempt, utcnow
from course.web.throttle import ACCOUNT_LIMIT, LoginFailure


def sign_in(client, password=PASSWORD):
    return client.post("/login", data={"email": "learner@example.com", "password": password, "csrf_token": csrf_token(client)})


def test_sign_in_failures_stamped_in_the_future_do_not_throttle(app, client, make_user):
    make_user("admin@example.com", role="admin")
    make_user()
    for _ in range(ACCOUNT_LIMIT):
        assert sign_in(client, "wrong password!").status_code == 401
    with app.app_context(), database.connection_context():
        LoginFailure.update(failed_at=utcnow() + timedelta(hours=6)).execute()  # the fast clock wrote them
    assert sign_in(client).status_code == 302


def test_failures_in_the_window_still_throttle(app, client, make_user):
    make_user("admin@example.com", role="admin")
    make_user()
    for _ in range(ACCOUNT_LIMIT):
        sign_in(client, "wrong password!")
    assert sign_in(client).status_code == 401


def test_a_failed_attempt_stamped_in_the_future_sets_no_retry_wait(app, client, learner, course):
    lesson = course.lesson("advanced", "final")  # retry_delay_hours set
    token, csrf, _ = open_quiz(client, "/learn/advanced/final")
    client.post("/learn/advanced/final/quiz", data={"attempt": token, "csrf_token": csrf, **quiz_form(lesson, right=False)})
    assert "You can try again after" in client.get("/learn/advanced/final").get_data(as_text=True)
    with app.app_context(), database.connection_context():
        QuizAttempt.update(submitted_at=utcnow() + timedelta(days=3)).where(QuizAttempt.submitted_at.is_null(False)).execute()
    page = client.get("/learn/advanced/final").get_data(as_text=True)
    assert "You can try again after" not in page and 'name="attempt"' in page
