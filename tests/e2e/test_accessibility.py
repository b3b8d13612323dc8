"""axe-core (WCAG 2 A/AA) on every page, for every role, at 1,280 and 375 px, over the demo company (issue 13).

Zero serious or critical violations is the bar. The demo company fills the reports with about 200
people, so the tables, charts and pagers are checked as a trainer sees them, not empty.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import quiz_form
from conftest import PASSWORD

from course.commands.demo import build_demo
from course.content.scoring import read_answers
from course.db import database
from course.domain import progress, tokens
from course.models import QuizAttempt, User

from .axe import serious
from .helpers import SHIPPED_COURSE, sign_in

pytestmark = pytest.mark.slow
DESKTOP_WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def lessons_dir() -> Path:
    return SHIPPED_COURSE


@pytest.fixture
def company(app, make_user, course):
    """The demo company, plus one learner of ours with progress, a result and a finished course."""
    make_user("ada@example.com", role="admin", name="Ada Admin")
    with app.app_context(), database.connection_context():
        build_demo(course, size=200)
    make_user("tina@example.com", role="trainer", name="Tina Trainer", department="Training")
    lena = make_user("lena@example.com", name="Lena Berger", department="Service")
    first = course.modules[0]
    quiz = next(lesson for lesson in first.lessons if lesson.has_quiz)
    with app.app_context(), database.connection_context():
        for lesson in first.lessons:
            if not lesson.has_quiz:
                progress.record_completed(lena, lesson)
        answers, _ = read_answers(quiz.questions, quiz_form(quiz, right=False))
        progress.submit_attempt(lena, quiz, progress.open_attempt(lena, quiz).token, answers)
        attempt = QuizAttempt.get(QuizAttempt.user == lena)
        someone = User.get(User.email.endswith("@nordwind.example") & (User.role == "learner"))
        newcomer = User.create(email="new@example.com", name="Nina Neu", department="Service")
        link = tokens.issue_token(newcomer)
    return {"quiz": quiz, "attempt": attempt.id, "someone": someone.id, "newcomer": newcomer.id, "token": link}


def learner_pages(course, company) -> list[str]:
    first = course.modules[0]
    quiz = company["quiz"]
    return ["/", f"/learn/{first.id}", f"/learn/{first.id}/{first.lessons[0].id}", f"/learn/{quiz.module_id}/{quiz.id}",
            f"/attempts/{company['attempt']}", "/history", "/certificate"]


def trainer_pages(course, company) -> list[str]:
    quiz = company["quiz"]
    return ["/train/content", "/train/reports", "/train/reports/matrix", "/train/reports/matrix?page=2", "/train/reports/overdue", "/train/reports/items",
            f"/train/reports/items/{quiz.module_id}/{quiz.id}", f"/train/reports/people/{company['someone']}"]


def admin_pages(company) -> list[str]:
    return ["/people", "/people/new", f"/people/{company['newcomer']}", "/people/import", "/people/assignments"]


def check(page, paths: list[str], found: dict) -> None:
    page.set_default_timeout(30_000)  # axe over a page of 50 people takes a while on a busy machine
    for path in paths:
        page.goto(path)
        for v in serious(page):
            found.setdefault(f"{path} @{page.viewport_size['width']}px", []).append(v)


def report(found: dict) -> str:
    return "\n".join(f"{where}: {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}"
                     for where, items in found.items() for v in items)


@pytest.mark.parametrize("viewport", [DESKTOP_WIDE, PHONE], ids=["1280px", "375px"])
def test_no_serious_violations_for_any_role(open_page, company, course, viewport):
    found: dict = {}
    page = open_page(viewport)
    check(page, ["/login", f"/set-password/{company['token']}", "/nowhere"], found)
    sign_in(page, "lena@example.com", PASSWORD)
    check(page, learner_pages(course, company), found)
    quiz = company["quiz"]
    page.goto(f"/learn/{quiz.module_id}/{quiz.id}")
    with page.expect_navigation():
        page.click("#submit-quiz")  # nothing answered: every question marked
    for v in serious(page):
        found.setdefault(f"quiz with problems @{viewport['width']}px", []).append(v)

    trainer = open_page(viewport)
    sign_in(trainer, "tina@example.com", PASSWORD)
    check(trainer, trainer_pages(course, company), found)

    admin = open_page(viewport)
    sign_in(admin, "ada@example.com", PASSWORD)
    check(admin, admin_pages(company) + learner_pages(course, company)[:1], found)
    assert not found, "axe found serious or critical violations:\n" + report(found)


def test_the_first_screen_has_no_serious_violations(open_page, app):
    found: dict = {}
    for size in (DESKTOP_WIDE, PHONE):
        page = open_page(size)
        check(page, ["/setup"], found)
        page.fill("#name", "Ada Admin")
        page.fill("#email", "ada@example.com")
        page.fill("#password", "a long password 1")
        page.fill("#password2", "another password 2")  # refused: the page with its error banner
        with page.expect_navigation():
            page.click("button[type=submit]")
        for v in serious(page):
            found.setdefault(f"/setup with errors @{size['width']}px", []).append(v)
    assert not found, report(found)


def test_the_checker_itself_finds_a_fault(open_page, app):
    """A harness that silently found nothing would pass every page: it must see a missing alt text."""
    page = open_page(DESKTOP_WIDE)
    page.goto("/login")
    page.evaluate("() => document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/static/favicon.svg\">')")
    assert "image-alt" in {v["id"] for v in serious(page)}


def test_every_module_of_the_shipped_course_fits_the_matrix_at_1280_px(open_page, make_user, course):
    """Short titles head the columns (issue 13, item 8): all seven modules are visible without scrolling."""
    make_user("ada@example.com", role="admin")
    make_user("tina@example.com", role="trainer", name="Tina Trainer")
    make_user("lena@example.com", name="Lena Berger")
    page = open_page(DESKTOP_WIDE)
    sign_in(page, "tina@example.com", PASSWORD)
    page.goto("/train/reports/matrix")
    headers = page.locator("#matrix thead th")
    assert headers.count() == len(course.modules) + 1
    box = page.locator("#matrix").evaluate("t => t.parentElement.getBoundingClientRect().right")
    last = headers.last.evaluate("th => th.getBoundingClientRect().right")
    assert last <= box + 1, "the last module's column is cut off"
