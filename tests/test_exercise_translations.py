"""A translation's exercises keep the original's ids, order, network, check kinds and done rule."""

from __future__ import annotations

import pytest
from test_content_messages import NEUTRAL_LOCALE
from test_exercise import EXERCISE
from test_loader import load, make_course

COURSE = "---\ntitle: T\nlanguages: [de, en]\ncontract_number: 'NW-\\d{8}'\n---\n"
ENGLISH = """---
title: Outage
---
Read the post.

<exercise>
id: outage
network: facebook
author: Jana Peters
post: |
  No internet since Tuesday! Can you tell me what's going on?
thread:
  - author: Tom Krause
    text: Same here.
task: Reply in public on behalf of Nordwind.
checks:
  - contains: [sorry, apologi]
    feedback: Apologise for the outage.
  - not_contains: not responsible
    feedback: We are always responsible.
  - no_personal_data: true
    feedback: No data in public.
  - address_form: true
    feedback: Keep the post's register.
  - length: 400
    feedback: Shorter, please.
  - signature: true
    feedback: Sign with your first name.
model: |
  Hi Jana, we're sorry! We are looking into it now. Best wishes, Anna
</exercise>

Text after.
"""
SECOND = """
<exercise>
id: praise
network: instagram
author: lena.k
post: Danke an euren Techniker!
task: Antworten Sie.
checks:
  - signature: true
    feedback: Unterschreiben.
model: Danke dir, Lena! Anna
</exercise>
"""


def translated(tmp_path, english=ENGLISH, german=EXERCISE):
    root = make_course(tmp_path, {"course.md": COURSE, "01-basics/01-outage.md": german, "01-basics/01-outage.en.md": english})
    return load(root)


def test_a_faithful_translation_loads_as_the_same_exercise(tmp_path):
    course, errors = translated(tmp_path)
    assert errors == []
    (exercise,) = course.in_language("en").modules[0].lessons[0].exercises
    assert (exercise.key, exercise.author, exercise.model) == ("outage", "Jana Peters", "Hi Jana, we're sorry! We are looking into it now. Best wishes, Anna")


@pytest.mark.parametrize(("change", "line", "message"), [
    (("network: facebook", "network: x"), 6,
     "exercise 'outage': network is x here but facebook in 01-outage.md:6: a translation keeps the network"),
    (("id: outage\n", "id: outage\ndone: review\n"), 6,
     "exercise 'outage': done is review here but checks in 01-outage.md:6: a translation keeps the done rule"),
    (("  - not_contains: not responsible\n    feedback: We are always responsible.\n", ""), 6,
     "exercise 'outage': checks are contains, no_personal_data, address_form, length, signature here but "
     "contains, not_contains, no_personal_data, address_form, length, signature in 01-outage.md:6: use the same kinds of check"),
    (("  - length: 400\n    feedback: Shorter, please.\n  - signature: true\n    feedback: Sign with your first name.\n",
      "  - signature: true\n    feedback: Sign with your first name.\n  - length: 400\n    feedback: Shorter, please.\n"), 6,
     "exercise 'outage': checks are contains, not_contains, no_personal_data, address_form, signature, length here"),
    (("id: outage", "id: power-cut"), 6,
     "exercise 'power-cut' is not in 01-outage.md: a translation has the same exercises, with the same ids"),
    (("id: outage", "id: power-cut"), 6, "exercise 'outage' (01-outage.md:6) is missing here: translate every exercise"),
])
def test_lessons_check_names_both_files_and_lines(tmp_path, change, line, message):
    course, errors = translated(tmp_path, ENGLISH.replace(*change, 1))
    assert any(e.startswith(f"01-basics/01-outage.en.md:{line}: {message}") for e in errors), errors
    # the translation is left out; learners reading English get the German lesson meanwhile
    assert course.in_language("en").modules[0].lessons[0].language == "de"


def test_exercises_in_another_order_are_reported_where_the_order_breaks(tmp_path):
    german = EXERCISE.replace("Text danach.", SECOND)
    english = ENGLISH.replace("Read the post.\n", "Read the post.\n" + SECOND.replace("Danke an euren Techniker!", "Thanks!"))
    _, errors = translated(tmp_path, english, german)
    assert errors == ["01-basics/01-outage.en.md:6: exercise 'praise' stands elsewhere in 01-outage.md (line 34): "
                      "keep the exercises in the same order"]


@pytest.mark.parametrize(("language", "expected"), [
    ("en", "01-outage.en.md:6: exercise 'outage': network is linkedin here but facebook in 01-outage.md:6"),
    ("de", "01-outage.en.md:6: Übung 'outage': network ist hier linkedin, in 01-outage.md:6 aber facebook"),
])
def test_lessons_check_prints_both_places_in_the_command_lines_language(make_app, tmp_path, language, expected):
    root = make_course(tmp_path / "c", {"course.md": COURSE, "01-basics/01-outage.md": EXERCISE,
                                        "01-basics/01-outage.en.md": ENGLISH.replace("network: facebook", "network: linkedin")})
    runner = make_app(KURS_LANGUAGE=language).test_cli_runner()
    result = runner.invoke(args=["lessons", "check", str(root)], env=NEUTRAL_LOCALE)
    assert result.exit_code == 1 and expected in result.output
