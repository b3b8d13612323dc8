"""A parser's own wording (PyYAML, re, the operating system) in the reader's language, with file and line kept."""

from __future__ import annotations

import re

import pytest
import yaml

from course.content.detectors import safe_pattern
from course.content.frontmatter import split_front_matter
from course.content.parser_words import file_problem, regex_problem, yaml_problem
from course.web.i18n import cli_locale, translate


def said(message, app) -> tuple[str, str]:
    """The message in English and in German."""
    with app.app_context():
        english = translate(message)
        with cli_locale("de"):
            return english, translate(message)


def yaml_error(text: str) -> yaml.YAMLError:
    with pytest.raises(yaml.YAMLError) as raised:
        yaml.safe_load(text)
    return raised.value


@pytest.mark.parametrize(("text", "english", "german"), [
    ("title: a: b", "a colon followed by a space is not allowed here", "Ein Doppelpunkt mit Leerzeichen danach ist hier nicht erlaubt"),
    ("title: [Social, Media\nminutes: 3", "a list in square brackets is not closed with ']'", "Eine Liste in eckigen Klammern"),
    ("title: 'unclosed", "a quoted text is not closed", "Ein Text in Anführungszeichen wird nicht geschlossen"),
    ("title: @firma", "the character '@' cannot start a value", "Mit dem Zeichen '@' kann ein Wert nicht beginnen"),
    ("title:\n\tsub: 1", "a tab character: indent with spaces", "Ein Tabulatorzeichen: Rücken Sie mit Leerzeichen ein"),
    ("post: *Wichtig*", "a value that starts with '*' or '&'", "Ein Wert, der mit '*' oder '&' beginnt"),
    ("a:\n  b: 1\n c: 2", "the indentation does not match the lines before", "Die Einrückung passt nicht zu den Zeilen davor"),
])
def test_common_yaml_problems_in_words(app, text, english, german):
    found = said(yaml_problem(yaml_error(text)), app)
    assert english in found[0] and german in found[1]
    assert "found" not in found[1] and "expected" not in found[1]  # none of PyYAML's English left


def test_an_uncommon_yaml_problem_keeps_the_parsers_words_marked_as_its_own(app):
    english, _ = said(yaml_problem(yaml_error("a: &x 1\nb: &x 2")), app)
    assert english == "the YAML parser says: “found duplicate anchor 'x'; first occurrence: second occurrence”"
    error = yaml_error("%YAML 2.0\n---\na: 1")  # a YAML version PyYAML does not read
    english, german = said(yaml_problem(error), app)
    assert english == f"the YAML parser says: “{error.problem}”"
    assert german == f"Der YAML-Parser meldet (auf Englisch): „{error.problem}“"


@pytest.mark.parametrize(("pattern", "english", "german"), [
    ("[0-9", "a '[' is not closed with ']' (at character 1)", "Eine '[' wird nicht mit ']' geschlossen (bei Zeichen 1)"),
    ("*bold", "'*', '+', '?' or '{' has nothing before it to repeat", "Vor '*', '+', '?' oder '{' steht nichts"),
    ("(0421", "a '(' is not closed with ')' (at character 1)", "Eine '(' wird nicht mit ')' geschlossen (bei Zeichen 1)"),
    ("0421)", "a ')' has no '(' before it (at character 5)", "Vor einer ')' steht keine '(' (bei Zeichen 5)"),
    (r"\q", "unknown escape \\q", "Unbekannte Escape-Sequenz \\q"),
    ("[9-0]", "the range 9-0 runs backwards (at character 2)", "Der Bereich 9-0 läuft rückwärts (bei Zeichen 2)"),
    ("(?<x", "the regular expression parser says: “unknown extension ?<x” (at character 2)",
     "Der Parser für reguläre Ausdrücke meldet (auf Englisch): „unknown extension ?<x“ (bei Zeichen 2)"),
])
def test_regular_expression_errors_in_words(app, pattern, english, german):
    with pytest.raises(re.error) as raised:
        re.compile(pattern)
    found = said(regex_problem(raised.value), app)
    assert english in found[0] and german in found[1]


def test_a_course_pattern_that_does_not_compile_is_named_in_words(app):
    _, problem = safe_pattern("[0-9")
    assert said(problem, app) == ("is not a valid regular expression: a '[' is not closed with ']' (at character 1)",
                                  "ist kein gültiger regulärer Ausdruck: Eine '[' wird nicht mit ']' geschlossen (bei Zeichen 1)")


@pytest.mark.parametrize(("error", "english", "german"), [
    (FileNotFoundError(2, "No such file or directory"), "the file does not exist (any more)", "Die Datei gibt es nicht (mehr)"),
    (PermissionError(13, "Permission denied"), "permission denied: Kurs may not read it", "Zugriff verweigert: Kurs darf sie nicht lesen"),
    (IsADirectoryError(21, "Is a directory"), "it is a folder, not a file", "Es ist ein Ordner, keine Datei"),
    (OSError(5, "Input/output error"), "the system says: “Input/output error”", "Das System meldet: „Input/output error“"),
])
def test_why_a_file_cannot_be_read_in_words(app, error, english, german):
    assert said(file_problem(error), app) == (english, german)


def test_front_matter_errors_keep_file_and_line(app):
    _, errors = split_front_matter("---\ntitle: Willkommen\nminutes: 3: 4\n---\nText\n", "01-basics/01-welcome.md")
    (error,) = errors
    assert (error.path, error.line) == ("01-basics/01-welcome.md", 3)
    assert said(error.message, app)[1] == ("Ungültiges YAML im Front Matter: Ein Doppelpunkt mit Leerzeichen danach ist hier "
                                           "nicht erlaubt: Setzen Sie einen Text, der ': ' enthält, in Anführungszeichen")
