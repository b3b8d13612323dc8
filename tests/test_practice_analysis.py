"""Item analysis of practice exercises (which checks fail most, median revisions), its CSV, and anonymised examples."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import pytest
from builders import CAREFUL
from test_practice_review import people, sent, signed_in  # noqa: F401 - fixtures

from course.db import database
from course.domain import replies
from course.domain.reviews import PLACEHOLDER, anonymise, name_parts, review_reply
from course.models import ReplyReview, User, utcnow
from course.reports.common import EVERYONE, Scope
from course.reports.exercise_items import exercise_analysis, median_of_counts
from course.reports.replies import review_queue

pytestmark = pytest.mark.lessons("practice")
ANALYSIS = "/train/reports/exercises/antworten/stoerung/stoerung"
# Cem: three versions, the second still without a signature
CEM = ("Das ist ärgerlich, das tut uns leid.", "Das tut uns leid! Schreiben Sie uns eine Direktnachricht.", CAREFUL.replace("Anna", "Cem"))


@pytest.fixture
def cem(app, course, people, sent):  # noqa: F811
    lesson = course.lesson("antworten", "stoerung")
    with app.app_context(), database.connection_context():
        for n, text in enumerate(CEM):
            replies.submit_reply(people["cem"], lesson, lesson.exercises[0], text, course.contract,
                                 now=utcnow() - timedelta(minutes=30 - n))


def figures(app, course, scope=EVERYONE):
    with app.app_context(), database.connection_context():
        found = exercise_analysis(course, "antworten", "stoerung", "stoerung", scope)
    return found, {c.kind: (c.first_failed, c.first_people, c.latest_failed, c.latest_people) for c in found.checks}


def test_which_checks_fail_most_on_first_and_newest_replies(app, course, cem):
    # first replies: Ann and Bob hasty (contains, personal data, signature fail), Cem without a signature
    # newest: Ann careful, Bob hasty, Cem careful
    found, checks = figures(app, course)
    assert (found.people, found.passed) == (3, 2)
    assert checks == {"contains": (2, 3, 1, 3), "no_personal_data": (2, 3, 1, 3), "signature": (3, 3, 1, 3),
                      "length": (0, 3, 0, 3)}
    assert [c.kind for c in found.checks] == ["signature", "contains", "no_personal_data", "length"]
    assert found.checks[0].first_share == 100 and round(found.checks[1].latest_share, 1) == 33.3
    assert found.checks[0].feedback == "Unterschreiben Sie mit Ihrem Vornamen."
    # versions 2 (Ann), 1 (Bob), 3 (Cem): the median person sent 2, so revised once
    assert found.median_revisions == 1


def test_the_analysis_counts_one_department_only(app, course, cem):
    found, checks = figures(app, course, Scope("Sales"))
    assert (found.people, found.passed, found.median_revisions) == (1, 0, 0)
    assert checks["contains"] == (1, 1, 1, 1)


def test_an_exercise_without_replies_has_no_figures(app, course, people):  # noqa: F811
    found, checks = figures(app, course)
    assert (found.people, found.median_revisions, checks) == (0, None, {})


@pytest.mark.parametrize(("counts", "median"), [
    ({}, None), ({1: 1}, 1), ({1: 1, 2: 1}, 1.5), ({1: 2, 5: 1}, 1), ({1: 1, 2: 1, 9: 2}, 5.5), ({3: 4}, 3),
])
def test_the_median_of_counted_values(counts, median):
    assert median_of_counts(counts) == median


def test_the_analysis_page_and_its_csv(app, cem):
    client = signed_in(app, "trainer@example.com")
    html = client.get(ANALYSIS).get_data(as_text=True)
    assert '<dd id="median-revisions">1</dd>' in html and "Unterschreiben Sie mit Ihrem Vornamen." in html
    rows = html.split('id="exercise-analysis"')[1].split("</tr>")
    assert "Signature" in rows[1] and "100" in rows[1] and "(3 of 3)" in rows[1]
    csv = client.get(ANALYSIS + ".csv").get_data(as_text=True).splitlines()
    assert csv[0].startswith('\ufeff"check","kind","feedback"')
    assert csv[1] == '"4","signature","Unterschreiben Sie mit Ihrem Vornamen.","3","3","100.0","3","1","33.3","1.0"'
    assert len(csv) == 5


@pytest.mark.parametrize(("language", "header", "median"), [
    ("de", "Überarbeitungen (Median der Übung)", "1,0"), ("en", "median revisions of the exercise", "1.0"),
])
def test_the_analysis_csv_has_the_median_revisions_in_the_readers_language(app, cem, language, header, median):
    with app.app_context(), database.connection_context():
        User.update(language=language).where(User.email == "trainer@example.com").execute()
    text = signed_in(app, "trainer@example.com").get(ANALYSIS + ".csv").get_data(as_text=True).lstrip("\ufeff")
    table = list(csv.reader(io.StringIO(text), delimiter=";" if language == "de" else ","))
    assert table[0][-1] == header and len(table) == 5
    # the figure the page shows (Ann revised once, Bob never, Cem twice), in every check's row
    assert {row[-1] for row in table[1:]} == {median}


def test_a_manager_sees_the_analysis_of_their_department_only(app, cem):
    client = signed_in(app, "manager@example.com")
    assert "(2 of 2)" in client.get(ANALYSIS).get_data(as_text=True)  # Ann and Cem of Service: signature failed first
    assert client.get(ANALYSIS + "?department=Sales").status_code == 403


@pytest.mark.parametrize(("text", "name", "shown"), [
    ("Das tut uns leid!\nAnna", "Anna Krause", f"Das tut uns leid!\n{PLACEHOLDER}"),
    ("Gern geschehen, Frau Krause. – Anna Krause", "Anna Krause", f"Gern geschehen, Frau {PLACEHOLDER}. – {PLACEHOLDER} {PLACEHOLDER}"),
    ("Wir melden uns.\n^ak", "Anna Krause", f"Wir melden uns.\n^{PLACEHOLDER}"),
    ("Wir melden uns. /AK", "Anna Krause", f"Wir melden uns. /{PLACEHOLDER}"),
    ("Thanks, this is all.\nJana", "Ian Smith", "Thanks, this is all.\nJana"),  # another name, and "is" inside is no initials
    ("Danke!\nAnnalena", "Anna Krause", "Danke!\nAnnalena"),  # whole words only
    ("Schreib uns, was du von uns brauchst.\nAnna", "Anna von Berg", f"Schreib uns, was du von uns brauchst.\n{PLACEHOLDER}"),
    ("Grüße von Jean-Luc", "Jean-Luc Picard", f"Grüße von {PLACEHOLDER}-{PLACEHOLDER}"),
])
def test_anonymise_takes_the_authors_own_names_out(text, name, shown):
    assert anonymise(text, name) == shown


@pytest.mark.parametrize(("text", "others", "shown"), [
    # a colleague's first and last name, whatever their case; the customer's (the post's author) too
    ("Frau Peters, mein Kollege Bernd Özdemir ruft Sie an.\nAnna", ["Bernd Özdemir", "Jana Peters"],
     f"Frau {PLACEHOLDER}, mein Kollege {PLACEHOLDER} {PLACEHOLDER} ruft Sie an.\n{PLACEHOLDER}"),
    ("bernd ÖZDEMIR hilft.", ["Bernd Özdemir"], f"{PLACEHOLDER} {PLACEHOLDER} hilft."),
    ("Bernadette hilft, Bernd auch.", ["Bernd Özdemir"], f"Bernadette hilft, {PLACEHOLDER} auch."),  # whole words only
    ("Grüße von Tom und Frau van Dijk", ["Tom Krause", "Eva van Dijk"], f"Grüße von {PLACEHOLDER} und Frau van {PLACEHOLDER}"),
    ("Ruf Anonym4711 nicht an.", ["Anonym4711"], "Ruf Anonym4711 nicht an."),  # a user name, not a person's: as written
])
def test_anonymise_takes_other_peoples_names_out_too(text, others, shown):
    assert anonymise(text, "Anna Krause", name_parts(others)) == shown


def test_an_example_is_stored_without_any_colleagues_or_customers_name(app, course, people, sent, make_user):  # noqa: F811
    lesson = course.lesson("antworten", "stoerung")
    make_user("bernd@example.com", name="Bernd Özdemir")
    make_user("gone@example.com", name="Gisela Altmann", active=False)  # a former colleague is still a person
    text = "Das tut uns leid, Frau Peters! Bernd özdemir und Gisela melden sich, auch bei Tom.\nAnn"
    with app.app_context(), database.connection_context():
        reply = replies.submit_reply(people["ann"], lesson, lesson.exercises[0], text, course.contract).reply
        review_reply(people["trainer"], reply.id, "", example=True, exercise=lesson.exercises[0])
        shown = (f"Das tut uns leid, Frau {PLACEHOLDER}! {PLACEHOLDER} {PLACEHOLDER} und {PLACEHOLDER} melden sich,"
                 f" auch bei {PLACEHOLDER}.\n{PLACEHOLDER}")
        assert ReplyReview.get().example_text == shown  # stored once: the lesson page reads it as it is
        assert replies.shown_examples(lesson, "stoerung") == [shown]
        review_reply(people["trainer"], reply.id, "", example=False)
        assert (ReplyReview.get().example_text, replies.shown_examples(lesson, "stoerung")) == (None, [])


def test_examples_chosen_before_their_text_was_stored_are_worked_out_when_shown(app, course, people, sent):  # noqa: F811
    lesson = course.lesson("antworten", "stoerung")
    with app.app_context(), database.connection_context():
        ReplyReview.create(reply=sent["ann"], reviewer=people["trainer"], example=True)  # example_text NULL, as before 0019
        # Anna signed it, a name nobody in the company has; Frau Peters is the post's author
        assert replies.shown_examples(lesson, "stoerung") == [CAREFUL.replace("Peters", PLACEHOLDER)]


def test_showing_stored_examples_reads_no_names(app, course, people, sent, make_user):  # noqa: F811
    from test_reports import counting

    lesson = course.lesson("antworten", "stoerung")
    with app.app_context(), database.connection_context():
        review_reply(people["trainer"], sent["ann"].id, "", example=True, exercise=lesson.exercises[0])
        counts = []
        for n in range(2):
            with counting(app.extensions["kurs_db"]) as statements:
                replies.shown_examples(lesson, "stoerung")
            counts.append(statements)
            for i in range(20):
                make_user(f"more{n}-{i}@example.com")
        assert len(counts[0]) == len(counts[1]) == 1
        assert 'FROM "user"' not in counts[0][0].split("JOIN")[0]


def test_examples_are_shown_without_their_authors_names(app, course, people, sent):  # noqa: F811
    lesson = course.lesson("antworten", "stoerung")
    with app.app_context(), database.connection_context():
        signed_ann = replies.submit_reply(people["ann"], lesson, lesson.exercises[0], CAREFUL.replace("Anna", "Ann"), course.contract).reply
        review_reply(people["trainer"], signed_ann.id, "", example=True)
        review_reply(people["trainer"], sent["bob"].id, "Nicht so.", example=False)
        assert replies.shown_examples(lesson, "stoerung") == [CAREFUL.replace("Anna", PLACEHOLDER)]


def test_the_queue_and_the_analysis_read_replies_through_indexes(app, course, cem):
    if not type(app.extensions["kurs_db"]).__name__.endswith("SqliteDatabase"):
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    from test_indexes import captured_sql, plans

    with app.app_context(), database.connection_context():
        with captured_sql() as statements:
            review_queue("antworten", "stoerung", "stoerung", Scope("Service"))
            exercise_analysis(course, "antworten", "stoerung", "stoerung")
        checked = plans(statements)
        assert len(checked) >= 8
        scans = [(sql, line) for sql, plan in checked for line in plan
                 if re.match(r"SCAN (reply|reply_check|reply_review|t\d+)$", line.strip())]
        assert scans == []
        (page, plan), = [(sql, plan) for sql, plan in checked if '"created_at" DESC' in sql]
        assert not any("TEMP B-TREE FOR ORDER BY" in line for line in plan), plan  # newest first, read in the index's order
