"""Every HTML page is in the axe checks' list (tests/e2e/pages.py): a page added later cannot be missed."""

from __future__ import annotations

import re

from e2e.pages import NOT_PAGES, PAGES, covered

from course.config import PROJECT_ROOT


def test_every_page_of_the_app_is_checked_by_axe(app):
    served = {rule.endpoint for rule in app.url_map.iter_rules() if "GET" in rule.methods}
    missing = served - covered() - set(NOT_PAGES)
    assert not missing, f"pages no axe check opens (add them to tests/e2e/pages.py): {sorted(missing)}"
    stale = (covered() | set(NOT_PAGES)) - served - {"errors"}
    assert not stale, f"tests/e2e/pages.py names endpoints that are gone: {sorted(stale)}"


def test_every_role_is_checked():
    assert {"anon", "learner", "manager", "trainer", "admin"} <= set(PAGES)


def test_every_scrolling_box_in_the_templates_takes_the_focus_and_has_a_name():
    """A box that scrolls on its own (a wide table, a long difference) must be reachable by keyboard (axe scrollable-region-focusable)."""
    boxes = []
    for path in sorted((PROJECT_ROOT / "templates").rglob("*.html")):
        for tag in re.findall(r'<(?:div|pre)\b[^>]*class="(?:table-wrap|diff)\b[^>]*>', path.read_text(encoding="utf-8")):
            boxes.append(tag)
            assert 'tabindex="0"' in tag and 'role="region"' in tag and re.search(r"aria-label(ledby)?=", tag), (path, tag)
    assert len(boxes) >= 15
