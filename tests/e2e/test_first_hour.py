"""The first hour of every role in a real browser (issue 13): what people stumbled over, checked where they did."""

from __future__ import annotations

import pytest
from builders import quiz_form
from conftest import PASSWORD

from course.content.scoring import read_answers
from course.db import database
from course.domain import attempts, progress
from course.models import User

from .conftest import PHONE
from .helpers import sign_in

WIDE = {"width": 1280, "height": 800}
SIZES = pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1280px", "375px"])
FITS = "document.documentElement.scrollWidth <= window.innerWidth"
# every word of the element's text that the browser laid out over more than one line
BROKEN_WORDS = """(root) => { const broken = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index); range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(match[0]);
    } }
  return broken; }"""
# boxes that scroll sideways, and whether the keyboard can reach each and a screen reader can name it
SCROLLERS = """() => [...document.querySelectorAll('body *')].filter(el => {
    const style = getComputedStyle(el);
    return ['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1; })
  .map(el => ({box: el.className || el.tagName, focusable: el.tabIndex >= 0,
               named: !!(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.tagName === 'TABLE')}))"""


def submit(page, lesson, right: bool = True) -> None:
    with page.expect_navigation():
        page.click("#submit-quiz")


def take_quiz(user: User, lesson, right: bool = True) -> None:
    answers, _ = read_answers(lesson.questions, quiz_form(lesson, right))
    attempts.submit_attempt(user, lesson, attempts.open_attempt(user, lesson).token, answers)


@pytest.fixture
def lena(app, make_user, course):
    make_user("admin@example.com", role="admin", name="Ada Admin")
    return make_user("lena@example.com", name="Lena Berger")


# ---------------------------------------------------------------- 1. the next step first

@SIZES
def test_a_returning_learner_sees_continue_and_progress_on_the_first_screen(open_page, lena, app, course, viewport):
    page = open_page(viewport)
    sign_in(page, "lena@example.com", PASSWORD)
    assert page.locator(".welcome .prose").first.is_visible()  # the first visit: the welcome in full
    with app.app_context(), database.connection_context():
        progress.record_completed(lena, course.lesson("basics", "welcome"))
    page.goto("/")
    height = page.viewport_size["height"]
    for selector in ("#continue", "#course-progress"):
        box = page.locator(selector).bounding_box()
        assert box["y"] + box["height"] <= height, f"{selector} is below the first screen"
    assert "Continue: First check" in page.inner_text("#continue")
    assert not page.locator("#about-course .prose").is_visible()  # folded
    page.click("#about-course summary")
    assert "fixture" in page.inner_text("#about-course .prose")


# ---------------------------------------------------------------- 2. quiz problems where they are

def test_an_unanswered_question_is_marked_where_it_stands_and_gets_the_focus(open_page, lena, lessons_dir):
    quiz_file = lessons_dir / "01-basics" / "02-quiz.md"
    quiz_file.write_text(quiz_file.read_text().replace("max_attempts: 3", "max_attempts: 3\n  shuffle: true"))
    page = open_page(WIDE)
    sign_in(page, "lena@example.com", PASSWORD)
    page.goto("/learn/basics/quiz")
    questions = page.locator("fieldset.question")
    count = questions.count()
    # answer every question shown but the last one, whichever it is in the file
    for n in range(count - 1):
        question = questions.nth(n)
        if question.locator("input.gap").count():
            question.locator("input.gap").first.fill("something")
        else:
            question.locator("input").first.check()
    submit(page, None)
    problem = page.locator(f"#question-{count}")
    assert problem.get_attribute("aria-invalid") == "true"
    message = page.inner_text(f"#problem-{count}")
    assert message.startswith(f"Question {count} ")
    focused = page.evaluate("() => ({fieldset: document.activeElement.closest('fieldset')?.id,"
                            " described: document.activeElement.getAttribute('aria-describedby')})")
    assert focused == {"fieldset": f"question-{count}", "described": f"problem-{count}"}
    assert page.locator("fieldset[aria-invalid]").count() == 1
    assert page.inner_text("#quiz-problems a") == message


# ---------------------------------------------------------------- 3. a way forward

def test_after_passing_the_learner_goes_on_to_the_next_module(open_page, lena, app, course):
    with app.app_context(), database.connection_context():
        progress.record_completed(lena, course.lesson("basics", "welcome"))
    page = open_page(WIDE)
    sign_in(page, "lena@example.com", PASSWORD)
    page.goto("/learn/basics/quiz")
    for question in course.lesson("basics", "quiz").questions:
        if question.kind == "gap":
            page.fill(f"input[name='q-{question.key}-0']", question.gaps[0][0])
        else:
            for option in [o for o in question.options if o.correct]:
                page.check(f"input[name='q-{question.key}'][value='{option.key}']")
    submit(page, None)
    assert "Passed" in page.inner_text(".result h1")
    with page.expect_navigation():
        page.click("#continue")
    assert page.url.endswith("/learn/advanced/reading")
    page.goto("/learn/basics")
    with page.expect_navigation():
        page.click("#continue")
    assert page.url.endswith("/learn/advanced")


# ---------------------------------------------------------------- 5. the certificate

@pytest.mark.parametrize("media", ["screen", "print"])
@SIZES
def test_the_certificate_breaks_no_word(open_page, lena, app, course, viewport, media):
    with app.app_context(), database.connection_context():
        progress.record_completed(lena, course.lesson("basics", "welcome"))
        take_quiz(lena, course.lesson("basics", "quiz"))
    page = open_page(viewport)
    sign_in(page, "lena@example.com", PASSWORD)
    page.goto("/certificate")
    page.emulate_media(media=media)
    assert page.locator(".certificate").is_visible()
    assert page.evaluate(BROKEN_WORDS, page.locator(".certificate").element_handle()) == []


# ---------------------------------------------------------------- 13. the first screen

@SIZES
def test_the_setup_form_is_styled_and_its_errors_as_wide_as_it(open_page, viewport):
    page = open_page(viewport)
    page.goto("/setup")
    size = "el => { const r = el.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; }"
    email = page.locator("#email").evaluate(size)
    assert page.locator("#name").evaluate(size) == email
    assert page.locator("#department").evaluate(size) == email
    page.fill("#name", "Ada Admin")
    page.fill("#email", "ada@example.com")
    page.fill("#password", "a long password 1")
    page.fill("#password2", "another password 2")
    with page.expect_navigation():
        page.click("button[type=submit]")
    banner = page.locator(".messages").bounding_box()
    form = page.locator(".narrow").bounding_box()
    assert banner["x"] >= form["x"] - 1 and banner["x"] + banner["width"] <= form["x"] + form["width"] + 1


# ---------------------------------------------------------------- 15. tables at a phone's width

@pytest.fixture
def reports_data(app, make_user, course, lena):
    make_user("tina@example.com", role="trainer", name="Tina Trainer")
    ann = make_user("ann.with.a.rather.long.address@example.com", name="Annemarie Oberhausen-Wiesenthal",
                    department="Customer Service North")
    with app.app_context(), database.connection_context():
        progress.record_completed(ann, course.lesson("basics", "welcome"))
        take_quiz(ann, course.lesson("basics", "quiz"), right=False)
        from course.domain.assignments import assign
        assign(course.module("advanced"), None, user=ann)
    return ann


def test_tables_at_a_phone_width_scroll_in_their_own_focusable_named_box(open_page, reports_data):
    page = open_page(PHONE)
    sign_in(page, "admin@example.com", PASSWORD)
    wide, unreachable = [], []
    for path in ("/people/assignments", "/people", "/train/content", "/train/reports", "/train/reports/matrix", "/train/reports/overdue",
                 f"/train/reports/people/{reports_data.id}", "/train/reports/items", "/train/reports/items/basics/quiz", "/history"):
        page.goto(path)
        if not page.evaluate(FITS):
            wide.append(path)
        unreachable += [(path, box) for box in page.evaluate(SCROLLERS) if not (box["focusable"] and box["named"])]
    assert wide == [], "these pages scroll sideways at 375 px"
    assert unreachable == [], "boxes that scroll but the keyboard cannot reach, or that have no name"


# ---------------------------------------------------------------- 16. navigation and destructive actions

def test_the_menu_marks_the_current_section(open_page, reports_data):
    page = open_page(WIDE)
    sign_in(page, "admin@example.com", PASSWORD)
    current = "() => [...document.querySelectorAll('header.site nav a[aria-current=page]')].map(a => a.textContent.trim())"
    for path, section in (("/", "Dashboard"), ("/learn/basics", "Dashboard"), ("/history", "My history"),
                          ("/train/content", "Content"), ("/train/reports/matrix", "Reports"), (f"/people/{reports_data.id}", "People"),
                          ("/people/assignments", "Assignments")):
        page.goto(path)
        assert page.evaluate(current) == [section], path


def test_deactivate_looks_destructive_and_asks_first(open_page, reports_data, app):
    page = open_page(WIDE)
    sign_in(page, "admin@example.com", PASSWORD)
    page.goto(f"/people/{reports_data.id}")
    assert not page.locator("#deactivate").is_visible()  # one click does not do it
    summary = page.locator("#deactivate-confirm summary")
    red = "el => getComputedStyle(el).color"
    assert summary.evaluate(red) == page.evaluate("getComputedStyle(document.documentElement).getPropertyValue('--bad')") \
        or summary.evaluate(red) == "rgb(168, 50, 45)"
    summary.click()
    assert page.locator("#deactivate").evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(168, 50, 45)"
    assert "Annemarie Oberhausen-Wiesenthal" in page.inner_text("#deactivate")
    with page.expect_navigation():
        page.click("#deactivate")
    with app.app_context(), database.connection_context():
        assert not User.get_by_id(reports_data.id).active


def test_every_page_these_tests_open_exists(open_page, reports_data):
    """The paths above are real pages: a typo would make a check pass on a 404."""
    page = open_page(WIDE)
    sign_in(page, "admin@example.com", PASSWORD)
    for path in ("/train/content", "/train/reports", "/train/reports/matrix", "/train/reports/overdue",
                 f"/train/reports/people/{reports_data.id}", "/train/reports/items", "/train/reports/items/basics/quiz"):
        assert page.goto(path).status == 200, path
