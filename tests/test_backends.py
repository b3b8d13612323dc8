"""SQLite and PostgreSQL give the same answers where their SQL differs by default (run with TEST_DATABASE_URL)."""

from __future__ import annotations

import pytest
from peewee import fn

from course.db import database
from course.models import User


@pytest.fixture
def admin(make_user, auth):
    user = make_user("admin@example.com", role="admin", name="Ada Admin")
    auth.login("admin@example.com")
    return user


@pytest.mark.parametrize("query", ["özlem", "ÖZLEM", "Özlem", "süd", "SÜD", "KUNDENSERVICE"])
def test_people_search_ignores_case_beyond_ascii(client, admin, make_user, query):
    # SQLite's own LOWER() folds A-Z only; PostgreSQL's folds Ö to ö as well
    make_user("oezlem@example.com", name="Özlem Yılmaz", department="Kundenservice Süd")
    page = client.get("/people/", query_string={"q": query}).get_data(as_text=True)
    assert "Özlem Yılmaz" in page


def test_lower_folds_umlauts_in_sql(app, make_user):
    make_user("oezlem@example.com", name="ÄÖÜ Straße")
    with app.app_context(), database.connection_context():
        assert User.select(fn.LOWER(User.name)).scalar() == "äöü straße"


LONG_ID = "a" * 101


@pytest.fixture
def long_ids(lessons_dir):
    """A lesson whose id, and a lesson whose question key, do not fit the database's 100-character columns."""
    (lessons_dir / "01-basics" / f"03-{LONG_ID}.md").write_text("---\ntitle: Long name\n---\nText.\n")
    (lessons_dir / "01-basics" / "04-long-key.md").write_text(
        "---\ntitle: Long key\n---\n<quiz>\nPick one {#" + "k" * 101 + "}\n- [x] Yes\n- [ ] No\n</quiz>\n")
    return lessons_dir


def test_ids_longer_than_their_column_are_content_errors(long_ids, client, learner, course):
    # SQLite stores any length in a VARCHAR(100); PostgreSQL refuses it, which was a 500 on the lesson page
    messages = [f"{error.path}:{error.line}: {error.message}" for error in course.errors]
    assert any(LONG_ID in m and "longer than 100 characters" in m for m in messages), messages
    assert any("04-long-key.md:4" in m and "longer than 100 characters" in m for m in messages), messages
    assert course.lesson("basics", LONG_ID) is None and course.lesson("basics", "long-key") is None
    assert client.get(f"/learn/basics/{LONG_ID}").status_code == 404
    assert client.get("/learn/basics/long-key").status_code == 404
