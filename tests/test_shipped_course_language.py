"""The shipped course speaks one language per file: no English paragraph in a German file, no German one in an English file.

A paragraph counts as written in a language when it holds at least three of that language's common
function words and more of them than of the other's. Each line of a paragraph is counted on its own
as well, so one German answer among English ones (a list is one paragraph) is found too. Terms in the other language are marked in
italics (*Fernmeldegeheimnis*, *„Können Sie mir sagen …“*) and left out of the count, as are code,
links, e-mail addresses, question keys and the accepted answers of gaps.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

LESSONS = Path(__file__).resolve().parent.parent / "lessons"
GERMAN_FILES = sorted(p for p in LESSONS.rglob("*.md") if not p.name.endswith(".en.md"))
ENGLISH_FILES = sorted(LESSONS.rglob("*.en.md"))

# common function words of one language that are not also words of the other ("was", "will", "an", "so" are both)
ENGLISH = frozenset(
    "the and of to is are you your we our with that this for it not be have which when from they their "
    "would should there been does don't can't it's we're you're".split()
)
GERMAN = frozenset(
    "der die das und ist sind sie wir unser unsere mit nicht ein eine einen dem den des für auf ich es zu "
    "von wenn wer auch oder im bei sich dass noch nur kein keine nach über wie schon einer".split()
)
MIN_WORDS = 3

MARKED = [
    re.compile(r"```.*?```", re.S),  # code blocks
    re.compile(r"`[^`]*`"),  # code spans
    re.compile(r"\[\[.*?\]\]"),  # the accepted answers of a gap may list both languages
    re.compile(r"\{#[\w-]+\}"),  # question keys
    re.compile(r"\]\([^)]*\)"),  # link and image targets
    re.compile(r"\S+@\S+"),  # e-mail addresses
    re.compile(r"(?<![*\w])\*(?!\*)[^*\n]+?\*(?!\*)"),  # italics: terms and quotes in the other language
]


# an exercise's YAML: the fields that hold prose keep their text, each its own paragraph; the rest
# (ids, networks, display names, the phrases a check looks for) is no prose and becomes a blank line
EXERCISE_PROSE = re.compile(r"^\s*(?:- )?(?:feedback|text|post|task|model):\s?[|>]?\s*")
EXERCISE_FIELD = re.compile(r"^\s*(?:- )?[a-z_]+:(?:\s|$)")
NEW_PARAGRAPH = "\0"


def prose_of_exercises(lines: list[str]) -> list[str]:
    """The lines with each <exercise> block reduced to its prose, line numbers kept."""
    out, inside = [], False
    for line in lines:
        if line.strip() in ("<exercise>", "</exercise>"):
            inside = line.strip() == "<exercise>"
            out.append("")
        elif inside and EXERCISE_PROSE.match(line):
            text = EXERCISE_PROSE.sub("", line)
            out.append(NEW_PARAGRAPH + text if text else "")  # a field's text begins a paragraph of its own
        elif inside and EXERCISE_FIELD.match(line):
            out.append("")
        else:
            out.append(line.strip() if inside else line)
    return out


def paragraphs(path: Path) -> list[tuple[int, str]]:
    """The file's paragraphs and their lines (front matter included) with their line numbers, marked terms removed."""
    text = path.read_text(encoding="utf-8").replace("**", "")
    found, start, lines = [], 1, []
    for number, line in enumerate(prose_of_exercises(text.split("\n")) + [""], 1):
        if line.startswith(NEW_PARAGRAPH) or line.strip() in ("", "---", "<quiz>", "</quiz>"):
            if lines:
                found.append((start, "\n".join(lines)))
            if len(lines) > 1:
                found += [(start + k, single) for k, single in enumerate(lines)]
            lines = [line[1:]] if line.startswith(NEW_PARAGRAPH) else []
            start = number + (0 if lines else 1)
        else:
            lines.append(line)
    return [(n, unmarked(p)) for n, p in found]


def unmarked(text: str) -> str:
    """The text without what is marked as another language or is not prose."""
    for pattern in MARKED:
        text = pattern.sub(" ", text)
    return text


def counts(paragraph: str) -> tuple[int, int]:
    """How many English and German function words the paragraph holds."""
    words = re.findall(r"[a-zäöüß']+", paragraph.lower())
    return sum(w in ENGLISH for w in words), sum(w in GERMAN for w in words)


def written_in(paragraph: str) -> str | None:
    english, german = counts(paragraph)
    if english >= MIN_WORDS and english > german:
        return "en"
    if german >= MIN_WORDS and german > english:
        return "de"
    return None


def test_the_detector_tells_the_languages_apart():
    assert written_in("Please send us a private message with your customer number, and we will check it.") == "en"
    assert written_in("Schicken Sie uns bitte eine private Nachricht mit Ihrer Kundennummer, dann prüfen wir es.") == "de"
    assert written_in("Team Dialog, Social-Ticket, Messenger") is None
    # a German quotation marked in italics inside an English paragraph does not count
    quoted = "We write *„das ist nicht in Ordnung, und es tut mir leid, dass Sie warten“* when the customer is angry with us."
    assert written_in(quoted.replace("*", "")) == "de"
    assert written_in(unmarked(quoted)) == "en"


def test_one_german_answer_among_english_ones_is_found(tmp_path):
    lesson = tmp_path / "x.en.md"
    lesson.write_text(
        "<quiz>\nWhat do you do?\n- [x] You call the customer back and you tell them what happens next.\n"
        "- [ ] You write to them that they should call the hotline.\n- [ ] Den Fall an die Abrechnung geben, die sich auskennt.\n"
        "</quiz>\n", encoding="utf-8")
    assert [n for n, p in paragraphs(lesson) if written_in(p) == "de"] == [5]


def test_an_exercises_prose_is_read_and_its_fields_are_not(tmp_path):
    lesson = tmp_path / "x.md"
    lesson.write_text(
        "<exercise>\nid: outage\nnetwork: facebook\npost: |\n  Seit Dienstag ist das Internet weg, und ich bin nicht froh.\n"
        "checks:\n  - contains: [sorry, the]\n    feedback: Say that you are sorry, and tell them when it is fixed.\n"
        "model: Es tut mir leid, dass Sie warten, und wir sind dran. Anna\n</exercise>\n", encoding="utf-8")
    assert [(n, written_in(p)) for n, p in paragraphs(lesson) if written_in(p)] == [(5, "de"), (8, "en"), (9, "de")]


def test_every_lesson_file_has_its_translation():
    assert GERMAN_FILES and len(GERMAN_FILES) == len(ENGLISH_FILES)
    assert {p.with_name(p.name.replace(".en.md", ".md")) for p in ENGLISH_FILES} == set(GERMAN_FILES)


@pytest.mark.parametrize("path", GERMAN_FILES, ids=lambda p: str(p.relative_to(LESSONS)))
def test_no_english_paragraph_in_a_german_file(path):
    english = [f"{path.name}:{n}: {p[:80]!r}" for n, p in paragraphs(path) if written_in(p) == "en"]
    assert english == []


@pytest.mark.parametrize("path", ENGLISH_FILES, ids=lambda p: str(p.relative_to(LESSONS)))
def test_no_german_paragraph_in_an_english_file(path):
    german = [f"{path.name}:{n}: {p[:80]!r}" for n, p in paragraphs(path) if written_in(p) == "de"]
    assert german == []


@pytest.mark.parametrize("path", GERMAN_FILES, ids=lambda p: str(p.relative_to(LESSONS)))
def test_german_files_are_german(path):
    # most paragraphs of a German file are recognisably German (the rest are names, lists of terms, tables)
    languages = [written_in(p) for _, p in paragraphs(path)]
    assert languages.count("de") >= len(languages) / 3
