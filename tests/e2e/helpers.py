"""Steps the browser journeys share."""

from __future__ import annotations

import os
from pathlib import Path


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
