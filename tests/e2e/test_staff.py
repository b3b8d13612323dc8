"""Trainers and admins in a real browser: content published without restart, reports, CSV, people import."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from builders import quiz_form
from conftest import PASSWORD

from course.content.scoring import read_answers
from course.db import database
from course.domain import attempts, progress
from course.models import User

from .helpers import sign_in

NEW_LESSON = """---
title: Extra reading
minutes: 4
---
Published while the server runs.
"""


def take_quiz(user: User, lesson, right: bool) -> None:
    """Submit one attempt at a lesson's quiz the way the quiz page does."""
    answers, problems = read_answers(lesson.questions, quiz_form(lesson, right))
    assert not problems
    attempts.submit_attempt(user, lesson, attempts.open_attempt(user, lesson).token, answers)


@pytest.fixture
def team(app, make_user, course):
    """A trainer, and three learners: Ann passed Basics at the second try, Ben failed once, Cleo has not begun."""
    make_user("admin@example.com", role="admin")
    make_user("tina@example.com", role="trainer", name="Tina Trainer")
    ann = make_user("ann@example.com", name="Ann Berger", department="Service")
    ben = make_user("ben@example.com", name="Ben Weber", department="Sales")
    make_user("cleo@example.com", name="Cleo Wolf", department="Sales")
    welcome, quiz = course.lesson("basics", "welcome"), course.lesson("basics", "quiz")
    with app.app_context(), database.connection_context():
        progress.record_completed(ann, welcome)
        take_quiz(ann, quiz, right=False)
        take_quiz(ann, quiz, right=True)
        take_quiz(ben, quiz, right=False)


def download(page, selector: str) -> list[list[str]]:
    """Click a download link and return the CSV it saved, as rows."""
    with page.expect_download() as event:
        page.click(selector)
    data = Path(event.value.path()).read_text(encoding="utf-8")
    assert data.startswith("\ufeff"), "CSV without the byte-order mark Excel needs"
    return list(csv.reader(io.StringIO(data.lstrip("\ufeff"))))


def test_trainer_publishes_a_lesson_and_reads_the_reports(page, team, lessons_dir):
    sign_in(page, "tina@example.com", PASSWORD)
    with page.expect_navigation():
        page.click("#nav-content")
    assert "2 modules, 4 lessons" in page.inner_text("main")
    assert "Extra reading" not in page.inner_text("#module-basics")

    (lessons_dir / "01-basics" / "03-extra.md").write_text(NEW_LESSON)
    page.reload()  # the server picks the file up by itself: no restart, no button
    assert "2 modules, 5 lessons" in page.inner_text("main")
    assert "Extra reading" in page.inner_text("#module-basics")
    assert "No errors" in page.inner_text("#content-errors")

    with page.expect_navigation():
        page.click("#nav-reports")
    with page.expect_navigation():
        page.click(".tabs >> text=People × modules")
    rows = {row.locator("th").inner_text().split("\n")[0]: row.locator("td").first.inner_text()
            for row in page.locator("#matrix tbody tr").all()}
    # Ann had finished Basics; the new lesson counts at once, so she is back in progress
    assert rows["Ann Berger"].startswith("In progress") and "2/3" in rows["Ann Berger"]
    assert rows["Cleo Wolf"].startswith("Not started")
    matrix_csv = download(page, "#csv-matrix")
    assert {"Ann Berger", "Ben Weber", "Cleo Wolf"} <= {cell for row in matrix_csv for cell in row}

    with page.expect_navigation():
        page.click(".tabs >> text=Quiz items")
    with page.expect_navigation():
        page.click("#quiz-lessons >> text=First check")
    first = page.locator("#item-analysis tbody tr", has_text="What do you do first?")
    assert "0 of 2" in first.locator("td").nth(0).inner_text()  # nobody was right the first time
    assert "Hide the comment." in first.locator("td").nth(2).inner_text()

    header, *rows = download(page, "#csv-items")
    assert header[:2] == ["question key", "question"]
    record = next(dict(zip(header, r, strict=True)) for r in rows if r[1] == "What do you do first?")
    assert record["question key"].startswith("what-do-you-do-first")
    del record["question key"]
    assert record == {
        "question": "What do you do first?", "retired": "no", "answers": "3", "right %": "33.3",
        "first attempts": "2", "right on first attempt %": "0.0", "most chosen wrong answer": "Hide the comment.",
        "times chosen": "2",
    }
    assert not page.watch.console_errors


def test_admin_imports_people_from_a_csv_file(page, make_user, app, tmp_path):
    make_user("admin@example.com", role="admin", name="Ada Admin")
    upload = tmp_path / "people.csv"
    upload.write_text("\ufeffemail;name;department;role\r\n"
                      "dora@example.com;Dora Schulz;Service;\r\n"
                      "emil@example.com;Emil Braun;Sales;trainer\r\n"
                      "not-an-email;Nobody;Sales;learner\r\n", encoding="utf-8")
    sign_in(page, "admin@example.com", PASSWORD)
    with page.expect_navigation():
        page.click("#nav-people")
    with page.expect_navigation():
        page.click("text=Import")
    page.set_input_files("#file", str(upload))
    with page.expect_navigation():
        page.click("#preview-import")
    assert "2 of 3 rows can be imported" in page.inner_text("#import-preview")
    assert page.locator("#import-rows tr.bad").count() == 1
    with app.app_context(), database.connection_context():
        assert not User.select().where(User.email == "dora@example.com").exists()  # nothing before confirming

    with page.expect_navigation():
        page.click("#confirm-import-button")
    assert page.inner_text("h1") == "Imported 2 people"
    assert "not-an-email" in page.inner_text("#import-skipped")
    assert page.locator("#links tbody tr").count() == 2
    with app.app_context(), database.connection_context():
        people = {u.email: (u.name, u.department, u.role) for u in User.select().where(User.email.endswith("@example.com"))}
    assert people["dora@example.com"] == ("Dora Schulz", "Service", "learner")
    assert people["emil@example.com"] == ("Emil Braun", "Sales", "trainer")
    assert "not-an-email" not in people
