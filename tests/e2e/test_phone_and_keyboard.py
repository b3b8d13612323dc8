"""The learner's pages at a phone's width, and the quiz answered with the keyboard alone."""

from __future__ import annotations

import pytest
from conftest import PASSWORD

from .conftest import PHONE
from .helpers import sign_in

FITS = "document.documentElement.scrollWidth <= window.innerWidth"
# links of the menu whose text wraps onto a second line (a word broken in two, at a phone's width)
WRAPPED_MENU = """() => [...document.querySelectorAll('header.site nav a')].filter(a => {
  const style = getComputedStyle(a);
  const text = a.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
  return text > 1.5 * parseFloat(style.lineHeight); }).map(a => a.textContent)"""
FOCUSED = """() => { const el = document.activeElement;
  return {tag: el.tagName.toLowerCase(), type: el.type || '', name: el.name || '', value: el.value || '',
          checked: !!el.checked, outline: getComputedStyle(el).outlineStyle}; }"""


@pytest.fixture
def signed_in_learner(make_user):
    make_user("admin@example.com", role="admin")
    make_user("lena@example.com", name="Lena Learner")
    return "lena@example.com"


def test_learner_pages_fit_a_phone_screen(open_page, signed_in_learner):
    page = open_page(PHONE, is_mobile=True, has_touch=True)
    sign_in(page, signed_in_learner, PASSWORD)
    assert page.evaluate("window.innerWidth") == PHONE["width"]  # the page honours the phone's viewport
    wide = []
    for path in ("/", "/learn/basics", "/learn/basics/welcome", "/learn/basics/quiz", "/history"):
        page.goto(path)
        if not page.evaluate(FITS):
            wide.append(path)
        assert page.evaluate(WRAPPED_MENU) == [], f"menu words wrap on {path}"
    page.goto("/learn/basics/quiz")
    page.get_by_label("Wait.", exact=True).check()
    page.get_by_label("First name", exact=True).check()
    page.get_by_label("True", exact=True).check()
    page.fill("input.gap", "a very long answer that keeps going without a single break at all")
    with page.expect_navigation():
        page.tap("#submit-quiz")
    assert "Not passed yet" in page.inner_text("h1")
    if not page.evaluate(FITS):
        wide.append("result")
    assert wide == [], f"these pages scroll sideways at {PHONE['width']} px"


def tab_to_quiz(page, limit: int = 40) -> dict:
    """Press Tab until a quiz answer has the focus; return the focused element."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["name"].startswith("q-"):
            return focused
    raise AssertionError(f"no quiz answer reached after {limit} presses of Tab")


def press(page, key: str) -> dict:
    page.keyboard.press(key)
    return page.evaluate(FOCUSED)


def test_quiz_can_be_answered_with_the_keyboard_alone(page, signed_in_learner):
    sign_in(page, signed_in_learner, PASSWORD)
    page.goto("/learn/basics/quiz")
    first = tab_to_quiz(page)
    assert (first["type"], first["value"]) == ("radio", "0")
    assert first["outline"] != "none", "the focused answer shows no focus ring"
    # question 1, single choice: the arrow key moves to the second answer and chooses it
    assert press(page, "ArrowDown") == {**first, "value": "1", "checked": True}
    # question 2, several answers: Tab to each checkbox, Space ticks it
    for value, tick in (("0", True), ("1", True), ("2", False)):
        focused = press(page, "Tab")
        assert (focused["type"], focused["value"]) == ("checkbox", value)
        if tick:
            assert press(page, "Space")["checked"]
    # question 3, true or false: "False" is the second answer
    focused = press(page, "Tab")
    assert (focused["type"], focused["value"], focused["checked"]) == ("radio", "0", False)
    assert press(page, "ArrowDown") == {**focused, "value": "1", "checked": True}
    # question 4, a gap: type, then Enter sends the form
    focused = press(page, "Tab")
    assert focused["tag"] == "input" and focused["type"] == "text"
    page.keyboard.type("24")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Passed" in page.inner_text(".result h1")
    assert page.locator(".response.right").count() == 4


def test_staff_pages_fit_a_phone_screen(open_page, make_user):
    make_user("admin@example.com", role="admin", name="Ada Admin")
    make_user("lena@example.com", name="Lena Learner", department="Customer Service North")
    page = open_page(PHONE, is_mobile=True, has_touch=True)
    sign_in(page, "admin@example.com", PASSWORD)
    wide = []
    for path in ("/", "/train/content", "/train/reports", "/train/reports/matrix", "/train/reports/items",
                 "/people/", "/people/import", "/people/assignments"):
        page.goto(path)
        if not page.evaluate(FITS):
            wide.append(path)
        assert page.evaluate(WRAPPED_MENU) == [], f"menu words wrap on {path}"
    assert wide == [], f"these pages scroll sideways at {PHONE['width']} px"
