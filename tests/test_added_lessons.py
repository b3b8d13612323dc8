"""A lesson added to a module people have completed: completion follows today's lessons (docs/decisions.md).

The rule is the one every change to a module follows (a removed lesson, a changed confirmation):
whoever completed the module has the new lesson to do. What stands: the certificate issued for
the completion (its code still verifies), and an admin gives people time by assigning the module
again with a new due date.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from builders import ago, lesson, person

from course.content.catalog import Catalog
from course.db import database
from course.domain import assignments, verification
from course.domain.certificate import course_completion
from course.domain.standing import State, person_standing

ADDED = "---\ntitle: Something new\n---\nA lesson the trainer added after people had completed the module.\n"


@pytest.fixture
def db(app):
    with app.app_context(), database.connection_context():
        yield app.extensions["kurs_db"]


@pytest.fixture
def graduate(db, course):
    """Someone who joined 30 days ago and completed every lesson of the course 20 days ago."""
    someone = person("gina@example.com", created_days_ago=30)
    for module in course.modules:
        for item in module.lessons:
            lesson(someone, module.id, item.id, ago(21), ago(20))
    return someone


def with_added_lesson(lessons_dir, tmp_path):
    (lessons_dir / "01-basics" / "03-something-new.md").write_text(ADDED, encoding="utf-8")
    return Catalog(lessons_dir, cache_dir=tmp_path / "added-cache").course()


def test_an_added_lesson_is_to_do_for_those_who_completed_the_module(db, course, graduate, lessons_dir, tmp_path):
    assert person_standing(course, graduate)["basics"].state == State.COMPLETED
    done = course_completion(course, graduate)
    issued = verification.certificate_for(graduate, course.title, done.completed_at, done.valid_until)

    grown = with_added_lesson(lessons_dir, tmp_path)
    basics = person_standing(grown, graduate)["basics"]
    # basics is mandatory, due 14 days after the account: today's module is open, and late
    assert (basics.done, basics.total, basics.state) == (2, 3, State.OVERDUE)
    assert not course_completion(grown, graduate).complete
    assert verification.find(issued.code).id == issued.id  # the certificate issued for the completion stands

    # assigning the module again with a new date gives the time to do the new lesson
    assignments.assign(grown.module("basics"), None, user=graduate, due_at=ago(-14))
    basics = person_standing(grown, graduate)["basics"]
    assert basics.state == State.IN_PROGRESS and basics.due_at > ago(-13)

    lesson(graduate, "basics", "something-new", ago(0, 1), ago(0) - timedelta(minutes=5))
    assert person_standing(grown, graduate)["basics"].state == State.COMPLETED
