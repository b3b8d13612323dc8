"""Finding one person among thousands (issue 13, item 7): last-name order, a name or email search, state filters."""

from __future__ import annotations

import csv
import io

import pytest
from builders import person
from test_reports import company, states  # noqa: F401 - the shared report fixture

from course import reports
from course.db import database
from course.domain.standing import State
from course.models import User, name_key
from course.reports.filters import NO_FILTER, PeopleFilter


@pytest.fixture
def db(app):
    with app.app_context(), database.connection_context():
        yield


@pytest.mark.parametrize(("name", "key"), [
    ("Annemarie Oberhausen", "oberhausen annemarie"),
    ("Jan Özdemir", "ozdemir jan"),
    ("Dr. Jan  Ehlers", "ehlers dr. jan"),
    ("Cher", "cher"),
    ("Grüße Straß", "strass grusse"),
])
def test_name_key_puts_the_last_name_first_without_case_or_accents(name, key):
    assert name_key(name) == key


def test_every_way_of_writing_a_person_keeps_the_sort_name(db):
    ann = User.create(email="a@example.com", name="Ann Zeller")
    assert User.get_by_id(ann.id).sort_name == "zeller ann"
    ann.name = "Ann Adler"
    ann.save()
    assert User.get_by_id(ann.id).sort_name == "adler ann"


def test_the_matrix_sorts_by_last_name(db, course):
    for email, name in (("z@example.com", "Anna Zimmer"), ("b@example.com", "Zoe Becker"), ("o@example.com", "Max Öztürk")):
        person(email, name=name)
    assert [row.person.name for row in reports.matrix(course).rows] == ["Zoe Becker", "Max Öztürk", "Anna Zimmer"]


@pytest.mark.parametrize(("query", "found"), [
    ("müller", ["Jana Müller"]), ("MULLER", ["Jana Müller"]), ("jana", ["Jana Müller"]),
    ("ozdemir@", ["Jan Özdemir"]), ("jan öz", ["Jan Özdemir"]), ("example.com", ["Jana Müller", "Jan Özdemir"]),
    ("nobody", []),
])
def test_the_search_finds_by_name_or_email_as_people_type(db, course, query, found):
    person("jana@example.com", name="Jana Müller")
    person("ozdemir@example.com", name="Jan Özdemir")
    result = reports.matrix(course, found=PeopleFilter(query))
    assert [row.person.name for row in result.rows] == found and result.total == len(found)


def test_the_state_filter_keeps_people_with_a_module_in_that_state(company, course):  # noqa: F811
    assert sorted(states(reports.matrix(course, found=PeopleFilter(state=State.FAILED)))) == ["ben"]
    assert sorted(states(reports.matrix(course, found=PeopleFilter(state=State.OVERDUE)))) == ["cem", "dora"]
    both = reports.matrix(course, found=PeopleFilter("dora", State.OVERDUE))
    assert list(states(both)) == ["dora"]
    assert reports.matrix(course, found=PeopleFilter("ann", State.OVERDUE)).total == 0


def test_a_filtered_matrix_pages_like_the_plain_one(company, course):  # noqa: F811
    plain = reports.matrix(course, page=2, per_page=2)
    same = reports.matrix(course, page=2, per_page=2, found=PeopleFilter("example.com"))
    assert (same.page, same.pages, same.total) == (plain.page, plain.pages, plain.total)
    assert [r.person.id for r in same.rows] == [r.person.id for r in plain.rows]


def test_the_overdue_list_searches_too(company, course):  # noqa: F811
    assert {r.person.name for r in reports.overdue(course, found=PeopleFilter("dora"))} == {"Dora"}
    assert {r.person.name for r in reports.overdue(course, found=NO_FILTER)} >= {"Cem", "Dora"}


def test_reading_the_filter_from_the_query_string():
    assert PeopleFilter.read({"q": "  Jana   Mül ", "state": "failed"}) == PeopleFilter("Jana Mül", State.FAILED)
    assert PeopleFilter.read({"state": "<script>"}) == NO_FILTER
    assert PeopleFilter("a", State.OVERDUE).args() == {"q": "a", "state": "overdue"}


def test_the_page_keeps_search_and_state_in_its_links_and_its_csv(client, app, make_user, auth):
    make_user("admin@example.com", role="admin")
    make_user("tina@example.com", role="trainer", name="Tina Trainer")
    for n in range(60):
        make_user(f"p{n}@example.com", name=f"Pat Person{n:02d}")
    make_user("jana@example.com", name="Jana Müller")
    auth.login("tina@example.com")
    html = client.get("/train/reports/matrix?q=person&state=not+started").get_data(as_text=True)
    assert "Jana Müller" not in html and "Pat Person00" in html
    assert 'value="person"' in html and '<option value="not started" selected>' in html
    assert "q=person" in html.split('rel="next"')[0].rsplit("href=", 1)[-1]  # the next page keeps the search
    csv_link = html.split('id="csv-matrix" href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    assert "q=person" in csv_link and "state=not+started" in csv_link
    rows = list(csv.reader(io.StringIO(client.get(csv_link).get_data(as_text=True).lstrip("\ufeff"))))
    assert len(rows) == 61 and all("Person" in row[0] for row in rows[1:])


def test_the_matrix_heads_columns_with_short_titles_and_keeps_the_full_one(client, make_user, auth, lessons_dir):
    module_md = lessons_dir / "02-advanced" / "module.md"
    module_md.write_text(module_md.read_text().replace("title: Advanced", "title: Advanced practice for experts\nshort_title: Advanced"))
    make_user("admin@example.com", role="admin")
    make_user("tina@example.com", role="trainer")
    auth.login("tina@example.com")
    html = client.get("/train/reports/matrix").get_data(as_text=True)
    assert ('<span aria-hidden="true" title="Advanced practice for experts">Advanced</span>'
            '<span class="visually-hidden">Advanced practice for experts</span>') in html
    assert '<th scope="col">Basics</th>' in html
