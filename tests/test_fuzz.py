"""Content faults: any text gives a course or content errors, never an exception (hypothesis).

Broken or deleted files on a running server keep everyone's history and the last good version.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from builders import open_quiz, quiz_form
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course.content.errors import ContentError
from course.content.frontmatter import split_front_matter
from course.content.loader import load_course
from course.content.markup import RenderError
from course.content.parsers import parse_lesson
from course.content.quiz import extract_quizzes, read_answers, score_quiz
from course.db import database
from course.models import LessonProgress, QuestionResponse, QuizAttempt

FUZZ = settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# Lines a course file is made of, good and bad, so the fuzzer reaches deep into the parser.
FRAGMENTS = [
    "---", "...", "<quiz>", "</quiz>", "<quiz> </quiz>", "```", "~~~", "````python", "    indented code",
    "- [x] right", "- [ ] wrong", "- [X] Right", "- [] empty", "* [x] star", "- [x]", "- [ ] True", "- [x] False",
    "> feedback", ">", "", "   ", "Question text?", "A [[gap]] here", "[[a|b|c]] and [[d]]", "[[]]", "[[|]]",
    "{#my-key}", "Text {#key}", "title: A title", "title: [1, 2]", "title:", "id: my-id", "id: ../../etc",
    "minutes: -1", "minutes: many", "quiz:", "  pass_percent: 101", "  max_attempts: 0", "  shuffle: maybe",
    "  show_correct: sometimes", "  unknown: 1", "quiz: 5", "unknown: key", "key: value: colon", "- list item",
    "a: &a [x, x]", "b: [*a, *a]", "c: *undefined", "!!python/object:os.system", "%YAML 1.2", "\t tab",
    "![img](pixel.png)", "![img](../outside.png)", "![img](https://example.com/x.png)", "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>", "# Heading", "!!! note", "| a | b |", "|---|---|", "[^1]: note", "\ufeff", "\x00",
    "\u2028", "é", "🙂", "\r", "<!--", "-->", "<div markdown=\"1\">", "</div>",
]
lines = st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30))
documents = st.lists(lines, max_size=40).map("\n".join)
any_text = st.one_of(documents, st.text(max_size=400))


def assert_errors_are_reported(errors, text: str) -> None:
    for error in errors:
        assert isinstance(error, ContentError)
        assert error.message and error.line >= 1
        assert error.line <= text.count("\n") + 2, (error, text)


@FUZZ
@given(any_text)
def test_split_front_matter_never_raises(text):
    source, errors = split_front_matter(text, "fuzz.md")
    assert isinstance(source.meta, dict)
    assert isinstance(source.body, str) and source.body_line >= 1
    assert_errors_are_reported(errors, text)


@FUZZ
@given(any_text, st.integers(min_value=1, max_value=50))
def test_extract_quizzes_never_raises(text, first_line):
    try:
        body, questions, errors = extract_quizzes(text, first_line, "fuzz.md")
    except RenderError:  # text nested hundreds of levels deep: the loader makes it the file's error
        assert len(text) > 400
        return
    assert isinstance(body, str)
    for q in questions:
        assert q.options or q.gaps
        assert q.kind != "gap" or len(q.prompt_html) == len(q.gaps) + 1
        assert not q.options or any(o.correct for o in q.options)
    for error in errors:
        assert isinstance(error, ContentError) and error.line >= first_line


@FUZZ
@given(any_text, st.dictionaries(st.text(max_size=20), st.lists(st.text(max_size=20), max_size=3), max_size=6))
def test_any_quiz_form_is_read_and_scored(text, form):
    _, questions, errors = extract_quizzes(text, 1, "fuzz.md")
    questions = tuple(questions)
    answers, problems = read_answers(questions, form)
    score = score_quiz(questions, answers, 80)
    assert 0 <= score.points <= score.max_points == len(questions)
    assert problems or not questions or all(q.key in answers for q in questions)


@settings(FUZZ, max_examples=50)  # files on disk: slower per example
@given(any_text, any_text)
def test_any_files_load_as_a_course_or_content_errors(lesson_text, module_text):
    root = Path(tempfile.mkdtemp())
    try:
        module = root / "01-module"
        module.mkdir()
        (module / "module.md").write_text(module_text, encoding="utf-8")
        (module / "01-lesson.md").write_text(lesson_text, encoding="utf-8")
        lesson, errors = parse_lesson(module / "01-lesson.md", root, "01-lesson.md", "module")
        assert (lesson is None) == bool(errors)
        assert_errors_are_reported(errors, lesson_text)
        course = load_course(root)
        assert all(isinstance(e, ContentError) for e in course.errors)
        assert len(course.modules) == 1  # a broken module.md never loses the module
    finally:
        shutil.rmtree(root)


@pytest.mark.parametrize(
    "body",
    [
        "- " * 1000 + "x",
        "1. " * 1000 + "x",
        '<div markdown="1">' * 500 + "x" + "</div>" * 500,
        "<quiz>\nDeep?\n- [x] " + "- " * 1000 + "x\n- [ ] no\n</quiz>",
    ],
    ids=["bullets", "numbers", "html-blocks", "in-a-question"],
)
@pytest.mark.parametrize("name", ["lesson.md", "module.md"])
def test_deep_nesting_is_an_error_not_a_crash(tmp_path, body, name):
    """Python-Markdown recurses once per level: the file gets an error, the course still loads."""
    module = tmp_path / "01-m"
    module.mkdir()
    (module / "module.md").write_text("---\ntitle: M\n---\n" + (body if name == "module.md" else ""))
    (module / "01-lesson.md").write_text("---\ntitle: Deep\n---\n" + (body if name == "lesson.md" else "Fine."))
    course = load_course(tmp_path)
    assert [m.id for m in course.modules] == ["m"]
    assert any("nested too deeply" in e.message and e.path.endswith(name) for e in course.errors), course.errors
    assert len(course.modules[0].lessons) == (0 if name == "lesson.md" else 1)


def test_yaml_aliases_do_not_explode(tmp_path):
    bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 9):
        bomb.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}" if n > 1 else "*a"] * 9) + "]")
    text = "---\n" + "\n".join(bomb) + "\ntitle: *a8\n---\nBody\n"
    (tmp_path / "lesson.md").write_text(text)
    lesson, errors = parse_lesson(tmp_path / "lesson.md", tmp_path, "lesson.md", "m")
    assert lesson is None and any("unknown front matter key" in e.message for e in errors)


def test_a_file_that_is_not_utf8_is_an_error(tmp_path):
    (tmp_path / "lesson.md").write_bytes(b"---\ntitle: x\n---\n\xff\xfe caf\xe9\n")
    lesson, errors = parse_lesson(tmp_path / "lesson.md", tmp_path, "lesson.md", "m")
    assert lesson is None and re.search("UTF-8", errors[0].message) and errors[0].line == 4


# ---------------------------------------------------------------- files that break on a running server


def test_a_broken_lesson_keeps_its_last_good_version(client, learner, lessons_dir, app, course):
    lesson = course.lesson("basics", "quiz")
    token, csrf, before = open_quiz(client, "/learn/basics/quiz")
    path = lessons_dir / "01-basics" / "02-quiz.md"
    path.write_text("---\ntitle: Broken now\n---\n<quiz>\nNo right answer here?\n- [ ] a\n- [ ] b\n</quiz>\n")
    after = client.get("/learn/basics/quiz")
    assert after.status_code == 200
    html = after.get_data(as_text=True)
    assert "First check" in html and "What do you do first?" in html and "Broken now" not in html
    errors = app.extensions["kurs_catalog"].course().errors
    assert any(e.path.endswith("02-quiz.md") and "no correct answer" in e.message for e in errors)
    # the form shown before the file broke still counts
    response = client.post("/learn/basics/quiz/quiz", data={"attempt": token, "csrf_token": csrf, **quiz_form(lesson)})
    assert response.status_code == 302 and "/attempts/" in response.location
    assert "Passed" in client.get(response.location).get_data(as_text=True)


def test_a_deleted_lesson_keeps_everyones_history(client, learner, lessons_dir, app, course):
    lesson = course.lesson("basics", "quiz")
    token, csrf, _ = open_quiz(client, "/learn/basics/quiz")
    result = client.post("/learn/basics/quiz/quiz", data={"attempt": token, "csrf_token": csrf, **quiz_form(lesson)}).location
    (lessons_dir / "01-basics" / "02-quiz.md").unlink()

    assert client.get("/learn/basics/quiz").status_code == 404
    history = client.get("/history")
    assert history.status_code == 200
    assert "quiz (retired)" in history.get_data(as_text=True)
    page = client.get(result)
    assert page.status_code == 200
    assert "100%" in page.get_data(as_text=True)
    for path in ("/", "/learn/basics"):
        assert client.get(path).status_code == 200, path
    with app.app_context(), database.connection_context():
        attempt = QuizAttempt.get(QuizAttempt.lesson_id == "quiz")
        assert attempt.passed and QuestionResponse.select().where(QuestionResponse.attempt == attempt).count() == 4
        assert LessonProgress.get(LessonProgress.lesson_id == "quiz").completed_at is not None


def test_a_deleted_module_keeps_history_too(client, learner, lessons_dir, course):
    lesson = course.lesson("basics", "quiz")
    token, csrf, _ = open_quiz(client, "/learn/basics/quiz")
    result = client.post("/learn/basics/quiz/quiz", data={"attempt": token, "csrf_token": csrf, **quiz_form(lesson)}).location
    shutil.rmtree(lessons_dir / "01-basics")
    assert client.get("/learn/basics").status_code == 404
    assert client.get("/").status_code == 200
    assert "quiz (retired)" in client.get("/history").get_data(as_text=True)
    assert client.get(result).status_code == 200
