"""The certificate: ready once every mandatory module is complete, with the learner's own record."""

from __future__ import annotations

from conftest import csrf_token
from test_learn import answers_for, quiz_form


def finish_basics(client, course):
    """Complete the mandatory module 'basics': mark the reading done, pass the quiz."""
    client.post("/learn/basics/welcome/done", data={"csrf_token": csrf_token(client, "/learn/basics/welcome")})
    lesson = course.lesson("basics", "quiz")
    token, csrf, _ = quiz_form(client, "/learn/basics/quiz")
    client.post("/learn/basics/quiz/quiz", data={"attempt": token, "csrf_token": csrf, **answers_for(lesson)})


def test_certificate_lists_what_is_still_open(client, learner):
    html = client.get("/certificate").get_data(as_text=True)
    assert "Still open" in html
    assert 'href="/learn/basics"' in html
    assert 'href="/learn/advanced"' not in html  # not mandatory
    assert "has completed the course" not in html


def test_certificate_after_the_mandatory_modules(client, learner, course):
    finish_basics(client, course)
    html = client.get("/certificate").get_data(as_text=True)
    assert "has completed the course" in html
    assert "Learner" in html  # the person's name
    assert "Fixture course" in html
    assert "100%" in html  # best score of the basics quiz


def test_certificate_is_per_person(client, learner, course, auth, make_user):
    finish_basics(client, course)
    auth.logout()
    make_user("other@example.com", name="Other Person")
    auth.login("other@example.com")
    html = client.get("/certificate").get_data(as_text=True)
    assert "Still open" in html and "has completed the course" not in html
