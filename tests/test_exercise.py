"""The <exercise> block: parsing, validation with file and line, and the checks on a reply."""

from __future__ import annotations

import pytest
from test_loader import load, make_course

from course.content.detectors import find_personal_data
from course.content.exercise import MAX_REPLY, extract_exercises
from course.content.media import referenced_images
from course.content.reply_checks import address_problem, has_signature, run_checks

EXERCISE = """---
title: Störung
---
Lesen Sie den Beitrag.

<exercise>
id: outage
network: facebook
author: Jana Peters
post: |
  Seit Dienstag kein Internet! Könnt ihr mal sagen, was los ist?
thread:
  - author: Tom Krause
    text: Bei mir auch.
task: Antworten Sie öffentlich im Namen von Nordwind.
checks:
  - contains: [entschuldig, sorry]
    feedback: Entschuldigen Sie sich für den Ausfall.
  - not_contains: leider nicht zuständig
    feedback: Zuständig sind wir immer.
  - no_personal_data: true
    feedback: Keine Daten öffentlich.
  - address_form: true
    feedback: Bleiben Sie bei der Anrede des Beitrags.
  - length: 400
    feedback: Kürzer, bitte.
  - signature: true
    feedback: Unterschreiben Sie mit Ihrem Vornamen.
model: |
  Hallo Jana, das tut uns leid, entschuldige bitte! Wir schauen sofort nach. Viele Grüße, Anna
</exercise>

Text danach.
"""


def exercise_course(tmp_path, lesson=EXERCISE, course_md="---\ntitle: T\ncontract_number: 'NW-\\d{8}'\n---\n"):
    return load(make_course(tmp_path, {"course.md": course_md, "01-basics/01-outage.md": lesson}))


def test_block_is_parsed_with_post_thread_checks_and_model(tmp_path):
    course, errors = exercise_course(tmp_path)
    assert errors == []
    lesson = course.modules[0].lessons[0]
    (exercise,) = lesson.exercises
    assert (exercise.key, exercise.network, exercise.author, exercise.line, exercise.done) == ("outage", "facebook", "Jana Peters", 6, "checks")
    assert exercise.thread == (("Tom Krause", "Bei mir auch."),)
    assert [c.kind for c in exercise.checks] == ["contains", "not_contains", "no_personal_data", "address_form", "length", "signature"]
    assert exercise.checks[0].value == ("entschuldig", "sorry") and exercise.checks[0].line == 17
    assert exercise.model.startswith("Hallo Jana")
    # the block's YAML, model answer included, never reaches the lesson's HTML
    assert "Text danach" in lesson.html and "entschuldige" not in lesson.html and "outage" not in lesson.html
    assert course.contract_number == r"NW-\d{8}"


@pytest.mark.parametrize(("change", "line", "message"), [
    (("  - signature: true\n", "  - sentiment: true\n"), 27, "exercise check: unknown check kind 'sentiment'"),
    (("model: |\n  Hallo Jana, das tut uns leid, entschuldige bitte! Wir schauen sofort nach. Viele Grüße, Anna\n", "model: ''\n"),
     29, "exercise: 'model' is missing or empty"),
    (("network: facebook", "network: myspace"), 8, "exercise: network must be one of facebook, instagram, linkedin, x"),
    (("author: Jana Peters\n", "author: Jana Peters\nimage: missing.png\n"), 10, "exercise: image 'missing.png' not found in the course folder"),
    (("    feedback: Kürzer, bitte.\n", ""), 25, "exercise check: 'length' needs a 'feedback:' text"),
    (("  - length: 400", "  - length: viel"), 25, "exercise check: 'length' takes the trainer's maximum"),
    (("  - signature: true", "  - signature: Jana"), 27, "exercise check: 'signature' takes no value"),
    (("id: outage\n", "id: outage\ncolour: red\n"), 8, "exercise: unknown field 'colour'"),
    (("author: Jana Peters\n", "author: Jana Peters\nalt: Ein Router\n"), 10, "exercise: alt describes the post's image"),
    (("id: outage\n", "id: outage\ndone: maybe\n"), 8, "exercise: done must be"),
    (("checks:\n", "checks: []\nx:\n"), 16, "exercise: 'checks' must list at least one check"),
    (("post: |\n", "post: [\n"), 11, "exercise: not valid YAML (a list in square brackets is not closed"),
    (("id: outage\n", "id: outage\nnetwork: x\n"), 9, "exercise: the field 'network' appears twice (also at line 8)"),
    (("</exercise>\n", ""), 6, "unclosed <exercise>"),
])
def test_lessons_check_reports_file_and_line(tmp_path, change, line, message):
    course, errors = exercise_course(tmp_path, EXERCISE.replace(*change, 1))
    assert any(e.startswith(f"01-basics/01-outage.md:{line}: {message}") for e in errors), errors
    assert course.modules[0].lessons == ()  # a broken lesson is left out, the others load


def test_image_beside_the_lesson_is_accepted(tmp_path):
    (tmp_path / "01-basics").mkdir(parents=True)
    (tmp_path / "01-basics" / "post.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    course, errors = exercise_course(tmp_path, EXERCISE.replace("author: Jana Peters\n", "author: Jana Peters\nimage: post.png\n"))
    assert errors == [] and course.modules[0].lessons[0].exercises[0].image == "/media/01-basics/post.png"
    assert "01-basics/post.png" in referenced_images(course)  # so /media/ serves it


def with_image(tmp_path, lines: str) -> tuple:
    """The outage lesson with an image in its post (and these lines after image:), loaded; its exercise and warnings."""
    (tmp_path / "01-basics").mkdir(parents=True, exist_ok=True)
    (tmp_path / "01-basics" / "post.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    course, errors = exercise_course(tmp_path, EXERCISE.replace("author: Jana Peters\n", f"author: Jana Peters\nimage: post.png\n{lines}"))
    assert errors == []
    return course.modules[0].lessons[0].exercises[0], [str(w).replace(f"{tmp_path}/", "") for w in course.warnings]


@pytest.mark.parametrize(("lines", "alt"), [
    ("alt: Ein Router, an dem kein Licht brennt\n", "Ein Router, an dem kein Licht brennt"),
    ('alt: ""\n', ""),  # decorative
    ("alt:\n", ""),  # nothing after it: decorative too
])
def test_an_image_with_alt_text_loads_without_a_warning(tmp_path, lines, alt):
    exercise, warnings = with_image(tmp_path, lines)
    assert exercise.alt == alt and warnings == []


def test_an_image_without_alt_text_is_a_warning_at_its_line(tmp_path):
    exercise, warnings = with_image(tmp_path, "")
    assert exercise.alt is None and exercise.image == "/media/01-basics/post.png"  # it still loads and shows
    assert warnings == ["01-basics/01-outage.md:10: exercise 'outage': the image has no alt text: describe what it shows "
                        'with alt: (alt: "" if it only decorates)']


def test_a_translation_without_alt_text_is_warned_about_in_its_own_file(tmp_path):
    exercise, _ = with_image(tmp_path, "alt: Ein Router\n")
    (tmp_path / "course.md").write_text("---\ntitle: T\nlanguages: [de, en]\n---\n", encoding="utf-8")
    (tmp_path / "01-basics" / "module.en.md").write_text("---\ntitle: Basics\n---\n", encoding="utf-8")
    english = (tmp_path / "01-basics" / "01-outage.md").read_text(encoding="utf-8").replace("alt: Ein Router\n", "")
    (tmp_path / "01-basics" / "01-outage.en.md").write_text(english, encoding="utf-8")
    course, errors = load(tmp_path)
    warnings = [str(w).replace(f"{tmp_path}/", "") for w in course.warnings]
    assert errors == [] and [w.split(": ", 1)[0] for w in warnings if "alt text" in w] == ["01-basics/01-outage.en.md:10"]


def test_a_non_text_alt_is_an_error(tmp_path):
    (tmp_path / "01-basics").mkdir(parents=True)
    (tmp_path / "01-basics" / "post.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    _, errors = exercise_course(tmp_path, EXERCISE.replace("author: Jana Peters\n", "author: Jana Peters\nimage: post.png\nalt: [a, b]\n"))
    assert errors == ["01-basics/01-outage.md:11: exercise: alt is the image's description: write it as text"]


def test_duplicate_exercise_ids_are_reported():
    block = EXERCISE.split("---\n", 2)[2]
    _, exercises, errors = extract_exercises(block + block, 4, "l.md", lambda src: True)
    assert len(exercises) == 2 and [str(e).split(": ", 1)[1] for e in errors] == ["duplicate exercise id 'outage' (also at line 6)"]


def test_exercise_in_a_code_block_is_an_example_not_an_exercise():
    text, exercises, errors = extract_exercises("```\n<exercise>\nid: x\n</exercise>\n```\n", 1, "l.md", lambda src: True)
    assert exercises == [] and errors == [] and "<exercise>" in text


def test_unsafe_contract_pattern_in_course_md_is_refused_with_its_line(tmp_path):
    course, errors = exercise_course(tmp_path, course_md="---\ntitle: T\ncontract_number: '(\\d+)+x'\n---\n")
    assert errors == ["course.md:3: contract_number has a repeat inside a repeat (like (a+)+), which can take forever: write it without"]
    assert course.contract_number == ""


def test_lessons_check_command_names_file_and_line(runner, tmp_path):
    root = make_course(tmp_path / "c", {"01-basics/01-outage.md": EXERCISE.replace("  - signature: true", "  - sentiment: true")})
    result = runner.invoke(args=["lessons", "check", str(root)])
    assert result.exit_code == 1 and "01-outage.md:27: exercise check: unknown check kind 'sentiment'" in result.output


# ---------------------------------------------------------------- the checks on a reply


@pytest.fixture
def outage(tmp_path):
    course, _ = exercise_course(tmp_path)
    return course.modules[0].lessons[0].exercises[0]


def failed(exercise, reply, language="de", contract=None):
    import re
    return [r.check.kind for r in run_checks(exercise, reply, language, re.compile(r"NW-\d{8}")) if not r.passed]


def test_careful_reply_passes_every_check(outage):
    assert failed(outage, "Hallo Jana, das tut uns sehr leid, entschuldige bitte! Wir prüfen deinen Anschluss. Viele Grüße, Anna") == []


def test_hasty_reply_fails_the_expected_checks(outage):
    hasty = "Dafür sind wir leider nicht zuständig. Rufen Sie 0421 1234567 an."
    assert failed(outage, hasty) == ["contains", "not_contains", "no_personal_data", "address_form", "signature"]


def test_results_name_what_was_found(outage):
    results = {r.check.kind: r for r in run_checks(outage, "Schreib an anna@example.de, Vertrag NW-12345678. Anna", "de", None)}
    assert results["no_personal_data"].found == ("email: anna@example.de",)
    assert results["contains"].found == () and results["length"].found == ("53/400",)


def test_length_is_the_networks_limit_or_the_trainers_maximum(outage):
    from dataclasses import replace
    on_x = replace(outage, network="x", checks=(replace(outage.checks[4], value=None),))
    assert failed(on_x, "a" * 280) == [] and failed(on_x, "a" * 281) == ["length"]
    assert failed(outage, "Entschuldige! " + "a" * 400 + "\nAnna") == ["length"]


def test_reply_is_cut_at_the_size_limit(outage):
    # the checks never look past MAX_REPLY characters, however long the text
    assert failed(outage, "a" * (MAX_REPLY + 10) + " sorry") == ["contains", "length", "signature"]


@pytest.mark.parametrize(("post", "reply", "language", "problem"), [
    ("Kannst du mal schauen?", "Wir helfen dir gern.", "de", ""),
    ("Könnt ihr mal schauen?", "Wir melden uns bei euch.", "de", ""),
    ("Könnt ihr mal schauen?", "Rufen Sie uns an.", "de", "Sie"),
    ("Ihr Service ist schlecht. Können Sie helfen?", "Wir helfen Ihnen gern.", "de", ""),
    ("Kannst du mal schauen?", "Wir helfen Ihnen gern.", "de", "Sie"),
    ("Kannst du mal schauen?", "Wir helfen dir. Können Sie uns schreiben?", "de", "du + Sie"),
    ("Können Sie helfen?", "Sie haben recht, wir melden uns bei Ihnen.", "de", ""),
    ("Können Sie helfen?", "Klar, wir helfen dir.", "de", "du"),
    ("Seit Dienstag kein Netz!", "Sie haben recht. Wir melden uns bei Ihnen.", "de", ""),  # sentence-initial "Sie" alone is fine
    ("Still no internet!", "Sorry, we are on it. Jana", "en", ""),
    ("Still no internet!", "Dear Sir or Madam, we regret the inconvenience.", "en", "stiff: Dear Sir"),
])
def test_form_of_address(post, reply, language, problem):
    assert address_problem(post, reply, language) == problem


@pytest.mark.parametrize(("reply", "signed"), [
    ("Viele Grüße\nJana", True), ("Viele Grüße, Anna-Lena", True), ("Danke! ^jk", True), ("Wir melden uns. /JP", True),
    ("Best, Tom", True), ("Das nächste Update kommt um 12 Uhr, und ich schaue mir Ihren Anschluss an. ^Niklas", True),
    ("^Aylin", True), ("Wir kümmern uns. ^Team", False), ("Ich sehe mir Ihre Leitung gleich heute an. Jana", True),
    ("Wir kümmern uns darum, versprochen. Danke", False), ("Viele Grüße, Ihr Nordwind-Team", False), ("Wir kümmern uns.", False),
    ("Wir melden uns bei Ihnen im Laufe des Tages Morgen", False), ("Cheers, the Nordwind team", False), ("", False),
])
def test_signature(reply, signed):
    assert has_signature(reply) is signed


def test_no_personal_data_without_a_course_pattern_still_finds_the_rest():
    assert [f.kind for f in find_personal_data("NW-12345678 und 0421 1234567")] == ["phone"]


def test_a_model_answer_that_fails_its_own_check_is_reported(tmp_path):
    lesson = EXERCISE.replace("Wir schauen sofort nach. Viele Grüße, Anna", "Wir schauen sofort nach.")
    course, errors = exercise_course(tmp_path, lesson)
    assert errors == ["01-basics/01-outage.md:27: exercise: the model answer fails this 'signature' check"]


def test_length_true_means_the_networks_limit(tmp_path):
    course, errors = exercise_course(tmp_path, EXERCISE.replace("network: facebook", "network: x").replace("length: 400", "length: true"))
    check = course.modules[0].lessons[0].exercises[0].checks[4]
    assert errors == [] and check.value is None
    assert failed(course.modules[0].lessons[0].exercises[0], "Sorry! " + "a" * 280 + "\nAnna") == ["length"]


def test_a_model_answer_with_a_number_in_the_courses_contract_pattern_is_reported(tmp_path):
    lesson = EXERCISE.replace("Wir schauen sofort nach.", "Wir schauen uns NW-12345678 sofort an.")
    course, errors = exercise_course(tmp_path, lesson)
    assert errors == ["01-basics/01-outage.md:21: exercise: the model answer fails this 'no_personal_data' check "
                      "(found contract: NW-12345678)"]
    # the lesson is not broken, its example is: it stays while the error is listed
    assert course.modules[0].lessons[0].exercises[0].model.startswith("Hallo Jana")
    # without the course's pattern the same text is no contract number
    _, errors = exercise_course(tmp_path / "no-pattern", lesson, course_md="---\ntitle: T\n---\n")
    assert errors == []


def test_the_courses_pattern_reaches_the_reply_checks(tmp_path):
    course, _ = exercise_course(tmp_path)
    exercise = course.modules[0].lessons[0].exercises[0]
    reply = "Hallo Jana, entschuldige! Deinen Vertrag NW-12345678 prüfen wir. Anna"
    results = {r.check.kind: r for r in run_checks(exercise, reply, "de", course.contract)}
    assert results["no_personal_data"].found == ("contract: NW-12345678",)
    assert course.in_language("en").contract == course.contract
    assert exercise_course(tmp_path / "none", course_md="---\ntitle: T\n---\n")[0].contract is None


def test_model_answers_of_an_english_first_course_are_checked_by_the_english_rule(tmp_path):
    english = EXERCISE.replace("Hallo Jana, das tut uns leid, entschuldige bitte! Wir schauen sofort nach. Viele Grüße, Anna",
                               "Hi Jana, sorry! Dear Sir, we are on it.\n  Anna")
    _, errors = exercise_course(tmp_path, english, course_md="---\ntitle: T\nlanguages: [en, de]\n---\n")
    assert [e.split(": ", 1)[1] for e in errors if "model" in e] == ["exercise: the model answer fails this 'address_form' check"]
