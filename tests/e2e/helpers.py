"""Steps the browser journeys share."""

from __future__ import annotations

import os
from pathlib import Path

from course.config import PROJECT_ROOT
from course.content.scoring import field_name

SHIPPED_COURSE = PROJECT_ROOT / "lessons"


def sign_in(page, email: str, password: str) -> None:
    """Sign in through the form and wait for the page it leads to."""
    page.goto("/login")
    page.fill("#email", email)
    page.fill("#password", password)
    with page.expect_navigation():
        page.click("button[type=submit]:has-text('Sign in')")
    assert "/login" not in page.url, f"sign-in failed for {email}"


def screenshot(page, name: str) -> None:
    """Save a viewport screenshot to SCREENSHOTS_DIR (for the docs), when it is set."""
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"))


def answer_in_browser(page, lesson, wrong: int = 0) -> None:
    """Answer a lesson's quiz on its page from the lesson's own key; the first `wrong` questions wrongly."""
    for n, question in enumerate(lesson.questions):
        right = n >= wrong
        if question.kind == "gap":
            for gap, accepted in enumerate(question.gaps):
                page.fill(f"input[name='{field_name(question, gap)}']", accepted[0] if right else "no idea")
            continue
        options = [o for o in question.options if o.correct == right]
        for option in options if question.kind == "multiple" or not right else options[:1]:
            page.check(f"input[name='{field_name(question)}'][value='{option.key}']")
