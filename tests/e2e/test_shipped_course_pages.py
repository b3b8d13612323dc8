"""Every page of the course shipped in lessons/, in a phone-sized browser: no sideways scrolling, figures shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import PASSWORD

from .conftest import PHONE
from .helpers import SHIPPED_COURSE, sign_in

FITS = "document.documentElement.scrollWidth <= window.innerWidth"
BROKEN_IMAGES = "() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"


@pytest.fixture
def lessons_dir() -> Path:
    return SHIPPED_COURSE


@pytest.mark.parametrize("language", ["de", "en"])
def test_every_shipped_page_fits_a_phone_and_shows_its_figures(open_page, make_user, course, language):
    make_user("admin@example.com", role="admin")
    make_user("lena@example.com", language=language)
    page = open_page(PHONE, is_mobile=True, has_touch=True)
    sign_in(page, "lena@example.com", PASSWORD)
    paths = ["/"] + [f"/learn/{m.id}" for m in course.modules]
    paths += [f"/learn/{m.id}/{lesson.id}" for m in course.modules for lesson in m.lessons]
    wide, broken = [], []
    for path in paths:
        page.goto(path)
        if not page.evaluate(FITS):
            wide.append(path)
        broken += page.evaluate(BROKEN_IMAGES)
    assert len(paths) > 20
    assert wide == [], f"these pages scroll sideways at {PHONE['width']} px"
    assert broken == []
    assert page.watch.console_errors == []
    page.goto(paths[-1])
    assert page.evaluate("document.documentElement.lang") == language
