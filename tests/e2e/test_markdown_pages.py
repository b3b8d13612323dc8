"""Lesson Markdown in a real browser: tabs switch without script, details open, code is coloured,
an in-page link lands on its heading, and a link to another lesson's file opens that lesson."""

from __future__ import annotations

import pytest
from conftest import PASSWORD

from .helpers import sign_in

LESSON = """---
title: Markdown at work
---
Jump to [the details](#the-details) or read [the welcome lesson](01-welcome.md).

=== "Facebook"

    Answer within two hours.

=== "LinkedIn"

    Answer within one working day.

```python title="hello.py"
print("hello")
```

??? tip "Why so fast?"
    Silence looks like indifference.

{filler}
## The details

- [x] done

{filler}
""".replace("{filler}", "A paragraph of reading, long enough to scroll.\n\n" * 40)


@pytest.fixture
def markdown_lesson(lessons_dir, make_user):
    (lessons_dir / "01-basics" / "05-markdown.md").write_text(LESSON, encoding="utf-8")
    make_user("admin@example.com", role="admin")
    make_user("lena@example.com", name="Lena Learner")
    return "/learn/basics/markdown"


def test_tabs_details_code_and_links_work_in_the_browser(page, markdown_lesson):
    sign_in(page, "lena@example.com", PASSWORD)
    page.goto(markdown_lesson)
    first, second = page.get_by_text("Answer within two hours."), page.get_by_text("Answer within one working day.")
    assert first.is_visible() and not second.is_visible()
    page.get_by_text("LinkedIn", exact=True).click()
    assert second.is_visible() and not first.is_visible()
    hidden = page.get_by_text("Silence looks like indifference.")
    assert not hidden.is_visible()
    page.get_by_text("Why so fast?").click()
    assert hidden.is_visible()
    colour = page.locator(".highlight .nb").first.evaluate("el => getComputedStyle(el).color")
    assert colour != page.locator(".highlight pre").first.evaluate("el => getComputedStyle(el).color")
    page.get_by_role("link", name="the details").click()
    assert page.url.endswith("#h-the-details")
    assert page.evaluate("document.querySelector('#h-the-details').getBoundingClientRect().top") < 200
    page.get_by_role("link", name="the welcome lesson").click()
    page.wait_for_url("**/learn/basics/welcome")
