"""The learner's practice page: a post as in a feed, replies checked on the server, versions, the model answer, the done rule."""

from __future__ import annotations

import re

import pytest
from builders import CAREFUL, HASTY
from conftest import PASSWORD, csrf_token

from course.content.exercise import MAX_REPLY
from course.db import database
from course.models import LessonProgress, Reply, ReplyCheck, ReplyReview, User

pytestmark = pytest.mark.lessons("practice")
OUTAGE, TROLL = "/learn/antworten/stoerung", "/learn/antworten/troll"


@pytest.fixture
def german(app, learner):
    with app.app_context(), database.connection_context():
        User.update(language="de").where(User.id == learner.id).execute()
    return learner


def send(client, text, lesson=OUTAGE, key="stoerung", language="de", **extra):
    token = csrf_token(client, lesson)
    return client.post(f"{lesson}/reply/{key}", data={"csrf_token": token, "reply": text, "language": language, **extra})


def rows(app, model, *where):
    with app.app_context(), database.connection_context():
        return list(model.select().where(*where) if where else model.select())


def test_the_post_is_shown_as_in_a_feed_with_its_thread_and_task(client, german):
    page = client.get(OUTAGE).get_data(as_text=True)
    assert 'class="feed network-facebook"' in page and ">Facebook<" in page
    assert ">JP</span>" in page and "Jana Peters" in page and "Seit Dienstag kein Internet!" in page
    assert "Tom Krause" in page and "Bei uns in Findorff auch." in page and ">TK</span>" in page
    assert "Antworten Sie öffentlich im Namen von Nordwind." in page
    assert 'data-limit="400"' in page and f'maxlength="{MAX_REPLY}"' in page
    # nothing of the answer before a reply: neither the model nor the checks' feedback
    assert "Am Dienstag wurde ein Kabel" not in page and "Entschuldigen Sie sich zuerst" not in page
    # the counter's script once, after the page; the tab's title is the lesson's alone (a <title> shows tags as text)
    assert page.count('src="/static/practice.js"') == 1
    assert re.search(r"<title>([^<]*)</title>", page).group(1).endswith(" · Kurs")


def test_a_failed_reply_shows_every_check_at_once_and_is_stored(client, app, german):
    response = send(client, HASTY)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"{OUTAGE}#result-stoerung")
    page = client.get(OUTAGE).get_data(as_text=True)
    assert "Entschuldigen Sie sich zuerst für die Störung." in page
    assert "Telefonnummer: 0421 1234567" in page
    assert "Unterschreiben Sie mit Ihrem Vornamen." in page
    assert page.count('class="passed"') == 1 and page.count('class="failed"') == 3
    assert "Kabel beschädigt" not in page  # the model answer waits for a passing reply
    assert HASTY in page  # the box keeps the text to revise
    [reply] = rows(app, Reply)
    assert (reply.version, reply.passed, reply.text, reply.language) == (1, False, HASTY, "de")


def test_a_revised_reply_is_a_new_version_and_passing_shows_the_model(client, app, german):
    send(client, HASTY)
    send(client, CAREFUL)
    page = client.get(OUTAGE).get_data(as_text=True)
    assert 'id="model-stoerung"' in page and "Am Dienstag wurde ein Kabel beschädigt" in page
    assert 'class="failed"' not in page and "Alle Prüfungen bestanden." in page
    assert "1 frühere Fassung" in page and HASTY in page  # the earlier version, kept
    replies = rows(app, Reply)
    assert [(r.version, r.passed, r.latest) for r in sorted(replies, key=lambda r: r.version)] == [
        (1, False, False), (2, True, True)]
    assert len(rows(app, ReplyCheck)) == 8


def test_a_double_submit_is_stored_once(client, app, german):
    token = csrf_token(client, OUTAGE)
    for _ in range(2):
        response = client.post(f"{OUTAGE}/reply/stoerung", data={"csrf_token": token, "reply": CAREFUL, "language": "de"})
        assert response.status_code == 302
    assert len(rows(app, Reply)) == 1
    assert "bereits gesendet" in client.get(OUTAGE).get_data(as_text=True)


@pytest.mark.parametrize(("text", "message"), [
    ("", "Schreiben Sie zuerst Ihre Antwort."),
    ("x" * (MAX_REPLY + 1), f"möglich sind höchstens {MAX_REPLY}"),
])
def test_an_empty_or_too_long_reply_is_refused_with_a_message_and_kept(client, app, german, text, message):
    response = send(client, text)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page
    assert 'aria-invalid="true"' in page and text in page
    assert rows(app, Reply) == []


def test_a_reply_is_plain_text_escaped_everywhere(client, app, german):
    hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> & "quotes"\nAnna'
    send(client, hostile)
    send(client, hostile.replace("Anna", "Ben"))  # an earlier version is shown too
    page = client.get(OUTAGE).get_data(as_text=True)
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; &amp; &#34;quotes&#34;" in page


def test_the_form_needs_its_csrf_token(client, app, german):
    response = client.post(f"{OUTAGE}/reply/stoerung", data={"reply": CAREFUL, "language": "de"})
    assert response.status_code == 400
    assert rows(app, Reply) == []


def test_an_unknown_exercise_or_lesson_is_not_found(client, german):
    assert send(client, CAREFUL, key="nope").status_code == 404
    assert client.post("/learn/antworten/nope/reply/stoerung", data={"csrf_token": csrf_token(client, OUTAGE)}).status_code == 404


def test_signed_out_is_sent_to_sign_in(client, app):
    response = client.post(f"{OUTAGE}/reply/stoerung", data={"reply": CAREFUL})
    assert response.status_code in (302, 400)
    assert rows(app, Reply) == []


def test_another_learner_never_sees_your_replies(client, app, auth, german, make_user):
    send(client, HASTY)
    make_user("bob@example.com")
    auth.logout()
    auth.login("bob@example.com", PASSWORD)
    page = client.get(OUTAGE).get_data(as_text=True)
    assert "0421 1234567" not in page and 'id="result-stoerung"' not in page


def test_the_english_lesson_checks_in_english_under_the_same_key(client, app, learner):
    page = client.get(OUTAGE).get_data(as_text=True)  # the suite reads English
    assert "No internet since Tuesday!" in page
    send(client, "We are sorry! Please send us a direct message.\nAnna", language="en")
    page = client.get(OUTAGE).get_data(as_text=True)
    assert "Every check passed." in page and "a cable was damaged on Tuesday" in page
    [reply] = rows(app, Reply)
    assert (reply.exercise_key, reply.language, reply.passed) == ("stoerung", "en", True)


def test_a_trainer_preview_shows_the_post_without_a_form(client, app, make_user, auth):
    make_user("trainer@example.com", role="trainer")
    auth.login("trainer@example.com", PASSWORD)
    page = client.get(OUTAGE + "?preview=1").get_data(as_text=True)
    assert "Jana Peters" in page and 'name="reply"' not in page


# ---------------------------------------------------------------- the done rule


def lesson_state(client, lesson_id):
    """The lesson's row on the module page: done or not."""
    page = client.get("/learn/antworten").get_data(as_text=True)
    row = re.search(rf'href="/learn/antworten/{lesson_id}".*?</li>', page, re.S).group()
    return "state-completed" in row


def mark_done(client, lesson):
    return client.post(f"{lesson}/done", data={"csrf_token": csrf_token(client, lesson)})


def test_a_lesson_with_exercises_is_done_only_once_every_check_passed(client, app, learner):
    mark_done(client, OUTAGE)
    assert rows(app, LessonProgress, LessonProgress.completed_at.is_null(False))  # read: its own step
    assert not lesson_state(client, "stoerung")
    send(client, "We are not responsible.", language="en")
    assert not lesson_state(client, "stoerung")
    send(client, "We are sorry! Please send us a direct message.\nAnna", language="en")
    assert lesson_state(client, "stoerung")


def test_a_passing_reply_without_reading_is_not_done_either(client, app, learner):
    send(client, "We are sorry! Please send us a direct message.\nAnna", language="en")
    assert not lesson_state(client, "stoerung")
    mark_done(client, OUTAGE)
    assert lesson_state(client, "stoerung")


def test_a_review_exercise_is_done_once_a_trainer_reviewed_it(client, app, learner, make_user):
    mark_done(client, TROLL)
    send(client, "Sorry you are unhappy. Send us a direct message.\nAnna", lesson=TROLL, key="troll", language="en")
    assert not lesson_state(client, "troll")  # every check passed, but a trainer must review it
    trainer = make_user("trainer@example.com", role="trainer")
    with app.app_context(), database.connection_context():
        ReplyReview.create(reply=Reply.get(), reviewer=trainer, comment="Calm and short: good.")
    assert lesson_state(client, "troll")
    page = client.get(TROLL).get_data(as_text=True)
    assert "Calm and short: good." in page and 'id="model-troll"' in page


def test_the_module_is_completed_only_with_every_exercise_done(client, app, learner, make_user):
    from course import reports
    from course.domain import standing

    for lesson in (OUTAGE, TROLL):
        mark_done(client, lesson)
    send(client, "We are sorry! Please send us a direct message.\nAnna", language="en")
    course = app.extensions["kurs_catalog"].course()
    with app.app_context(), database.connection_context():
        person = User.get_by_id(learner.id)
        assert standing.person_standing(course, person)["antworten"].state == "in progress"
        # the summary asks the rule too, not its completion times (every lesson's own step is done)
        assert {r.module_id: r.completed for r in reports.module_summary(course)}["antworten"] == 0
        ReplyReview.create(reply=Reply.create(user=person, module_id="antworten", lesson_id="troll", exercise_key="troll",
                                              version=1, content_hash="x", text="Ok\nAnna", passed=False),
                           reviewer=make_user("trainer@example.com", role="trainer"))
        assert standing.person_standing(course, person)["antworten"].state == "completed"
        assert standing.completed_pairs(course, [person.id]) == [(person.id, "antworten")]
        assert {r.module_id: r.completed for r in reports.module_summary(course)}["antworten"] == 1


def test_the_posts_image_is_shown_and_served(client, learner):
    page = client.get(TROLL).get_data(as_text=True)
    assert '<img class="feed-image" src="/media/01-antworten/beitrag.png"' in page
    with client.get("/media/01-antworten/beitrag.png") as response:
        assert response.status_code == 200


@pytest.mark.parametrize(("alt", "shown"), [
    (None, 'alt="Ein Bildschirmfoto des Beitrags mit drei wütenden Smileys" lang="de"'),  # the trainer's description
    ('alt: ""', 'alt=""'),  # decorative: screen readers pass it by
    ("", 'alt="Bild im Beitrag"'),  # none written (lessons check warns): at least that there is an image
])
def test_the_posts_image_has_the_trainers_alt_text(client, german, lessons_dir, alt, shown):
    if alt is not None:
        troll = lessons_dir / "01-antworten" / "02-troll.md"
        text = troll.read_text(encoding="utf-8")
        troll.write_text(text.replace("alt: Ein Bildschirmfoto des Beitrags mit drei wütenden Smileys\n", f"{alt}\n" if alt else ""), encoding="utf-8")
    page = client.get(TROLL).get_data(as_text=True)
    assert f'<img class="feed-image" src="/media/01-antworten/beitrag.png" {shown}>' in page


def test_the_demo_company_practises_too(app, course):
    from course.commands.demo import build_demo
    from course.domain import standing

    with app.app_context(), database.connection_context():
        build_demo(course, size=60)
        replies = list(Reply.select())
        assert any(not r.passed for r in replies) and any(r.passed for r in replies)  # hasty tries, then careful ones
        assert all(r.latest == (r.version == max(x.version for x in replies if (x.user_id, x.exercise_key) == (r.user_id, r.exercise_key)))
                   for r in replies)
        assert ReplyCheck.select().where(ReplyCheck.passed == False).count() > 0  # noqa: E712
        assert ReplyReview.select().count() > 0  # the troll is reviewed by a trainer
        people = list(User.select())
        states = {s.state for row in standing.standings_of(course, people).values() for s in row}
        assert "completed" in states and "in progress" in states


def test_examples_are_shown_without_names_only_after_your_own_reply(client, app, auth, learner, make_user):
    ann = make_user("ann@example.com", name="Ann Example")
    trainer = make_user("trainer@example.com", role="trainer")
    with app.app_context(), database.connection_context():
        chosen = Reply.create(user=ann, module_id="antworten", lesson_id="stoerung", exercise_key="stoerung", version=1,
                              content_hash="x", text="Sorry, Jana! <b>DM</b> us.\nAnn", passed=True)
        ReplyReview.create(reply=chosen, reviewer=trainer, comment="Ann's secret comment", example=True)
    before = client.get(OUTAGE).get_data(as_text=True)
    assert "Sorry, Jana!" not in before and 'id="examples-stoerung"' not in before  # not "DM": a CSRF token may hold it
    send(client, "We are not responsible.", language="en")
    after = client.get(OUTAGE).get_data(as_text=True)
    # Jana Peters wrote the post: a customer's name goes too
    assert 'id="examples-stoerung"' in after and "Sorry, […]! &lt;b&gt;DM&lt;/b&gt; us." in after
    assert "Ann Example" not in after and "Ann&#39;s secret comment" not in after and "secret" not in after


def test_continue_goes_past_a_lesson_that_only_waits_for_a_review(client, app, learner):
    mark_done(client, OUTAGE)
    send(client, "We are sorry! Please send us a direct message.\nAnna", language="en")
    mark_done(client, TROLL)
    assert 'id="continue" href="/learn/antworten/troll"' in client.get("/").get_data(as_text=True)  # not answered yet
    send(client, "Sorry you are unhappy. Send us a direct message.\nAnna", lesson=TROLL, key="troll", language="en")
    for page in ("/", "/learn/antworten"):
        assert 'href="/learn/antworten/troll"' not in re.search(r'id="continue"[^>]*>|$', client.get(page).get_data(as_text=True)).group()
    assert not lesson_state(client, "troll")  # still open: the trainer has not reviewed it


def test_the_person_record_completes_a_lesson_with_exercises_by_the_same_rule(client, app, learner):
    from course import reports

    course = app.extensions["kurs_catalog"].course()

    def completed_at():
        with app.app_context(), database.connection_context():
            record = reports.person_record(course, User.get_by_id(learner.id))
        return next(r.completed_at for r in record.lessons if r.lesson_id == "stoerung")

    mark_done(client, OUTAGE)
    assert completed_at() is None  # read, but the post is not answered yet
    send(client, "We are sorry! Please send us a direct message.\nAnna", language="en")
    [reply] = rows(app, Reply)
    assert completed_at() == reply.created_at
