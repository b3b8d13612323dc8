"""Confirmations: a lesson that asks for a statement instead of a quiz; who confirmed which version, and when."""

from __future__ import annotations

import pytest
from builders import ago, lesson
from conftest import csrf_token

from course import reports
from course.content.loader import load_course
from course.db import database
from course.domain.standing import State, person_standing
from course.models import Acknowledgement, LessonProgress

STATEMENT = "Ich habe die Social-Media-Leitlinien gelesen und halte mich daran."
PLEDGE = f"""---
title: Our guidelines
confirm: {STATEMENT}
---
Be kind, be honest, keep secrets secret.
"""


@pytest.fixture
def lessons_dir(lessons_dir):
    """The fixture course with a third lesson in Advanced that asks for a confirmation."""
    (lessons_dir / "02-advanced" / "03-pledge.md").write_text(PLEDGE, encoding="utf-8")
    return lessons_dir


@pytest.fixture
def almost_done(app, learner, course):
    """The learner did Advanced's reading and quiz; only the confirmation is open."""
    with app.app_context(), database.connection_context():
        lesson(learner, "advanced", "reading", ago(2), ago(2))
        lesson(learner, "advanced", "final", ago(2), ago(2))
    return learner


def catalog_course(app):
    return app.extensions["kurs_catalog"].course()


def advanced(app, learner):
    with app.app_context(), database.connection_context():
        return person_standing(catalog_course(app), learner)["advanced"]


def confirm(client, agree=True):
    data = {"csrf_token": csrf_token(client, "/learn/advanced/pledge")}
    if agree:
        data["agree"] = "1"
    return client.post("/learn/advanced/pledge/confirm", data=data)


def test_the_lesson_asks_for_the_statement_instead_of_mark_as_done(client, almost_done, course):
    assert course.lesson("advanced", "pledge").confirm == STATEMENT
    page = client.get("/learn/advanced/pledge").get_data(as_text=True)
    assert STATEMENT in page and 'id="confirm"' in page and 'id="mark-done"' not in page


def test_confirming_completes_the_lesson_and_records_the_version(app, client, almost_done, course):
    assert advanced(app, almost_done).state == State.IN_PROGRESS
    refused = confirm(client, agree=False)
    assert refused.status_code == 302
    with app.app_context(), database.connection_context():
        assert Acknowledgement.select().count() == 0
    assert confirm(client).status_code == 302
    version = course.lesson("advanced", "pledge").content_hash
    with app.app_context(), database.connection_context():
        rows = list(Acknowledgement.select().tuples())
        assert [(r[2], r[3], r[4]) for r in rows] == [("advanced", "pledge", version)]
        assert LessonProgress.get(LessonProgress.lesson_id == "pledge").confirmed_hash == version
        matrix = reports.full_matrix(catalog_course(app))  # reports show it like a completion
        assert [c.state for r in matrix if r.person.id == almost_done.id for c in r.cells][1] == State.COMPLETED
    assert advanced(app, almost_done).state == State.COMPLETED
    assert "state-completed\">Done" in client.get("/learn/advanced/pledge").get_data(as_text=True)


def test_mark_as_done_does_not_complete_a_confirmation_lesson(app, client, almost_done):
    client.post("/learn/advanced/pledge/done", data={"csrf_token": csrf_token(client, "/learn/advanced/pledge")})
    assert advanced(app, almost_done).state == State.IN_PROGRESS


def test_a_changed_text_makes_the_confirmation_due_again(app, client, almost_done, lessons_dir):
    confirm(client)
    first = catalog_course(app).lesson("advanced", "pledge").content_hash
    (lessons_dir / "02-advanced" / "03-pledge.md").write_text(PLEDGE + "\nAnd one new rule.\n", encoding="utf-8")
    page = client.get("/learn/advanced/pledge").get_data(as_text=True)  # the catalog sees the edit
    second = catalog_course(app).lesson("advanced", "pledge").content_hash
    assert second != first and "state-completed\">Done" not in page
    again = advanced(app, almost_done)
    assert (again.state, again.due_at) == (State.DUE_AGAIN, None)
    confirm(client)
    assert advanced(app, almost_done).state == State.COMPLETED
    with app.app_context(), database.connection_context():
        versions = [v for (v,) in Acknowledgement.select(Acknowledgement.content_hash).order_by(Acknowledgement.id).tuples()]
    assert versions == [first, second]  # both confirmations are kept


def test_a_lesson_cannot_ask_for_a_confirmation_and_have_a_quiz(tmp_path):
    root = tmp_path / "course"
    (root / "01-m").mkdir(parents=True)
    (root / "course.md").write_text("---\ntitle: C\n---\n")
    (root / "01-m" / "module.md").write_text("---\ntitle: M\n---\n")
    (root / "01-m" / "01-x.md").write_text(
        "---\ntitle: X\nconfirm: I agree.\n---\nText.\n\n<quiz>\nQ?\n- [x] A\n- [ ] B\n</quiz>\n")
    errors = [str(e) for e in load_course(root).errors]
    assert errors == [f"{root}/01-m/01-x.md:3: a lesson asks for a confirmation or has a quiz, not both: remove one"]


def test_the_person_record_lists_each_confirmation_with_its_version(app, client, almost_done, make_user, auth, course):
    confirm(client)
    make_user("trainer@example.com", role="trainer")
    auth.logout()
    auth.login("trainer@example.com")
    page = client.get(f"/train/reports/people/{almost_done.id}").get_data(as_text=True)
    assert 'id="person-confirmations"' in page and course.lesson("advanced", "pledge").content_hash in page
