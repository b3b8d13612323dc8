"""My settings: a person chooses their interface language; it is stored on the person and used at once."""

from __future__ import annotations

import re

from conftest import csrf_token

from course.db import database
from course.models import User


def save(client, language: str):
    return client.post("/settings", data={"csrf_token": csrf_token(client, "/settings"), "language": language})


def stored_language(app, email="learner@example.com"):
    with app.app_context(), database.connection_context():
        return User.get(User.email == email).language


def test_the_settings_page_offers_the_company_language_and_each_one(client, learner):
    html = client.get("/settings").get_data(as_text=True)
    assert "Your company's language (English)" in html and 'id="language-company"' in html
    assert re.search(r'id="language-company"[^>]*checked', html)
    assert '<label for="language-de" lang="de">Deutsch</label>' in html
    assert 'id="nav-settings" aria-current="page"' in html


def test_choosing_german_stores_it_and_speaks_german_at_once(app, client, learner):
    response = save(client, "de")
    assert response.status_code == 302
    assert stored_language(app) == "de"
    page = client.get(response.location).get_data(as_text=True)
    assert '<html lang="de">' in page and "Ihre Einstellungen sind gespeichert." in page
    assert re.search(r'id="language-de"[^>]*checked', page)
    # back to the company's language: stored as nothing, the page follows KURS_LANGUAGE again
    save(client, "")
    assert stored_language(app) is None
    assert '<html lang="en">' in client.get("/").get_data(as_text=True)


def test_an_unknown_language_is_refused_and_nothing_changes(app, client, learner):
    response = save(client, "fr")
    assert response.status_code == 400
    assert "Please choose one of the languages offered." in response.get_data(as_text=True)
    assert stored_language(app) is None


def test_settings_need_a_signed_in_person(client, make_user):
    make_user("admin@example.com", role="admin")
    assert client.get("/settings").status_code == 302


def test_a_persons_language_is_theirs_alone(app, client, learner, make_user):
    make_user("other@example.com")
    save(client, "de")
    assert stored_language(app, "other@example.com") is None
