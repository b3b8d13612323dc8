"""The learner's pages through the Flask client, CSRF on."""

from __future__ import annotations

from builders import open_quiz
from conftest import csrf_token

from course.db import database
from course.models import LessonProgress, QuestionResponse, QuizAttempt

quiz_form = open_quiz  # the name the other learner tests import


def answers_for(lesson, right=True):
    """Build form data answering every question right (or every one wrong)."""
    data = {}
    for q in lesson.questions:
        name = f"q-{q.key}"
        if q.kind == "gap":
            for i, accepted in enumerate(q.gaps):
                data[f"{name}-{i}"] = accepted[-1].upper() if right else "nonsense"
        else:
            keys = [o.key for o in q.options if o.correct == right]
            data[name] = keys if q.kind == "multiple" or right else keys[:1]
    return data


def test_dashboard_shows_modules_and_start(client, learner):
    html = client.get("/").get_data(as_text=True)
    assert "Fixture course" in html
    assert "Basics" in html and "Advanced" in html
    assert 'href="/learn/basics/welcome"' in html
    assert "Start: Welcome" in html


def test_lesson_records_started_and_done_moves_on(client, learner, app):
    response = client.get("/learn/basics/welcome")
    assert response.status_code == 200
    assert "Lesson 1 of 2" in response.get_data(as_text=True)
    csrf = csrf_token(client, "/learn/basics/welcome")
    done = client.post("/learn/basics/welcome/done", data={"csrf_token": csrf})
    assert done.status_code == 302
    assert done.location.endswith("/learn/basics/quiz")
    with app.app_context(), database.connection_context():
        row = LessonProgress.get(LessonProgress.lesson_id == "welcome")
        assert row.completed_at is not None
    assert "Continue: First check" in client.get("/").get_data(as_text=True)


def test_mark_done_needs_csrf(client, learner):
    assert client.post("/learn/basics/welcome/done").status_code == 400


def test_quiz_page_holds_no_answers(client, learner, course):
    _, _, html = quiz_form(client, "/learn/basics/quiz")
    lesson = course.lesson("basics", "quiz")
    for q in lesson.questions:
        for option in q.options:
            if option.feedback_html:
                assert option.feedback_html not in html
        for accepted in q.gaps:
            assert all(f'value="{a}"' not in html for a in accepted)
    assert "Hiding looks like censorship" not in html
    assert "React in public, solve in private" not in html
    assert "twenty-four" not in html
    assert "correct" not in html.lower()


def test_full_quiz_pass_records_one_attempt_with_answers(client, learner, course, app):
    lesson = course.lesson("basics", "quiz")
    token, csrf, _ = quiz_form(client, "/learn/basics/quiz")
    data = {"attempt": token, "csrf_token": csrf, **answers_for(lesson)}
    first = client.post("/learn/basics/quiz/quiz", data=data)
    second = client.post("/learn/basics/quiz/quiz", data=data)
    assert first.status_code == second.status_code == 302
    assert first.location == second.location
    page = client.get(first.location).get_data(as_text=True)
    assert "Passed" in page and "100%" in page
    assert "React in public, solve in private" in page  # explanation after submit
    with app.app_context(), database.connection_context():
        attempts = list(QuizAttempt.select().where(QuizAttempt.submitted_at.is_null(False)))
        assert len(attempts) == 1
        assert attempts[0].passed and attempts[0].score_raw == 4
        responses = list(QuestionResponse.select().where(QuestionResponse.attempt == attempts[0]))
        assert len(responses) == 4
        assert {r.question_text for r in responses} >= {"What do you do first?"}
        assert LessonProgress.get(LessonProgress.lesson_id == "quiz").completed_at is not None


def test_failed_quiz_shows_attempts_left_and_limit_is_enforced(client, learner, course, app):
    lesson = course.lesson("basics", "quiz")
    for n in range(3):
        token, csrf, _ = quiz_form(client, "/learn/basics/quiz")
        result = client.post("/learn/basics/quiz/quiz", data={"attempt": token, "csrf_token": csrf, **answers_for(lesson, right=False)})
        page = client.get(result.location).get_data(as_text=True)
        assert "Not passed yet" in page
        assert f"attempts left: {2 - n}" in page
    html = client.get("/learn/basics/quiz").get_data(as_text=True)
    assert "used all your attempts" in html
    assert 'name="attempt"' not in html
    with app.app_context(), database.connection_context():
        assert QuizAttempt.select().where(QuizAttempt.submitted_at.is_null(False)).count() == 3


def test_unanswered_quiz_gets_a_message_not_an_attempt(client, learner, app):
    token, csrf, _ = quiz_form(client, "/learn/basics/quiz")
    response = client.post("/learn/basics/quiz/quiz", data={"attempt": token, "csrf_token": csrf})
    assert response.status_code == 400
    assert "has no answer" in response.get_data(as_text=True)
    with app.app_context(), database.connection_context():
        assert QuizAttempt.select().where(QuizAttempt.submitted_at.is_null(False)).count() == 0


def test_unknown_option_is_refused(client, learner, course):
    lesson = course.lesson("basics", "quiz")
    token, csrf, _ = quiz_form(client, "/learn/basics/quiz")
    data = {"attempt": token, "csrf_token": csrf, **answers_for(lesson)}
    data[f"q-{lesson.questions[0].key}"] = ["99"]
    response = client.post("/learn/basics/quiz/quiz", data=data)
    assert response.status_code == 400
    assert "not one of its options" in response.get_data(as_text=True)


def test_retry_delay_and_show_correct_never(client, learner, course):
    lesson = course.lesson("advanced", "final")
    token, csrf, _ = quiz_form(client, "/learn/advanced/final")
    result = client.post("/learn/advanced/final/quiz", data={"attempt": token, "csrf_token": csrf, **answers_for(lesson, right=False)})
    page = client.get(result.location).get_data(as_text=True)
    assert "Not this one" not in page  # show_correct: never hides feedback
    assert "next attempt after" in page
    html = client.get("/learn/advanced/final").get_data(as_text=True)
    assert "You can try again after" in html


def test_other_peoples_attempts_are_not_found(client, learner, make_user, auth, course):
    lesson = course.lesson("basics", "quiz")
    token, csrf, _ = quiz_form(client, "/learn/basics/quiz")
    result = client.post("/learn/basics/quiz/quiz", data={"attempt": token, "csrf_token": csrf, **answers_for(lesson)})
    auth.logout()
    make_user("other@example.com")
    auth.login("other@example.com")
    assert client.get(result.location).status_code == 404


def test_history_lists_attempts(client, learner, course):
    lesson = course.lesson("basics", "quiz")
    token, csrf, _ = quiz_form(client, "/learn/basics/quiz")
    client.post("/learn/basics/quiz/quiz", data={"attempt": token, "csrf_token": csrf, **answers_for(lesson)})
    html = client.get("/history").get_data(as_text=True)
    assert "First check" in html and "Passed" in html


def test_media_serves_images_only(client, learner):
    with client.get("/media/01-basics/diagram.png") as image:
        assert image.status_code == 200
        assert "sandbox" in image.headers["Content-Security-Policy"]
    assert client.get("/media/01-basics/02-quiz.md").status_code == 404
    assert client.get("/media/../conftest.py").status_code == 404
    assert client.get("/media/01-basics/..%2F..%2Fkurs.db").status_code == 404
    assert client.get("/media/%2e%2e/%2e%2e/etc/passwd.png").status_code == 404


def test_signed_out_is_sent_to_login(client, make_user):
    make_user("admin@example.com", role="admin")
    response = client.get("/learn/basics/welcome")
    assert response.status_code == 302
    assert "/login?next=/learn/basics/welcome" in response.location


def test_unknown_lesson_is_404(client, learner):
    assert client.get("/learn/basics/nope").status_code == 404
    assert client.get("/learn/nope").status_code == 404
