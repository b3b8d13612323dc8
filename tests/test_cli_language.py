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


def flask_command_line(app):
    """The `flask` command as an admin runs it (FlaskGroup: Flask's run, shell and routes beside Kurs's)."""
    from click.testing import CliRunner
    from flask.cli import FlaskGroup

    group = FlaskGroup(create_app=lambda: app)
    return lambda *args, **environment: CliRunner().invoke(group, list(args), env={**NO_LOCALE, **environment})


@pytest.mark.parametrize(("environment", "listed"), [
    ({"LANG": "de_DE.UTF-8"}, ("routes   Die Routen der Anwendung zeigen.", "run      Einen Entwicklungsserver starten.",
                               "shell    Eine Python-Shell im Kontext der Anwendung starten.", "lessons  Den Markdown-Kurs prüfen.",
                               "users    Konten verwalten.")),
    ({"LANG": "en_GB.UTF-8"}, ("routes   Show the routes for the app.", "run      Run a development server.",
                               "shell    Run a shell in the app context.", "lessons  Check the Markdown course.",
                               "users    Manage accounts.")),
])
def test_flasks_own_commands_are_listed_in_the_command_lines_language(app, environment, listed):
    result = flask_command_line(app)("--help", **environment)
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.output.splitlines()]
    assert all(line in lines for line in listed), result.output


@pytest.mark.parametrize(("command", "german"), [
    ("run", ("Einen lokalen Entwicklungsserver starten.", "Der Port, an den der Server gebunden wird.",
             "Den Debug-Modus einstellen.")),
    ("shell", ("Eine interaktive Python-Shell im Kontext der Flask-Anwendung starten.",)),
    ("routes", ("Alle registrierten Routen mit Endpunkten und Methoden zeigen.", "Auch die Methoden HEAD und OPTIONS zeigen.")),
])
def test_flasks_own_commands_help_once_kurs_is_loaded(app, command, german):
    """Flask shows these commands' --help without loading the app: in a process where Kurs is loaded they follow its language."""
    run = flask_command_line(app)
    text = " ".join(run(command, "--help", LANG="de_DE.UTF-8").output.split())
    assert text.startswith("Aufruf:") and all(words in text for words in german), text
    assert "Show" not in text and "Run a" not in text
    assert run(command, "--help", LANG="en_GB.UTF-8").output.startswith("Usage:")


def test_every_text_of_flasks_own_commands_is_in_the_catalogs():
    """A Flask release that rewords one fails here: add its new text to course/commands/flask_words.py and translate it."""
    from course.commands import flask_words

    known = {str(text) for text in flask_words.FLASK_TEXTS}
    for command in flask_words.COMMANDS:
        missing = [text for text in map(str, flask_words.texts(command)) if text not in known]
        assert not missing, f"flask {command.name}: {missing}"
