"""A trainer reviews a practice reply in a real browser (the queue, a comment, "show as example"); the author sees
the comment, and another learner sees the example without names once they have sent their own reply.

The first half of the journey, a learner writing and fixing a reply by keyboard, is tests/e2e/test_practice.py.
"""

from __future__ import annotations

import pytest
from conftest import PASSWORD

from course.db import database
from course.domain import replies
from course.models import ReplyReview

from .helpers import sign_in

pytestmark = pytest.mark.lessons("practice")
ANNS_REPLY = "Das tut uns leid, Frau Peters! Schreiben Sie uns bitte eine Direktnachricht.\nAnn"


@pytest.fixture
def replied(app, make_user, course):
    """A trainer, Ann Berger, who has answered the outage post, and Ben, who has not yet."""
    make_user("admin@example.com", role="admin")
    make_user("ben@example.com", name="Ben Weber", department="Sales")
    make_user("tina@example.com", role="trainer", name="Tina Trainer")
    ann = make_user("ann@example.com", name="Ann Berger", department="Service")
    lesson = course.lesson("antworten", "stoerung")
    with app.app_context(), database.connection_context():
        return replies.submit_reply(ann, lesson, lesson.exercises[0], ANNS_REPLY, course.contract).reply


def review_in_browser(page, comment: str) -> None:
    """From the reports, open the exercise's queue and the newest reply; comment and show it as an example."""
    page.goto("/train/reports/items")
    page.click("#practice-exercises a.queue-link")
    page.click("#review-queue a:has-text('Ann Berger')")
    page.fill("#comment", comment)
    page.check("#example")
    with page.expect_navigation():
        page.click("#save-review")


def test_a_trainer_comments_and_shows_a_reply_as_an_example(page, app, replied):
    sign_in(page, "tina@example.com", PASSWORD)
    review_in_browser(page, "Freundlich und kurz. <b>Weiter so</b>!")
    assert "Review saved." in page.inner_text("main")
    assert page.input_value("#comment") == "Freundlich und kurz. <b>Weiter so</b>!"
    assert page.inner_text("#shown-as").endswith("[…]")  # the signature "Ann" is taken out
    page.click("#back-to-queue")
    assert "Reviewed" in page.inner_text(f"#reply-{replied.id}") and "Example" in page.inner_text(f"#reply-{replied.id}")
    with app.app_context(), database.connection_context():
        review = ReplyReview.get(ReplyReview.reply == replied.id)
        assert (review.comment, review.example) == ("Freundlich und kurz. <b>Weiter so</b>!", True)


def test_the_author_sees_the_comment_and_another_learner_the_example_without_names(open_page, app, replied):
    trainer = open_page()
    sign_in(trainer, "tina@example.com", PASSWORD)
    review_in_browser(trainer, "Freundlich und kurz, weiter so!")
    ann = open_page()
    sign_in(ann, "ann@example.com", PASSWORD)
    ann.goto("/learn/antworten/stoerung")
    assert "Freundlich und kurz, weiter so!" in ann.inner_text("#comment-stoerung")
    ben = open_page()
    sign_in(ben, "ben@example.com", PASSWORD)
    ben.goto("/learn/antworten/stoerung")
    assert ben.locator("#examples-stoerung").count() == 0  # not before Ben has written his own
    assert "Direktnachricht" not in ben.inner_text("main")
    ben.fill("#reply-stoerung", "Sorry for the outage! Please send us a direct message.\nBen")
    with ben.expect_navigation():
        ben.click("#send-stoerung")
    example = ben.inner_text("#examples-stoerung")
    assert "Das tut uns leid, Frau […]! Schreiben Sie uns bitte eine Direktnachricht." in example  # the customer too
    assert example.rstrip().endswith("[…]") and "Ann" not in example and "Berger" not in example
    assert "Freundlich und kurz" not in ben.inner_text("main")  # the comment was for Ann alone
