"""Content errors in the reader's language: `lessons check` and the content page in German and English."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from course.content.errors import ContentError
from course.content.messages import N_, Message
from course.content.render_cache import RenderCache
from course.publish.checking import relative

BROKEN_COURSE = Path(__file__).parent / "fixtures" / "broken"
DIFFERENCES = Path(__file__).parent / "fixtures" / "two-languages-differences"
COURSE_CODE = Path(__file__).resolve().parent.parent / "course"
# the command line's language follows the admin's locale; "C" leaves it to KURS_LANGUAGE
NEUTRAL_LOCALE = {"LANGUAGE": None, "LC_ALL": "C", "LC_MESSAGES": None, "LANG": None}

EXPECTED = {
    "en": (
        "01-basics/02-typo.md:3: unknown front matter key 'titel' (allowed: title, minutes, id, quiz, confirm)",
        "01-basics/04-no-correct.md:6: no correct answer: mark at least one with '- [x]'",
        "01-basics/05-unclosed.md:4: unclosed <quiz>: add </quiz> after the question",
        "01-basics/06-duplicate.md:1: duplicate lesson id 'good' in this module: rename the file or set id:",
        "02-basics/module.md:1: duplicate module id 'basics': rename the folder or set id:",
        "6 errors.",
    ),
    "de": (
        "01-basics/02-typo.md:3: Unbekannter Front-Matter-Schlüssel 'titel' (erlaubt: title, minutes, id, quiz, confirm)",
        "01-basics/04-no-correct.md:6: Keine richtige Antwort: Markieren Sie mindestens eine mit '- [x]'",
        "01-basics/05-unclosed.md:4: <quiz> nicht geschlossen: Fügen Sie nach der Frage </quiz> ein",
        "01-basics/06-duplicate.md:1: Lektions-ID 'good' kommt in diesem Modul doppelt vor: Benennen Sie die Datei um oder setzen Sie id:",
        "02-basics/module.md:1: Modul-ID 'basics' kommt doppelt vor: Benennen Sie den Ordner um oder setzen Sie id:",
        "6 Fehler.",
    ),
}


@pytest.mark.parametrize("language", ["de", "en"])
def test_lessons_check_speaks_the_command_lines_language(make_app, language):
    runner = make_app(KURS_LANGUAGE=language).test_cli_runner()
    result = runner.invoke(args=["lessons", "check", str(BROKEN_COURSE)], env=NEUTRAL_LOCALE)
    assert result.exit_code == 1
    printed = result.output.replace(f"{BROKEN_COURSE}/", "")
    for line in EXPECTED[language]:
        assert line in printed.splitlines()
    # the YAML parser's problem in words too (tests/test_parser_words.py), at its file and line
    assert {"en": "01-basics/03-yaml.md:3: invalid YAML in front matter: a list in square brackets is not closed with ']', "
                  "or lacks a comma",
            "de": "01-basics/03-yaml.md:3: Ungültiges YAML im Front Matter: Eine Liste in eckigen Klammern wird nicht mit ']' "
                  "geschlossen, oder ein Komma fehlt"}[language] in printed.splitlines()


def test_a_german_terminal_reads_each_translation_difference_in_german_with_both_places(runner):
    """The company speaks English (tests/conftest.py); the admin's LANG is German."""
    result = runner.invoke(args=["lessons", "check", str(DIFFERENCES)], env={**NEUTRAL_LOCALE, "LC_ALL": None, "LANG": "de_DE.UTF-8"})
    assert result.exit_code == 1
    assert result.output.replace(f"{DIFFERENCES}/", "").splitlines() == [
        "01-basis/01-test.en.md:3: quiz: pass_percent ist hier 80, in 01-test.md:3 aber 75: "
        "Verwenden Sie dieselben Einstellungen (oder lassen Sie quiz: weg)",
        "01-basis/01-test.en.md:10: Frage 1 markiert hier Antwort 1 als richtig, in 01-test.md:9 aber Antwort 2: "
        "Markieren Sie dieselben Antworten, in derselben Reihenfolge",
        "01-basis/01-test.en.md:17: Frage 2 (01-test.md:16) fehlt hier: Übersetzen Sie jede Frage, in derselben Reihenfolge",
        "3 Fehler.",
    ]


def test_the_summary_and_warnings_are_translated(make_app, tmp_path):
    root = tmp_path / "course"
    (root / "01-basics").mkdir(parents=True)
    (root / "course.md").write_text("---\ntitle: Kurs\nlanguages: [de, en]\n---\n", encoding="utf-8")
    (root / "course.en.md").write_text("---\ntitle: Course\n---\n", encoding="utf-8")
    (root / "01-basics" / "module.md").write_text("---\ntitle: Basis\n---\n", encoding="utf-8")
    (root / "01-basics" / "module.en.md").write_text("---\ntitle: Basics\n---\n", encoding="utf-8")
    (root / "01-basics" / "01-start.md").write_text("---\ntitle: Start\n---\nText\n", encoding="utf-8")
    runner = make_app(KURS_LANGUAGE="de").test_cli_runner()
    result = runner.invoke(args=["lessons", "check", str(root)], env=NEUTRAL_LOCALE)
    assert result.exit_code == 0, result.output
    warning, summary = result.output.splitlines()
    # the languages by their German names (Babel's, not the catalog's)
    assert warning == (f"{root}/01-basics/01-start.md:1: Warnung: Noch keine Übersetzung auf Englisch (01-start.en.md): "
                       "Bis es sie gibt, wird die Seite auf Deutsch gezeigt")
    assert summary == "OK: 1 Modul, 1 Lektion, 0 Fragen in den Sprachen de, en, 1 Warnung."


def test_the_content_page_shows_a_german_trainer_the_german_message(client, make_user, auth, lessons_dir):
    make_user("admin@example.com", role="admin")
    make_user("trainer@example.com", role="trainer", language="de")  # in an English-speaking company
    auth.login("trainer@example.com")
    (lessons_dir / "01-basics" / "03-broken.md").write_text("---\ntitle: Kaputt\nfoo: 1\n---\nText\n", encoding="utf-8")
    page = client.get("/train/content").get_data(as_text=True)
    assert "01-basics/03-broken.md:3</code> Unbekannter Front-Matter-Schlüssel &#39;foo&#39; (erlaubt: title" in page
    assert "unknown front matter key" not in page


def test_a_message_keeps_its_msgid_through_the_publish_check_and_the_render_cache(tmp_path):
    message = N_("'%(key)s' must be text", key="title")
    staged = ContentError("/tmp/kurs-check-x/course/01-a/01-b.md", 2, N_("quiz: %(name)s must be %(expected)s",
                                                                       name="shuffle", expected=N_("true or false")))
    (found,) = relative([staged], "/tmp/kurs-check-x/course")
    assert found[0] == "01-a/01-b.md" and found[2].msgid == "quiz: %(name)s must be %(expected)s"
    assert found[2].values["expected"].msgid == "true or false"
    cache = RenderCache(tmp_path)
    cache.put_failure("k", message)
    kept = cache.failure("k")
    assert isinstance(kept, Message) and kept == message and kept.values == {"key": "title"}


def _content_error_messages(tree: ast.AST):
    """Each message argument given to ContentError, RenderError or RenderLimit in a module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("ContentError", "RenderError", "RenderLimit",
                                                                            "RendererUnavailable"):
            args = node.args[2:] if node.func.id == "ContentError" else node.args[:1]
            yield from args


@pytest.mark.parametrize("path", sorted(COURSE_CODE.rglob("*.py")), ids=lambda p: str(p.relative_to(COURSE_CODE)))
def test_every_content_error_is_written_to_be_translated(path):
    """A message written as text (a literal or an f-string) would reach a German trainer in English."""
    for argument in _content_error_messages(ast.parse(path.read_text(encoding="utf-8"))):
        assert not isinstance(argument, (ast.Constant, ast.JoinedStr, ast.BinOp)), (
            f"{path.name}:{argument.lineno}: write the message as N_(...) (course/content/messages.py)")


def test_the_editor_shows_a_german_trainer_the_error_beside_its_line_in_german(client, make_user, auth):
    from conftest import csrf_token

    make_user("admin@example.com", role="admin")
    make_user("trainer@example.com", role="trainer", language="de")
    auth.login("trainer@example.com")
    lesson = "01-basics/01-welcome.md"
    form = {"csrf_token": csrf_token(client, f"/train/content/edit/{lesson}"), "base": "",
            "text": "---\ntitle: Willkommen\n---\nText\n\n![fehlt](nirgends.png)\n"}
    shown = client.post(f"/train/content/preview/{lesson}", data=form).get_data(as_text=True)
    assert "Zeile 6: Bild &#39;nirgends.png&#39; nicht gefunden (oder keine Datei vom Typ .gif" in shown
    published = client.post(f"/train/content/edit/{lesson}", data={**form, "action": "publish"})
    assert published.status_code == 422 and "Bild &#39;nirgends.png&#39; nicht gefunden" in published.get_data(as_text=True)


def test_make_messages_extracts_the_content_messages_and_german_has_each():
    """N_ strings reach both catalogs through `make messages` (tests/test_translations.py checks completeness)."""
    from course.commands import translation_catalogs as catalogs

    extracted = {message.id for message in catalogs.extract() if message.id}
    german = catalogs.read(catalogs.po_path("de"), "de")
    for msgid in ("front matter is not closed: add a line '---' after it", "quiz: %(name)s must be %(expected)s",
                  "no %(language)s translation yet (%(file)s): shown in %(default)s until there is one"):
        assert msgid in extracted
        assert german.get(msgid).string not in ("", msgid)
