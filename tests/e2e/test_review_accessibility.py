"""axe-core (WCAG 2 A/AA) on the trainer's review pages, at 1,280 and 375 px: the queue, a reply, the analysis."""

from __future__ import annotations

import pytest
from builders import HASTY
from conftest import PASSWORD

from course.db import database
from course.domain import replies, reviews
from course.models import User

from .axe import serious
from .helpers import sign_in
from .test_practice_review import replied  # noqa: F401 - fixtures

pytestmark = pytest.mark.lessons("practice")


@pytest.mark.parametrize("viewport", [{"width": 1280, "height": 800}, {"width": 375, "height": 740}], ids=["1280px", "375px"])
def test_the_review_pages_have_no_serious_violations(open_page, app, make_user, course, replied, viewport):  # noqa: F811
    ben = make_user("ben.hasty@example.com", name="Ben Hasty", department="Sales")
    lesson = course.lesson("antworten", "stoerung")
    with app.app_context(), database.connection_context():
        hasty = replies.submit_reply(ben, lesson, lesson.exercises[0], HASTY, course.contract).reply
        reviews.review_reply(User.get(User.email == "tina@example.com"), replied.id, "Gut.", example=True)
    page = open_page(viewport)
    sign_in(page, "tina@example.com", PASSWORD)
    found = {}
    for path in ("/train/reports/items", "/train/practice/antworten/stoerung/stoerung", f"/train/replies/{replied.id}",
                 f"/train/replies/{hasty.id}", "/train/reports/exercises/antworten/stoerung/stoerung"):
        page.goto(path)
        problems = serious(page)
        if problems:
            found[path] = [(v["id"], v["help"], v["nodes"]) for v in problems]
    assert not found, found
