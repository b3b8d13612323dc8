"""Recertification end to end: an expired completion is due again, renewed lesson by lesson, and kept in the history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from builders import NOW, ago, attempt, lesson, open_quiz, quiz_form
from conftest import csrf_token

from course import reports
from course.db import database
from course.domain.certificate import course_completion
from course.domain.standing import State, person_standing, valid_until
from course.models import LessonProgress, ModuleCompletion


@pytest.fixture
def lessons_dir(lessons_dir):
    """The fixture course with Advanced (a reading and a quiz of two attempts) renewed every 12 months."""
    module = lessons_dir / "02-advanced" / "module.md"
    module.write_text(module.read_text().replace("title: Advanced\n", "title: Advanced\nrecertify_months: 12\ndue_days: 30\n"))
    return lessons_dir


@pytest.fixture
def expired(app, learner, course):
    """The learner completed Advanced 380 days ago (expired 15 days ago, due again in 15), using both quiz attempts."""
    with app.app_context(), database.connection_context():
        # at 08:00 UTC, so first + 2 h is the same local day at any hour the suite runs (from 21:00 UTC
        # it was the next one in Berlin, and the renewal archived a second round: see the report)
        first = ago(days=380).replace(hour=8, minute=0, second=0, microsecond=0)
        lesson(learner, "advanced", "reading", first, first)
        lesson(learner, "advanced", "final", first, first + timedelta(hours=2))
        attempt(learner, "advanced", "final", first + timedelta(hours=1), [("q1", "Pick", "Wrong", False)])
        attempt(learner, "advanced", "final", first + timedelta(hours=2), [("q1", "Pick", "Right", True)])
    return first


def standing_now(app, course, learner):
    with app.app_context(), database.connection_context():
        return person_standing(course, learner)["advanced"]


def test_an_expired_completion_is_due_again_then_renewed_and_kept_in_the_history(app, client, learner, course, expired):
    old = standing_now(app, course, learner)
    with app.test_request_context():
        until = valid_until(course.module("advanced"), expired)
    assert (old.state, old.valid_until, old.completed_at) == (State.DUE_AGAIN, until, expired + timedelta(hours=2))
    assert old.due_at > NOW  # due_days (30) after the expiry, about 15 days ago

    page = client.get("/").get_data(as_text=True)
    assert "Due again" in page and "expired" in page
    module_page = client.get("/learn/advanced").get_data(as_text=True)
    assert "state-completed\">Done" not in module_page  # the old round's lessons count no more

    # the reading, done again: a new completion time, and the old round in the history
    client.post("/learn/advanced/reading/done", data={"csrf_token": csrf_token(client, "/learn/advanced/reading")})
    with app.app_context(), database.connection_context():
        reading = LessonProgress.get(LessonProgress.lesson_id == "reading")
        assert reading.completed_at > NOW - timedelta(minutes=5)
        rounds = list(ModuleCompletion.select().tuples())
        assert [(r[2], r[3], r[4]) for r in rounds] == [("advanced", expired + timedelta(hours=2), until)]
    assert standing_now(app, course, learner).state == State.DUE_AGAIN  # the quiz is still from the old round

    # both attempts were used in the old round: this round has its own two
    token, csrf, html = open_quiz(client, "/learn/advanced/final")
    final = course.lesson("advanced", "final")
    client.post("/learn/advanced/final/quiz", data={**quiz_form(final), "attempt": token, "csrf_token": csrf})
    renewed = standing_now(app, course, learner)
    assert renewed.state == State.COMPLETED and renewed.valid_until > NOW + timedelta(days=360)
    with app.app_context(), database.connection_context():
        assert ModuleCompletion.select().count() == 1  # one earlier round, archived once

    record = client.get(f"/train/reports/people/{learner.id}")  # a learner may not: the trainer's view below
    assert record.status_code == 403
    assert "Earlier completions" in client.get("/history").get_data(as_text=True)


def test_reports_show_due_again_and_then_overdue(app, learner, course, expired):
    with app.app_context(), database.connection_context():
        row = next(r for r in reports.full_matrix(course) if r.person.id == learner.id)
        assert row.cells[1].state == State.DUE_AGAIN
        later = NOW + timedelta(days=20)  # past due_days after the expiry
        row = next(r for r in reports.full_matrix(course, now=later) if r.person.id == learner.id)
        assert row.cells[1].state == State.OVERDUE
        late = [r for r in reports.overdue(course, now=later) if r.person.id == learner.id and r.module_id == "advanced"]
        assert [(r.module_id, r.source) for r in late] == [("advanced", "recertification")]
        summary = {s.module_id: s for s in reports.module_summary(course)}
        assert summary["advanced"].completed == 0


def test_the_matrix_reads_completion_times_only_where_recertification_needs_them(app, learner, course, expired):
    """The matrix shows states, lessons done and due dates, not when: reading the times costs twice the count."""
    basics = course.module("basics")
    with app.app_context(), database.connection_context():
        for item in basics.lessons:
            lesson(learner, "basics", item.id, ago(days=3), ago(days=2))
        page = next(r for r in reports.matrix(course).rows if r.person.id == learner.id)
        cells = {cell.module_id: cell for cell in page.cells}
        mine = person_standing(course, learner)
    assert (cells["basics"].state, cells["basics"].done, cells["basics"].completed_at) == (
        State.COMPLETED, len(basics.lessons), None)
    assert (cells["advanced"].state, cells["advanced"].completed_at) == (State.DUE_AGAIN, expired + timedelta(hours=2))
    assert cells["advanced"].valid_until == mine["advanced"].valid_until is not None
    assert mine["basics"].completed_at == ago(days=2)  # the dashboard, the record and the certificate read them


def test_the_certificate_says_until_when_it_is_valid(app, client, learner, course):
    with app.app_context(), database.connection_context():
        for module in course.modules:
            for item in module.lessons:
                lesson(learner, module.id, item.id, ago(days=10), ago(days=10))
        completion = course_completion(course, learner)
        expected = valid_until(course.module("advanced"), ago(days=10))
    assert completion.complete
    page = client.get("/certificate").get_data(as_text=True)
    assert 'id="valid-until"' not in page  # only Basics is required: it never expires
    assert completion.required[0].valid_until is None and completion.optional[0].valid_until == expected


def test_the_expired_round_is_archived_once_when_its_lessons_were_done_on_different_days(app, client, learner, course):
    """Renewing the first lesson moves the standing's first time to the old round's second lesson (a day
    later here): the round must still be archived once, with its own times (this failed late in the
    evening only, when two hours crossed midnight in Berlin)."""
    with app.app_context(), database.connection_context():
        first = ago(days=380)
        lesson(learner, "advanced", "reading", first, first)
        lesson(learner, "advanced", "final", first, first + timedelta(days=1))
        attempt(learner, "advanced", "final", first + timedelta(days=1), [("q1", "Pick", "Right", True)])
    old = standing_now(app, course, learner)
    assert old.state == State.DUE_AGAIN
    client.post("/learn/advanced/reading/done", data={"csrf_token": csrf_token(client, "/learn/advanced/reading")})
    token, csrf, html = open_quiz(client, "/learn/advanced/final")
    final = course.lesson("advanced", "final")
    client.post("/learn/advanced/final/quiz", data={**quiz_form(final), "attempt": token, "csrf_token": csrf})
    assert standing_now(app, course, learner).state == State.COMPLETED
    with app.app_context(), database.connection_context():
        rounds = [(r[2], r[3], r[4]) for r in ModuleCompletion.select().tuples()]
    assert rounds == [("advanced", old.completed_at, old.valid_until)]
