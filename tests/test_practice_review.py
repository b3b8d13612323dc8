"""The trainer's side of practice exercises: the review queue, one reply and its review, roles, escaping, CSV."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from builders import CAREFUL, HASTY
from conftest import PASSWORD, csrf_token

from course.db import database
from course.domain import managers, replies
from course.domain.reviews import MAX_COMMENT
from course.models import ReplyReview, utcnow
from course.reports.replies import review_queue

pytestmark = pytest.mark.lessons("practice")
QUEUE = "/train/practice/antworten/stoerung/stoerung"


@pytest.fixture
def people(app, make_user):
    made = {
        "admin": make_user("admin@example.com", role="admin"),
        "trainer": make_user("trainer@example.com", role="trainer", name="Tina Trainer"),
        "manager": make_user("manager@example.com", role="manager", department="Service"),
        "ann": make_user("ann@example.com", name="Ann Service", department="Service"),
        "bob": make_user("bob@example.com", name="Bob Sales", department="Sales"),
        "cem": make_user("cem@example.com", name="Cem Service", department="Service"),
    }
    with app.app_context(), database.connection_context():
        managers.set_departments(made["manager"], ["Service"])
    return made


@pytest.fixture
def sent(app, course, people):
    """Ann: hasty, then careful (two versions); Bob (Sales): hasty, an hour later; Cem: nothing."""
    lesson = course.lesson("antworten", "stoerung")
    exercise = lesson.exercises[0]
    start = utcnow() - timedelta(hours=3)
    with app.app_context(), database.connection_context():
        replies.submit_reply(people["ann"], lesson, exercise, HASTY, course.contract, now=start)
        ann = replies.submit_reply(people["ann"], lesson, exercise, CAREFUL, course.contract, now=start + timedelta(minutes=5)).reply
        bob = replies.submit_reply(people["bob"], lesson, exercise, HASTY, course.contract, now=start + timedelta(hours=1)).reply
    return {"ann": ann, "bob": bob}


def signed_in(app, email: str):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(client)})
    assert response.status_code == 302
    return client


def review(client, reply_id: int, **data):
    token = csrf_token(client, f"/train/replies/{reply_id}")
    return client.post(f"/train/replies/{reply_id}/review", data={"csrf_token": token, **data})


def queue_names(html: str) -> list[str]:
    return re.findall(r'<a href="/train/replies/\d+">([^<]+)</a>', html)


def test_the_queue_shows_each_persons_newest_reply_newest_first(app, people, sent):
    html = signed_in(app, "trainer@example.com").get(QUEUE).get_data(as_text=True)
    assert queue_names(html) == ["Bob Sales", "Ann Service"]
    ann_row = html.split(f'id="reply-{sent["ann"].id}"')[1].split("</tr>")[0]
    assert "Direktnachricht" in ann_row and '<td class="num">2</td>' in ann_row and "Not reviewed" in ann_row
    bob_row = html.split(f'id="reply-{sent["bob"].id}"')[1].split("</tr>")[0]
    assert 'class="failed"' in bob_row and "No personal data" in bob_row and "Phone number: 0421 1234567" in bob_row


def test_the_queue_filters_by_department_and_by_review(app, people, sent):
    client = signed_in(app, "trainer@example.com")
    assert queue_names(client.get(QUEUE + "?department=Sales").get_data(as_text=True)) == ["Bob Sales"]
    review(client, sent["ann"].id, comment="Gut.")
    html = client.get(QUEUE).get_data(as_text=True)
    assert "Reviewed" in html.split(f'id="reply-{sent["ann"].id}"')[1].split("</tr>")[0]
    assert queue_names(client.get(QUEUE + "?open=1").get_data(as_text=True)) == ["Bob Sales"]


def test_the_queue_is_paged(app, people, sent):
    with app.app_context(), database.connection_context():
        first, second = review_queue("antworten", "stoerung", "stoerung", size=1), review_queue("antworten", "stoerung", "stoerung", page=2, size=1)
    assert (first.total, first.pages, [r.name for r in first.rows]) == (2, 2, ["Bob Sales"])
    assert [r.name for r in second.rows] == ["Ann Service"]


def test_the_queue_page_links_its_pages_with_its_filters(app, people, sent, monkeypatch):
    monkeypatch.setattr("course.reports.replies.QUEUE_PAGE", 1)
    client = signed_in(app, "trainer@example.com")
    first = client.get(QUEUE + "?inactive=1").get_data(as_text=True)
    assert queue_names(first) == ["Bob Sales"] and "Page 1 of 2" in first
    assert f'href="{QUEUE}?page=2&amp;inactive=1" rel="next"' in first
    assert queue_names(client.get(QUEUE + "?inactive=1&page=2").get_data(as_text=True)) == ["Ann Service"]


def test_a_revision_after_a_review_shows_as_such(app, course, people, sent):
    client = signed_in(app, "trainer@example.com")
    review(client, sent["bob"].id, comment="Bitte ohne Telefonnummer.")
    lesson = course.lesson("antworten", "stoerung")
    with app.app_context(), database.connection_context():
        replies.submit_reply(people["bob"], lesson, lesson.exercises[0], CAREFUL, course.contract)
    html = client.get(QUEUE).get_data(as_text=True)
    assert "Revised after review" in html


@pytest.mark.parametrize("email", ["ann@example.com", "bob@example.com"])
def test_a_learner_gets_403_everywhere(app, people, sent, email):
    client = signed_in(app, email)
    for path in (QUEUE, QUEUE + ".csv", f"/train/replies/{sent['ann'].id}", "/train/reports/exercises/antworten/stoerung/stoerung",
                 "/train/reports/exercises/antworten/stoerung/stoerung.csv"):
        assert client.get(path).status_code == 403, path
    token = csrf_token(client, "/")
    assert client.post(f"/train/replies/{sent['ann'].id}/review", data={"csrf_token": token, "comment": "x"}).status_code == 403
    with app.app_context(), database.connection_context():
        assert ReplyReview.select().count() == 0


def test_a_manager_reads_their_own_departments_only_and_does_not_review(app, people, sent):
    client = signed_in(app, "manager@example.com")
    html = client.get(QUEUE).get_data(as_text=True)
    assert queue_names(html) == ["Ann Service"] and "Bob Sales" not in html
    assert client.get(QUEUE + "?department=Sales").status_code == 403
    assert client.get(QUEUE + ".csv?department=Sales").status_code == 403
    assert client.get(f"/train/replies/{sent['bob'].id}").status_code == 403
    page = client.get(f"/train/replies/{sent['ann'].id}").get_data(as_text=True)
    assert "Direktnachricht" in page and 'id="review-form"' not in page
    token = csrf_token(client, "/")
    assert client.post(f"/train/replies/{sent['ann'].id}/review", data={"csrf_token": token, "comment": "x"}).status_code == 403
    csv = client.get(QUEUE + ".csv").get_data(as_text=True)
    assert "ann@example.com" in csv and "bob@example.com" not in csv


@pytest.mark.parametrize("role", ["trainer", "admin"])
def test_a_trainer_or_admin_reviews_with_a_comment_and_an_example(app, people, sent, role):
    client = signed_in(app, f"{role}@example.com")
    response = review(client, sent["ann"].id, comment="  Sehr gut: freundlich und kurz.\r\n", example="1")
    assert response.status_code == 302 and response.location == f"/train/replies/{sent['ann'].id}"
    page = client.get(response.location).get_data(as_text=True)
    assert "Review saved." in page and "Sehr gut: freundlich und kurz.</textarea>" in page and 'id="example" name="example" value="1" checked' in page
    with app.app_context(), database.connection_context():
        stored = ReplyReview.get(ReplyReview.reply == sent["ann"].id)
        assert (stored.comment, stored.example, stored.reviewer_id) == ("Sehr gut: freundlich und kurz.", True, people[role].id)


def test_a_review_sent_twice_is_stored_once_and_keeps_its_first_time(app, people, sent):
    client = signed_in(app, "trainer@example.com")
    review(client, sent["ann"].id, comment="Gut.")
    with app.app_context(), database.connection_context():
        first = ReplyReview.get(ReplyReview.reply == sent["ann"].id).reviewed_at
    review(client, sent["ann"].id, comment="Gut.")
    review(client, sent["ann"].id, comment="Gut, jetzt als Beispiel.", example="1")
    with app.app_context(), database.connection_context():
        assert ReplyReview.select().count() == 1
        stored = ReplyReview.get(ReplyReview.reply == sent["ann"].id)
        assert (stored.comment, stored.example, stored.reviewed_at) == ("Gut, jetzt als Beispiel.", True, first)


def test_a_too_long_comment_gets_a_message_and_keeps_what_was_typed(app, people, sent):
    client = signed_in(app, "trainer@example.com")
    typed = "Zu lang. " * (MAX_COMMENT // 9 + 1)
    response = review(client, sent["ann"].id, comment=typed, example="1")
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and f"at most {MAX_COMMENT} are possible" in html
    assert typed.strip() in html and 'value="1" checked' in html
    with app.app_context(), database.connection_context():
        assert ReplyReview.select().count() == 0


def test_a_review_without_csrf_token_is_refused(app, people, sent):
    client = signed_in(app, "trainer@example.com")
    assert client.post(f"/train/replies/{sent['ann'].id}/review", data={"comment": "x"}).status_code == 400
    with app.app_context(), database.connection_context():
        assert ReplyReview.select().count() == 0


def test_an_unknown_reply_or_exercise_is_404(app, people, sent):
    client = signed_in(app, "trainer@example.com")
    assert client.get("/train/replies/999999").status_code == 404
    assert client.get("/train/practice/antworten/stoerung/nope").status_code == 404
    assert client.get("/train/reports/exercises/antworten/nope/stoerung").status_code == 404


def test_the_reply_page_shows_every_version_and_the_anonymised_preview(app, people, sent):
    page = signed_in(app, "trainer@example.com").get(f"/train/replies/{sent['ann'].id}").get_data(as_text=True)
    assert "Version 2" in page and f'/train/replies/{sent["ann"].id - 1}"' in page
    assert "Seit Dienstag kein Internet!" in page  # the post answered
    assert "Passed: Key words" in page


def test_reply_text_is_escaped_in_the_queue_the_reply_page_and_neutralised_in_the_csv(app, course, people):
    lesson = course.lesson("antworten", "stoerung")
    evil = '=HYPERLINK("http://evil.example","x")\n<script>alert(1)</script><img src=x onerror=alert(2)>'
    with app.app_context(), database.connection_context():
        reply = replies.submit_reply(people["ann"], lesson, lesson.exercises[0], evil).reply
    client = signed_in(app, "trainer@example.com")
    review(client, reply.id, comment="<b>bold</b> =1+1")
    for path in (QUEUE, f"/train/replies/{reply.id}"):
        html = client.get(path).get_data(as_text=True)
        assert "<script>alert(1)" not in html and "<img src=x" not in html and "&lt;script&gt;" in html, path
    assert "&lt;b&gt;bold&lt;/b&gt;" in client.get(f"/train/replies/{reply.id}").get_data(as_text=True)
    csv = client.get(QUEUE + ".csv").get_data(as_text=True)
    assert "'=HYPERLINK" in csv and '"=HYPERLINK' not in csv
    assert "<script>" in csv  # plain text in a CSV: a spreadsheet shows it, runs nothing


def test_the_content_page_and_the_items_page_lead_to_the_queue(app, people, sent):
    client = signed_in(app, "trainer@example.com")
    assert f'href="{QUEUE}"' in client.get("/train/content").get_data(as_text=True)
    items = client.get("/train/reports/items").get_data(as_text=True)
    assert f'href="{QUEUE}"' in items and 'href="/train/reports/exercises/antworten/stoerung/stoerung"' in items
    row = items.split('id="practice-exercises"')[1].split("</tr>")[1]
    assert "<td>2</td>\n      <td>2</td>" in row  # two people replied, neither reviewed


def test_the_queue_reads_the_german_interface(app, make_user, people, sent):
    make_user("trainerin@example.com", role="trainer", language="de")
    html = signed_in(app, "trainerin@example.com").get(QUEUE).get_data(as_text=True)
    assert "Nicht geprüft" in html and "Keine persönlichen Daten" in html


def test_the_learner_sees_the_comment_and_another_learner_the_example_only_after_their_own_reply(app, course, people, sent):
    review(signed_in(app, "trainer@example.com"), sent["ann"].id, comment="Klar und <b>freundlich</b>.", example="1")
    ann_page = signed_in(app, "ann@example.com").get("/learn/antworten/stoerung").get_data(as_text=True)
    assert "Klar und &lt;b&gt;freundlich&lt;/b&gt;." in ann_page
    cem = signed_in(app, "cem@example.com")
    before = cem.get("/learn/antworten/stoerung").get_data(as_text=True)
    assert 'id="examples-stoerung"' not in before and "Direktnachricht" not in before
    lesson = course.lesson("antworten", "stoerung")
    with app.app_context(), database.connection_context():
        replies.submit_reply(people["cem"], lesson, lesson.exercises[0], "Das tut uns leid.\nCem", course.contract)
    after = cem.get("/learn/antworten/stoerung").get_data(as_text=True)
    examples = after.split('id="examples-stoerung"')[1].split("</div>")[0]
    assert "Schreiben Sie uns bitte eine Direktnachricht." in examples and "Ann Service" not in examples
    assert "Klar und" not in after  # the comment is Ann's alone
