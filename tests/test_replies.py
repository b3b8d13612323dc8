"""Replies to practice exercises: every version stored with its checks' results, a double submit once, sizes."""

from __future__ import annotations

import pytest
from builders import CAREFUL, HASTY

from course.content.exercise import MAX_REPLY
from course.db import database
from course.domain import replies
from course.models import Reply, ReplyCheck, ReplyReview

pytestmark = pytest.mark.lessons("practice")


@pytest.fixture
def ctx(app):
    with app.app_context(), database.connection_context():
        yield


@pytest.fixture
def outage(course):
    lesson = course.lesson("antworten", "stoerung")
    return lesson, lesson.exercises[0]


def test_a_reply_is_checked_and_stored_with_each_result(ctx, make_user, course, outage):
    ann = make_user()
    lesson, exercise = outage
    first = replies.submit_reply(ann, lesson, exercise, HASTY, course.contract)
    assert not first.duplicate and not first.reply.passed and first.reply.version == 1
    results = replies.check_results(first.reply)
    assert [(r.position, r.kind, r.passed) for r in results] == [
        (1, "contains", False), (2, "no_personal_data", False), (3, "length", True), (4, "signature", False)]
    assert results[1].found == "phone: 0421 1234567"
    assert results[0].feedback == "Entschuldigen Sie sich zuerst für die Störung."
    assert (first.reply.language, first.reply.content_hash) == ("de", lesson.content_hash)


def test_every_version_is_kept_and_only_the_newest_is_latest(ctx, make_user, outage):
    ann = make_user()
    lesson, exercise = outage
    replies.submit_reply(ann, lesson, exercise, HASTY)
    second = replies.submit_reply(ann, lesson, exercise, CAREFUL + "\r\n")
    assert second.reply.passed and second.reply.version == 2 and second.reply.text == CAREFUL
    history = replies.reply_history(ann, lesson, exercise.key)
    assert [(r.version, r.latest, r.passed) for r in history] == [(2, True, True), (1, False, False)]
    assert replies.latest_reply(ann, lesson, exercise.key).id == second.reply.id
    assert ReplyCheck.select().count() == 8


def test_the_same_text_again_is_stored_once(ctx, make_user, outage):
    ann = make_user()
    lesson, exercise = outage
    first = replies.submit_reply(ann, lesson, exercise, CAREFUL)
    again = replies.submit_reply(ann, lesson, exercise, "  " + CAREFUL + "\n")
    assert again.duplicate and again.reply.id == first.reply.id
    assert Reply.select().count() == 1 and ReplyCheck.select().count() == 4


def test_each_person_and_exercise_counts_its_own_versions(ctx, make_user, course, outage):
    ann, bob = make_user(), make_user("bob@example.com")
    lesson, exercise = outage
    troll = course.lesson("antworten", "troll")
    replies.submit_reply(ann, lesson, exercise, HASTY)
    assert replies.submit_reply(bob, lesson, exercise, HASTY).reply.version == 1
    assert replies.submit_reply(ann, troll, troll.exercises[0], HASTY).reply.version == 1
    assert replies.latest_reply(bob, troll, "troll") is None


@pytest.mark.parametrize(("text", "message"), [
    ("   \n ", "Write your reply first."),
    ("x" * (MAX_REPLY + 1), f"at most {MAX_REPLY} are possible"),
])
def test_an_empty_or_too_long_reply_is_refused_with_a_message(ctx, make_user, outage, text, message):
    lesson, exercise = outage
    with pytest.raises(replies.ReplyRefused) as refused:
        replies.submit_reply(make_user(), lesson, exercise, text)
    assert message in refused.value.args[0]
    assert Reply.select().count() == 0


def test_a_reply_of_exactly_the_limit_is_stored(ctx, make_user, outage):
    lesson, exercise = outage
    assert replies.submit_reply(make_user(), lesson, exercise, "x" * MAX_REPLY).reply.version == 1


def test_a_translated_lesson_stores_under_the_same_key_and_counts_on(ctx, make_user, course, outage):
    ann = make_user()
    lesson, exercise = outage
    english = course.in_language("en").lesson("antworten", "stoerung")
    replies.submit_reply(ann, lesson, exercise, HASTY)
    second = replies.submit_reply(ann, english, english.exercises[0], "We are sorry! Please send us a direct message.\nAnna")
    assert (second.reply.version, second.reply.language, second.reply.exercise_key, second.reply.passed) == (2, "en", "stoerung", True)


def test_times_reviews_and_examples(ctx, make_user, course, outage):
    ann, trainer = make_user(), make_user("t@example.com", role="trainer")
    lesson, exercise = outage
    hasty = replies.submit_reply(ann, lesson, exercise, HASTY).reply
    assert replies.exercise_times(ann, lesson) == {}
    careful = replies.submit_reply(ann, lesson, exercise, CAREFUL).reply
    assert replies.exercise_times(ann, lesson) == {"stoerung": (careful.created_at, None)}
    ReplyReview.create(reply=hasty, reviewer=trainer, comment="Bitte ohne Telefonnummer.", reviewed_at=careful.created_at)
    ReplyReview.create(reply=careful, reviewer=trainer, comment="Gut so.", example=True)
    assert replies.latest_review(ann, lesson, "stoerung").comment == "Gut so."
    assert replies.review_of(hasty).comment == "Bitte ohne Telefonnummer."
    assert replies.exercise_times(ann, lesson)["stoerung"] == (careful.created_at, careful.created_at)
    assert replies.shown_examples(lesson, "stoerung") == [CAREFUL.replace("Peters", "[…]")]  # the customer's name taken out
    assert replies.shown_examples(course.lesson("antworten", "troll"), "troll") == []
