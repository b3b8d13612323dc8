"""axe-core (WCAG 2 A/AA) on the first screen, and the checker itself (issue 13).

Every other page, for every role, is checked in test_every_page.py over the demo company.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PASSWORD

from .axe import serious
from .helpers import SHIPPED_COURSE, sign_in

pytestmark = pytest.mark.slow
DESKTOP_WIDE = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}


@pytest.fixture
def lessons_dir() -> Path:
    return SHIPPED_COURSE


def check(page, paths: list[str], found: dict) -> None:
    for path in paths:
        page.goto(path)
        for v in serious(page):
            found.setdefault(f"{path} @{page.viewport_size['width']}px", []).append(v)


def report(found: dict) -> str:
    return "\n".join(f"{where}: {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}"
                     for where, items in found.items() for v in items)


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
