"""Practice at a phone's width, by keyboard alone: write a reply, read the failed checks, fix it, pass, see the model answer."""

from __future__ import annotations

import pytest
from conftest import PASSWORD

from .axe import serious
from .conftest import PHONE
from .helpers import sign_in

pytestmark = pytest.mark.lessons("practice")
FITS = "document.documentElement.scrollWidth <= window.innerWidth"
FOCUSED_ID = "() => document.activeElement.id"


def tab_to(page, element_id: str, limit: int = 60) -> None:
    """Press Tab until the element with this id has the focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED_ID) == element_id:
            return
    raise AssertionError(f"#{element_id} not reached after {limit} presses of Tab")


def write_and_send(page, text: str) -> None:
    """From the top of the page: Tab to the reply box, replace its text by typing, Tab to the button, press Enter."""
    tab_to(page, "reply-stoerung")
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    for n, line in enumerate(text.split("\n")):
        if n:
            page.keyboard.press("Enter")  # a new line in the box, not a submit
        page.keyboard.type(line)
    tab_to(page, "send-stoerung", limit=3)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.slow
def test_a_reply_written_by_keyboard_at_375_px_is_fixed_after_feedback_and_passes(open_page, make_user):
    make_user("admin@example.com", role="admin")
    make_user("lena@example.com", name="Lena Learner")
    page = open_page(PHONE, is_mobile=True, has_touch=True)
    sign_in(page, "lena@example.com", PASSWORD)
    page.goto("/learn/antworten/stoerung")
    assert page.evaluate(FITS), "the feed scrolls sideways at 375 px"
    assert page.inner_text(".feed .avatar") == "JP" and "No internet since Tuesday!" in page.inner_text(".feed")
    assert page.locator("#model-stoerung").count() == 0

    write_and_send(page, "We are not responsible. Call us at 0421 1234567")
    assert page.url.endswith("#result-stoerung")
    result = page.inner_text("#result-stoerung")
    assert "Apologise for the outage first." in result
    assert "Phone number: 0421 1234567" in result
    assert "Sign with your first name." in result
    assert page.locator("#model-stoerung").count() == 0  # not before the reply passes
    assert page.evaluate(FITS), "the results scroll sideways at 375 px"
    assert serious(page) == []

    careful = "Sorry for the outage, Jana! Send us a direct message and we will check your line.\nAnna"
    write_and_send(page, careful)
    page.wait_for_selector("#model-stoerung")
    assert "Every check passed." in page.inner_text("#result-stoerung")
    assert "a cable was damaged on Tuesday" in page.inner_text("#model-stoerung")
    assert "1 earlier version" in page.inner_text("#result-stoerung")
    # the counter counts what is in the box against the network's or the trainer's limit
    assert page.inner_text("#reply-count-stoerung") == f"{len(careful)} of 400 characters"
    assert page.evaluate(FITS)
    assert page.watch.console_errors == []
