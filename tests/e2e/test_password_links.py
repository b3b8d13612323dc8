"""Set-password links in the browser (issue 13, item 12): made in bulk, shown in full, copied by keyboard, downloaded."""

from __future__ import annotations

import pytest
from conftest import PASSWORD

from course.db import database
from course.models import User

from .axe import serious
from .helpers import sign_in

pytestmark = pytest.mark.slow


@pytest.fixture
def newcomers(app, make_user):
    make_user("admin@example.com", role="admin", name="Ada Admin", department="IT")
    for email, name, department in [("zoe@example.com", "Zoe Zander-Schmidt-Oberhausen", "Service"),
                                     ("anna@example.com", "Anna Alt", "Service"), ("nora@example.com", "Nora Nord", "Nord")]:
        person = make_user(email, name=name, department=department)
        with app.app_context(), database.connection_context():
            User.update(password_hash="").where(User.id == person.id).execute()


def test_bulk_links_are_shown_in_full_and_copied_by_keyboard(open_page, newcomers):
    page = open_page({"width": 375, "height": 740}, permissions=["clipboard-read", "clipboard-write"])
    sign_in(page, "admin@example.com", PASSWORD)
    page.goto("/people/")
    page.select_option("#links-department", "Service")
    with page.expect_navigation():
        page.click("#bulk-links")
    assert page.inner_text("h1") == "2 new links to set a password"
    links = page.locator("#links code.link-text")
    assert links.count() == 2
    for n in range(2):  # every character visible: wrapped, never cut off in a narrow box
        text, cut = links.nth(n).evaluate("c => [c.textContent, c.scrollWidth > c.clientWidth]")
        assert "/set-password/" in text and not cut

    page.focus("#links-csv")
    page.keyboard.press("Tab")  # the table's scrolling box
    page.keyboard.press("Tab")  # the first copy button
    first = page.locator("button.copy-link").first
    assert first.evaluate("b => b === document.activeElement")
    assert first.locator(".copy-label").inner_text() == "Copy"
    assert first.evaluate("b => b.textContent.replace(/\\s+/g, ' ').trim()") == "Copy link for Anna Alt"
    page.keyboard.press("Enter")
    status = page.locator("#copy-status")
    page.wait_for_function("() => document.getElementById('copy-status').textContent.includes('copied')")
    assert status.get_attribute("role") == "status" and status.inner_text() == "Link for Anna Alt copied."
    assert page.evaluate("() => navigator.clipboard.readText()") == links.first.inner_text().strip()
    assert first.locator(".copy-label").inner_text() == "Copied" and first.evaluate("b => b === document.activeElement")

    page.keyboard.press("Tab")
    page.keyboard.press(" ")  # the second, with the space bar
    page.wait_for_function("() => document.getElementById('copy-status').textContent.includes('Zoe')")
    assert page.evaluate("() => navigator.clipboard.readText()") == links.nth(1).inner_text().strip()
    assert not serious(page), "the links page has serious accessibility faults"

    with page.expect_download() as download:
        page.click("#links-csv")
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == '"Name","Email","Link","Valid until"'
    assert links.first.inner_text().strip() in text and links.nth(1).inner_text().strip() in text
    assert not page.watch.console_errors


def test_without_the_clipboard_api_copying_still_works(open_page, newcomers):
    """Plain http on an intranet host has no navigator.clipboard: the selection is copied instead."""
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    page.add_init_script("Object.defineProperty(Navigator.prototype, 'clipboard', {get: () => undefined});")
    sign_in(page, "admin@example.com", PASSWORD)
    page.goto("/people/")
    with page.expect_navigation():
        page.click("#bulk-links")
    assert page.locator("#links tbody tr").count() == 3
    page.locator("button.copy-link").nth(2).click()
    page.wait_for_function("() => document.getElementById('copy-status').textContent !== ''")
    assert page.inner_text("#copy-status") == "Link for Zoe Zander-Schmidt-Oberhausen copied."


def test_without_script_there_is_no_dead_copy_button(open_page, newcomers):
    page = open_page(java_script_enabled=False)
    sign_in(page, "admin@example.com", PASSWORD)
    page.goto("/people/")
    with page.expect_navigation():
        page.click("#bulk-links")
    assert page.locator("#links code.link-text").count() == 3
    assert page.locator("button.copy-link").count() == 3 and not page.locator("button.copy-link").first.is_visible()
