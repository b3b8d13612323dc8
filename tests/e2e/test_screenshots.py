"""Screenshots of the main pages for the docs, written on request: `make screenshots`."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest
from builders import quiz_form
from conftest import PASSWORD

from course.content.scoring import read_answers
from course.db import database
from course.domain import attempts, progress
from course.models import LessonProgress, User, utcnow

from .conftest import PHONE
from .helpers import SHIPPED_COURSE, answer_in_browser, screenshot, sign_in

pytestmark = pytest.mark.skipif(not os.environ.get("SCREENSHOTS_DIR"),
                                reason="screenshots are written on request: make screenshots")


@pytest.fixture
def lessons_dir() -> Path:
    return SHIPPED_COURSE


def test_learner_pages(open_page, make_user, app, course):
    make_user("admin@example.com", role="admin", name="Ada Admin")
    make_user("lena@example.com", name="Lena Berger", language="de")  # the README shows the German course
    first = course.modules[0]
    with app.app_context(), database.connection_context():
        lena = User.get(User.email == "lena@example.com")
        for lesson in first.lessons[:2]:
            progress.record_completed(lena, lesson)
        progress.record_started(lena, course.modules[1].lessons[0])
    page = open_page()
    sign_in(page, "lena@example.com", PASSWORD)
    page.locator("#continue").evaluate("link => window.scrollTo(0, link.getBoundingClientRect().top + scrollY - 120)")
    screenshot(page, "dashboard")

    figure = next(lesson for m in course.modules for lesson in m.lessons if "<img" in lesson.html)
    page.goto(f"/learn/{figure.module_id}/{figure.id}")
    page.locator(".prose img").first.scroll_into_view_if_needed()
    screenshot(page, "lesson")

    quiz = next(lesson for lesson in first.lessons if lesson.has_quiz)
    page.goto(f"/learn/{quiz.module_id}/{quiz.id}")
    answer_in_browser(page, quiz, wrong=1)
    page.locator("#quiz-title").scroll_into_view_if_needed()
    screenshot(page, "quiz")
    with page.expect_navigation():
        page.click("#submit-quiz")
    screenshot(page, "quiz-result")

    phone = open_page(PHONE, is_mobile=True, has_touch=True)
    sign_in(phone, "lena@example.com", PASSWORD)
    phone.goto(f"/learn/{figure.module_id}/{figure.id}")
    screenshot(phone, "phone-lesson")


STAFF = [  # name, department, modules completed, quiz attempts failed before passing the next module's quiz
    ("Ann Berger", "Service", 4, 0), ("Ben Weber", "Service", 2, 1), ("Cleo Wolf", "Service", 7, 0),
    ("Dirk Lange", "Sales", 1, 2), ("Eva Roth", "Sales", 0, 1), ("Finn Albers", "Shop Hamburg", 3, 0),
    ("Gül Yilmaz", "Shop Hamburg", 5, 1), ("Hanna Vogt", "Shop Bremen", 0, 0),
]


def take_quiz(user, lesson, right: bool) -> None:
    answers, problems = read_answers(lesson.questions, quiz_form(lesson, right))
    assert not problems
    attempts.submit_attempt(user, lesson, attempts.open_attempt(user, lesson).token, answers)


def test_trainer_pages(open_page, make_user, app, course):
    make_user("admin@example.com", role="admin", name="Ada Admin")
    make_user("tina@example.com", role="trainer", name="Tina Trainer", department="Training", language="de")
    with app.app_context(), database.connection_context():
        for n, (name, department, completed, failures) in enumerate(STAFF):
            person = make_user(f"person{n}@example.com", name=name, department=department)
            for module in course.modules[:completed]:
                for lesson in module.lessons:
                    if lesson.has_quiz:
                        take_quiz(person, lesson, right=True)
                    else:
                        progress.record_completed(person, lesson)
            if completed < len(course.modules):
                started = course.modules[completed].lessons
                progress.record_completed(person, started[0])
                quiz = next(lesson for lesson in started if lesson.has_quiz)
                for _ in range(failures):
                    take_quiz(person, quiz, right=False)
            # people took days, not milliseconds, from their first lesson to their last
            LessonProgress.update(started_at=utcnow() - timedelta(days=2 + n, hours=3 * n)).where(
                LessonProgress.user == person).execute()
    page = open_page()
    sign_in(page, "tina@example.com", PASSWORD)
    page.goto("/train/content")
    screenshot(page, "trainer-content")
    page.goto("/train/reports")
    screenshot(page, "trainer-reports")
    page.goto("/train/reports/matrix")
    screenshot(page, "trainer-matrix")
    quiz = next(lesson for lesson in course.modules[0].lessons if lesson.has_quiz)
    page.goto(f"/train/reports/items/{quiz.module_id}/{quiz.id}")
    screenshot(page, "trainer-item-analysis")
