"""A course in several languages: pairing `x.md` with `x.en.md`, checking translations, each language's version."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_loader import make_course

from course.content.catalog import Catalog
from course.content.loader import load_course

FIXTURES = Path(__file__).parent / "fixtures"
TWO_LANGUAGES = FIXTURES / "two-languages"
DIFFERENCES = FIXTURES / "two-languages-differences"
BILINGUAL = "---\ntitle: Kurs\nlanguages: [de, en]\n---\n"
CHOICE = "<quiz>\n{text}\n- [x] {a}\n- [ ] {b}\n</quiz>\n"


def relative(root: Path, problems) -> list[str]:
    return [str(p).replace(f"{root}/", "") for p in problems]


def bilingual(tmp_path: Path, files: dict[str, str]) -> Path:
    """A course declaring [de, en] with module 01-basics (module.md and module.en.md), plus files."""
    return make_course(tmp_path, {"course.md": BILINGUAL, "course.en.md": "---\ntitle: Course\n---\n",
                                  "01-basics/module.en.md": "---\ntitle: Basics\n---\n", **files})


def test_the_fixture_loads_in_both_languages_with_one_warning():
    course = load_course(TWO_LANGUAGES)
    assert course.errors == ()
    assert relative(TWO_LANGUAGES, course.warnings) == [
        "01-grundlagen/03-nur-deutsch.md:1: no English translation yet (03-nur-deutsch.en.md): shown in German until there is one"]
    assert course.languages == ("de", "en") and course.language == "de"
    english = course.in_language("en")
    assert (english.title, english.language, english.modules[0].title) == ("Social media at work", "en", "Basics")
    assert "<strong>course</strong>" in english.welcome_html
    assert course.in_language("de") is course and course.in_language("fr") is course and course.in_language(None) is course
    # the rules of module.md hold in every language
    assert english.modules[0].mandatory and english.modules[0].due_days == 14


def test_one_lesson_keeps_one_id_and_its_question_keys_in_every_language():
    course = load_course(TWO_LANGUAGES)
    german, english = course.modules[0].lessons, course.in_language("en").modules[0].lessons
    assert [x.id for x in german] == [x.id for x in english] == ["willkommen", "test", "nur-deutsch"]
    assert [x.title for x in english] == ["Welcome", "Knowledge check", "Nur auf Deutsch"]
    assert [x.language for x in english] == ["en", "en", "de"]  # the last one: no translation, shown in German
    assert [x.languages for x in english] == [x.languages for x in german] == [("de", "en"), ("de", "en"), ("de",)]
    de_quiz, en_quiz = german[1], english[1]
    assert [q.key for q in en_quiz.questions] == [q.key for q in de_quiz.questions]
    assert en_quiz.questions[0].text == "What do you do first?"
    assert en_quiz.content_hash == de_quiz.content_hash  # an attempt begun in German is the same attempt in English
    assert en_quiz.settings == de_quiz.settings and en_quiz.settings.pass_percent == 75  # no quiz: in .en.md: inherited
    assert en_quiz.questions[3].gaps == (("formal you", "formal"),) and de_quiz.questions[3].gaps == (("Sie", "Ihnen"),)
    assert [q.kind for q in en_quiz.questions] == [q.kind for q in de_quiz.questions] == ["single", "multiple", "truefalse", "gap"]


def test_a_translation_shows_its_own_figure_when_there_is_one():
    course = load_course(TWO_LANGUAGES)
    assert 'src="/media/01-grundlagen/bild.svg"' in course.modules[0].lessons[0].html
    assert 'src="/media/01-grundlagen/bild.en.svg"' in course.in_language("en").modules[0].lessons[0].html


def test_each_deliberate_difference_is_one_error_with_both_files_and_lines():
    course = load_course(DIFFERENCES)
    assert relative(DIFFERENCES, course.errors) == [
        "01-basis/01-test.en.md:3: quiz: pass_percent is 80 here but 75 in 01-test.md:3: use the same settings (or leave quiz: out)",
        "01-basis/01-test.en.md:10: question 1 marks answer 1 correct here but answer 2 in 01-test.md:9: "
        "mark the same answers, in the same order",
        "01-basis/01-test.en.md:17: question 2 (01-test.md:16) is missing here: translate every question, in the same order",
    ]
    # a translation with an error is left out whole: the lesson is shown in German
    assert course.in_language("en").modules[0].lessons[0].language == "de"
    assert course.modules[0].lessons[0].languages == ("de",)


def quiz(*questions: str, front: str = "") -> str:
    return f"---\ntitle: T\n{front}---\n" + "\n".join(questions)


@pytest.mark.parametrize(("original", "translation", "expected"), [
    (quiz(CHOICE.format(text="Q", a="a", b="b")), quiz("<quiz>\nQ\n- [x] a\n- [x] b\n</quiz>\n"),
     "01-a.en.md:4: question 1 is a multiple-choice question here but a single-choice question in 01-a.md:4"),
    (quiz(CHOICE.format(text="Q", a="a", b="b")), quiz("<quiz>\nQ\n- [x] a\n- [ ] b\n- [ ] c\n</quiz>\n"),
     "01-a.en.md:4: question 1 has 3 answers here but 2 in 01-a.md:4"),
    (quiz("<quiz>\n[[a]] and [[b]]\n</quiz>\n"), quiz("<quiz>\n[[a]] and b\n</quiz>\n"),
     "01-a.en.md:4: question 1 has 1 gap(s) here but 2 in 01-a.md:4"),
    (quiz(CHOICE.format(text="Q", a="a", b="b")), quiz(CHOICE.format(text="Q", a="a", b="b"), CHOICE.format(text="R", a="a", b="b")),
     "01-a.en.md:10: question 2 here is not in 01-a.md: a translation asks the same questions"),
    (quiz("Text.\n"), quiz("Text.\n", front="id: other\n"),
     "01-a.en.md:1: id 'other' differs from 'a' of 01-a.md: a translation keeps its lesson's id (leave id: out)"),
    (quiz(CHOICE.format(text="Q", a="a", b="b")), quiz(CHOICE.format(text="Q", a="a", b="b"), front="quiz:\n  shuffle: true\n"),
     "01-a.en.md:3: quiz: shuffle is true here but false in 01-a.md (not set there): use the same settings (or leave quiz: out)"),
])
def test_every_kind_of_difference_is_named(tmp_path, original, translation, expected):
    root = bilingual(tmp_path, {"01-basics/01-a.md": original, "01-basics/01-a.en.md": translation})
    course = load_course(root)
    assert relative(root / "01-basics", course.errors) == [expected]


def test_true_or_false_in_both_languages_is_the_same_question(tmp_path):
    root = bilingual(tmp_path, {"01-basics/01-a.md": quiz("<quiz>\nQ\n- [x] Richtig\n- [ ] Falsch\n</quiz>\n"),
                                "01-basics/01-a.en.md": quiz("<quiz>\nQ\n- [x] True\n- [ ] False\n</quiz>\n")})
    course = load_course(root)
    assert course.errors == () and course.warnings == ()


@pytest.mark.parametrize(("files", "expected"), [
    ({"01-basics/01-a.fr.md": quiz("x")}, "01-basics/01-a.fr.md:1: 'fr' is not one of the languages in course.md (de, en)"),
    ({"01-basics/01-a.de.md": quiz("x")},
     "01-basics/01-a.de.md:1: de is the default language, whose files have no suffix: rename it to 01-a.md"),
    ({"01-basics/02-b.en.md": quiz("x")},
     "01-basics/02-b.en.md:1: no 02-b.md beside it: a translation needs its lesson in the default language"),
    ({"01-basics/module.fr.md": "---\ntitle: B\n---\n"},
     "01-basics/module.fr.md:1: 'fr' is not one of the languages in course.md (de, en)"),
    ({"01-basics/module.en.md": "---\ntitle: Basics\nmandatory: true\n---\n"},
     "01-basics/module.en.md:3: 'mandatory' is set once, in the default language's file, for every language: remove it here"),
    ({"course.en.md": "---\ntitle: Course\nlanguages: [en]\n---\n"},
     "course.en.md:3: 'languages' is set once, in the default language's file, for every language: remove it here"),
])
def test_misplaced_translations_are_errors(tmp_path, files, expected):
    root = bilingual(tmp_path, {"01-basics/01-a.md": quiz("x"), "01-basics/01-a.en.md": quiz("y"), **files})
    assert relative(root, load_course(root).errors) == [expected]


@pytest.mark.parametrize("value", ["de", "[]", "[de, de]", "[german, en]", "[1, 2]"])
def test_languages_must_be_a_list_of_codes(tmp_path, value):
    root = make_course(tmp_path, {"course.md": f"---\ntitle: K\nlanguages: {value}\n---\n", "01-basics/01-a.md": quiz("x")})
    errors = relative(root, load_course(root).errors)
    assert len(errors) == 1 and errors[0].startswith("course.md:3: languages: "), errors


def test_a_translation_in_a_course_without_languages_is_an_error(tmp_path):
    root = make_course(tmp_path, {"01-basics/01-a.md": quiz("x"), "01-basics/01-a.en.md": quiz("y")})
    course = load_course(root)
    assert relative(root, course.errors) == [
        "01-basics/01-a.en.md:1: '01-a.en.md' is a translation ('.en'), but course.md declares no languages: "
        "add e.g. languages: [de, en] to course.md"]
    assert course.languages == () and course.variants == {} and course.modules[0].lessons[0].language == ""


def test_missing_module_and_course_translations_are_warnings(tmp_path):
    root = make_course(tmp_path, {"course.md": BILINGUAL, "01-basics/01-a.md": quiz("x"), "01-basics/01-a.en.md": quiz("y")})
    course = load_course(root)
    assert course.errors == ()
    assert relative(root, course.warnings) == [
        "course.md:1: no English translation yet (course.en.md): shown in German until there is one",
        "01-basics/module.md:1: no English translation yet (module.en.md): shown in German until there is one",
    ]
    english = course.in_language("en")
    assert english.title == "Kurs" and english.modules[0].title == "Basics" and english.modules[0].lessons[0].language == "en"
    assert course.modules[0].languages == ("de",)


def test_check_warns_about_missing_translations_and_passes(runner):
    result = runner.invoke(args=["lessons", "check", str(TWO_LANGUAGES)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"{TWO_LANGUAGES}/01-grundlagen/03-nur-deutsch.md:1: warning: no English translation yet (03-nur-deutsch.en.md): "
        "shown in German until there is one",
        "OK: 1 module, 3 lessons, 4 questions in de, en, 1 warning.",
    ]


def test_check_fails_on_differences(runner):
    result = runner.invoke(args=["lessons", "check", str(DIFFERENCES)])
    assert result.exit_code == 1
    assert len(result.stdout.splitlines()) == 3 and all(".en.md:" in line and "01-test.md" in line for line in result.stdout.splitlines())
    assert result.stderr == "3 errors.\n"


def test_the_catalog_shows_a_translated_figure_added_later(tmp_path):
    root = tmp_path / "course"
    shutil.copytree(TWO_LANGUAGES, root)
    (root / "01-grundlagen" / "bild.en.svg").unlink()
    catalog = Catalog(root, interval=0, cache_dir=tmp_path / "cache")
    assert "bild.svg" in catalog.course().in_language("en").modules[0].lessons[0].html
    shutil.copy(TWO_LANGUAGES / "01-grundlagen" / "bild.en.svg", root / "01-grundlagen" / "bild.en.svg")
    assert "bild.en.svg" in catalog.course().in_language("en").modules[0].lessons[0].html
    # a new start takes the lesson from the render cache: the key knows which figures exist
    assert "bild.en.svg" in Catalog(root, interval=0, cache_dir=tmp_path / "cache").course().in_language("en").modules[0].lessons[0].html
