"""The module summary of a course with practice exercises: the median time counts only modules done by the done rule."""

from __future__ import annotations

from datetime import timedelta

import pytest
from builders import ago, lesson, person

from course import reports
from course.db import database
from course.models import Reply, ReplyReview

pytestmark = pytest.mark.lessons("practice")


@pytest.fixture
def db(app):
    with app.app_context(), database.connection_context():
        yield app.extensions["kurs_db"]


def reply(user, lesson_id: str, at, passed: bool, version: int = 1) -> Reply:
    return Reply.create(user=user, module_id="antworten", lesson_id=lesson_id, exercise_key=lesson_id, version=version,
                        content_hash="x", text="Das tut uns leid.\nAnna", passed=passed, created_at=at)


def read_both(user, opened, read) -> None:
    """Open both lessons of the module and mark them as read: every lesson's own step is done."""
    lesson(user, "antworten", "stoerung", opened, read)
    lesson(user, "antworten", "troll", opened + timedelta(minutes=5), read)


def summary_of(course):
    return {row.module_id: row for row in reports.module_summary(course)}["antworten"]


def test_the_median_counts_only_people_whose_exercises_are_done(db, course):
    trainer = person("trainer@example.com", role="trainer")
    # Ann: read both at day 10, her outage reply passed 2 h later, the troll reply reviewed a day after that: done
    ann = person("ann@example.com")
    read_both(ann, ago(10), ago(10, -1))
    reply(ann, "stoerung", ago(10, -2), passed=True)
    ReplyReview.create(reply=reply(ann, "troll", ago(10, -3), passed=True), reviewer=trainer, reviewed_at=ago(9, -3))
    # Ben: read both in ten minutes and never answered
    read_both(person("ben@example.com"), ago(8), ago(8, -1 / 6))
    # Cem: read both, his outage reply passed, his troll reply waits for a review
    cem = person("cem@example.com")
    read_both(cem, ago(7), ago(7, -1 / 6))
    reply(cem, "stoerung", ago(7, -1 / 3), passed=True)
    reply(cem, "troll", ago(7, -1 / 2), passed=True)
    # Dora: read both, a failing outage reply only; the troll reviewed
    dora = person("dora@example.com")
    read_both(dora, ago(6), ago(6, -1 / 6))
    reply(dora, "stoerung", ago(6, -1 / 3), passed=False)
    ReplyReview.create(reply=reply(dora, "troll", ago(6, -1 / 2), passed=True), reviewer=trainer, reviewed_at=ago(6, -1))

    row = summary_of(course)
    assert (row.started, row.completed) == (4, 1)
    # from Ann's first lesson opened to her review: the last moment a lesson of hers became done
    assert row.median_seconds == pytest.approx(timedelta(days=1, hours=3).total_seconds())


def test_a_review_or_a_passing_reply_before_reading_counts_from_the_reading(db, course):
    """A lesson is done at the latest of its own step and its exercises: here the reading came last."""
    trainer = person("trainer@example.com", role="trainer")
    ann = person("ann@example.com")
    reply(ann, "stoerung", ago(5), passed=True)
    ReplyReview.create(reply=reply(ann, "troll", ago(5, -1), passed=False), reviewer=trainer, reviewed_at=ago(5, -2))
    read_both(ann, ago(5, 1), ago(4))
    row = summary_of(course)
    assert row.completed == 1
    assert row.median_seconds == pytest.approx(timedelta(days=1, hours=1).total_seconds())


def test_nobody_done_has_no_median(db, course):
    read_both(person("ben@example.com"), ago(8), ago(8, -1))
    row = summary_of(course)
    assert (row.started, row.completed, row.median_seconds) == (1, 0, None)
