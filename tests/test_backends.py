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
