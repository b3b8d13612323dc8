"""The command line's language: the admin's locale where Kurs speaks it, else the company's (KURS_LANGUAGE)."""

from __future__ import annotations

import click
import pytest

from course.web.i18n import LOCALE_VARIABLES, _, cli_language, cli_locale

NO_LOCALE = dict.fromkeys(LOCALE_VARIABLES)  # CliRunner unsets a variable given as None


@pytest.mark.parametrize(("environ", "expected"), [
    ({}, "fr"),  # nothing set: the company's
    ({"LANG": "de_DE.UTF-8"}, "de"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "de_AT"}, "de"),
    ({"LANG": "de_DE@euro"}, "de"),
    ({"LANG": "C.UTF-8"}, "fr"),  # cron and containers: no language chosen
    ({"LANG": "POSIX"}, "fr"),
    ({"LANG": "es_ES.UTF-8"}, "fr"),  # a language Kurs has no catalog for
    ({"LC_ALL": "en_US.UTF-8", "LANG": "de_DE.UTF-8"}, "en"),  # LC_ALL is stronger than LANG
    ({"LC_MESSAGES": "de_DE.UTF-8", "LANG": "en_US.UTF-8"}, "de"),
    ({"LC_ALL": "", "LANG": "de_DE.UTF-8"}, "de"),  # empty counts as unset
    ({"LANGUAGE": "es:en:de", "LANG": "de_DE.UTF-8"}, "en"),  # the first of the list Kurs speaks
    ({"LANGUAGE": "de", "LC_ALL": "C"}, "de"),
    ({"LC_ALL": "C", "LANG": "de_DE.UTF-8"}, "fr"),
])
def test_the_locale_decides_where_kurs_speaks_it(environ, expected):
    assert cli_language(environ, default="fr") == expected


def test_without_a_locale_the_company_language(app):
    with app.app_context():
        assert cli_language({}) == "en"
        assert cli_language({"LANG": "de_DE.UTF-8"}) == "de"


@pytest.fixture
def hello(app):
    @app.cli.command("hello")
    def say_hello():
        click.echo(_("Sign out"))

    return say_hello


@pytest.mark.parametrize(("environment", "expected"), [
    ({}, "Sign out\n"),  # the company's language (the suite's is English)
    ({"LANG": "de_DE.UTF-8"}, "Abmelden\n"),
    ({"LANG": "C.UTF-8"}, "Sign out\n"),
    ({"LC_ALL": "en_GB.UTF-8", "LANG": "de_DE.UTF-8"}, "Sign out\n"),
])
def test_a_command_speaks_the_command_lines_language(app, hello, environment, expected):
    result = app.test_cli_runner().invoke(args=["hello"], env={**NO_LOCALE, **environment})
    assert result.exit_code == 0, result.output
    assert result.output == expected


def test_a_german_company_speaks_german_on_a_bare_command_line(make_app):
    app = make_app(KURS_LANGUAGE="de")

    @app.cli.command("hello")
    def say_hello():
        click.echo(_("Sign out"))

    assert app.test_cli_runner().invoke(args=["hello"], env=NO_LOCALE).output == "Abmelden\n"


def test_cli_locale_wins_inside_a_request_a_command_opens(app, monkeypatch):
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    with app.test_request_context("/"):
        assert _("Sign out") == "Sign out"  # a request: the reader's (here the company's) language
        with cli_locale() as language:
            assert language == "de"
            assert _("Sign out") == "Abmelden"
        with cli_locale("en"):
            assert _("Sign out") == "Sign out"
        assert _("Sign out") == "Sign out"


def test_outside_a_command_the_app_context_speaks_the_company_language(app, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "de")
    with app.app_context():
        assert _("Sign out") == "Sign out"  # tests and the server's own work are not the command line


def test_a_page_never_asks_for_a_command(client, learner, monkeypatch):
    """A signed-in person who chose nothing reads the company's language without a look at click per request,
    even while a command is running in the same thread (`flask run --without-threads`) on a German terminal."""
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    with click.Context(click.Command("run")):
        page = client.get("/").get_data(as_text=True)
        assert "Sign out" in page and "Abmelden" not in page
        monkeypatch.setattr(click, "get_current_context", lambda silent=False: pytest.fail("asked click"))
        assert "Sign out" in client.get("/").get_data(as_text=True)
