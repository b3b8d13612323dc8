"""The interface language: the person's choice, the browser's before sign-in, else the company's."""

from __future__ import annotations

import re

import pytest

from course.web.i18n import LANGUAGES


def page_language(response) -> str:
    return re.search(r'<html lang="([^"]+)">', response.get_data(as_text=True)).group(1)


@pytest.fixture
def german_company(make_app):
    """An app whose company language (KURS_LANGUAGE) is German, as the default is."""
    from conftest import fresh_schema

    app = make_app(KURS_LANGUAGE="de")
    fresh_schema(app.extensions["kurs_db"])
    return app


def company_settings(monkeypatch, **environment) -> dict:
    from flask import Flask

    from course import config

    for name in ("KURS_LANGUAGE", "KURS_TIMEZONE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    app = Flask(__name__)
    config.init_app(app, {"SECRET_KEY": "x"})
    return app.config


def test_the_company_default_is_german_in_berlin(monkeypatch):
    settings = company_settings(monkeypatch)
    assert (settings["KURS_LANGUAGE"], settings["KURS_TIMEZONE"]) == ("de", "Europe/Berlin")


def test_settings_come_from_the_environment(monkeypatch):
    settings = company_settings(monkeypatch, KURS_LANGUAGE="en", KURS_TIMEZONE="Europe/Vienna")
    assert (settings["KURS_LANGUAGE"], settings["KURS_TIMEZONE"]) == ("en", "Europe/Vienna")


def test_before_sign_in_the_browser_decides(german_company, make_user):
    make_user("admin@example.com", role="admin")
    client = german_company.test_client()
    assert page_language(client.get("/login")) == "de"
    assert page_language(client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"})) == "en"
    assert page_language(client.get("/login", headers={"Accept-Language": "fr-FR, de;q=0.5"})) == "de"
    # a language Kurs does not speak falls back to the company's
    assert page_language(client.get("/login", headers={"Accept-Language": "fr-FR"})) == "de"


def test_an_english_company_follows_a_german_browser(app, make_user):
    make_user("admin@example.com", role="admin")
    client = app.test_client()
    assert page_language(client.get("/login", headers={"Accept-Language": "de-DE"})) == "de"
    assert page_language(client.get("/login")) == "en"


def test_signed_in_the_company_language_wins_over_the_browser(german_company, make_user):
    from conftest import Auth

    make_user("admin@example.com", role="admin")
    make_user()
    client = german_company.test_client()
    Auth(client).login()
    page = client.get("/", headers={"Accept-Language": "en"})
    assert page_language(page) == "de"
    text = page.get_data(as_text=True)
    assert "Übersicht" in text and "Abmelden" in text and "Sign out" not in text


def test_a_persons_own_language_wins(german_company, make_user):
    from conftest import Auth

    make_user("admin@example.com", role="admin")
    make_user(language="en")
    client = german_company.test_client()
    Auth(client).login()
    page = client.get("/", headers={"Accept-Language": "de"})
    assert page_language(page) == "en"
    assert "Sign out" in page.get_data(as_text=True)


@pytest.mark.parametrize("setting, value", [("KURS_LANGUAGE", "fr"), ("KURS_TIMEZONE", "Europe/Atlantis")])
def test_a_wrong_setting_stops_the_start_with_its_name(make_app, setting, value):
    with pytest.raises((RuntimeError, ValueError), match=setting):
        make_app(**{setting: value})


def test_kurs_speaks_german_and_english():
    assert list(LANGUAGES) == ["de", "en"]


def test_values_are_escaped_in_html_templates_and_left_alone_in_text_ones(app):
    with app.test_request_context("/"):
        html = app.jinja_env.from_string("{{ _('Continue: %(lesson)s', lesson=name) }}")
        text = app.jinja_env.from_string("{% autoescape false %}{{ _('Continue: %(lesson)s', lesson=name) }}{% endautoescape %}")
        assert html.render(name="Q&A <1>") == "Continue: Q&amp;A &lt;1&gt;"
        assert text.render(name="Q&A <1>") == "Continue: Q&A <1>"


def test_a_forced_language_inside_a_request_is_honoured(app):
    from flask_babel import force_locale

    with app.test_request_context("/"):
        page = app.jinja_env.from_string("{{ _('Sign out') }}")
        assert page.render() == "Sign out"
        with force_locale("de"):
            assert page.render() == "Abmelden"
        assert page.render() == "Sign out"
