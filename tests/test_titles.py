"""Lesson titles as MkDocs finds them, and the page keys MkDocs and mkdocs-material define."""

from __future__ import annotations

import pytest

from course.content.loader import load_course


def lesson(tmp_path, text: str):
    (tmp_path / "01-m").mkdir()
    (tmp_path / "01-m" / "module.md").write_text("---\ntitle: M\n---\n", encoding="utf-8")
    (tmp_path / "01-m" / "01-page.md").write_text(text, encoding="utf-8")
    course = load_course(tmp_path)
    return course.lesson("m", "page"), [f"{e.line}: {e.message}" for e in course.errors]


@pytest.mark.parametrize(("text", "title", "h1s"), [
    ("# Speed matters\n\nText.\n", "Speed matters", 0),  # no front matter at all
    ("---\nminutes: 3\n---\n\n# Speed `matters` {#speed}\n\nText.\n", "Speed matters", 0),
    ("---\ntitle: Speed matters\n---\n# Speed matters\n\nText.\n", "Speed matters", 0),  # not shown twice
    ("---\ntitle: Speed\n---\n# Why it matters\n\nText.\n", "Speed", 1),  # another heading stays
    ("Intro first.\n\n# Speed matters\n", "Speed matters", 1),  # MkDocs' title, but not the page's start
    ("Speed matters\n=============\n\nText.\n", "Speed matters", 0),
    ("```md\n# Not a title\n```\n\n# The title\n", "The title", 0 + 1),
])
def test_the_title_comes_from_the_first_heading_when_front_matter_has_none(tmp_path, text, title, h1s):
    page, errors = lesson(tmp_path, text)
    assert errors == []
    assert page.title == title
    assert page.html.count("<h1") == h1s


def test_a_removed_heading_keeps_the_line_numbers_of_what_follows(tmp_path):
    _, errors = lesson(tmp_path, "# Title\n\nSee [below](#nowhere).\n")
    assert errors == ["3: link to '#nowhere': no heading or anchor of that name in this file"]


def test_without_title_or_heading_the_title_is_missing(tmp_path):
    _, errors = lesson(tmp_path, "## Only a second-level heading\n")
    assert errors == ["1: 'title' is missing from the front matter"]


def test_mkdocs_page_keys_are_accepted_and_others_stay_errors(tmp_path):
    text = ("---\ntitle: T\ndescription: For search engines\nhide:\n  - toc\n  - navigation\nicon: material/school\n"
            "status: new\ntags: [social, basics]\ntemplate: lesson.html\nsearch:\n  exclude: true\nsubtitle: x\n---\nText.\n")
    _, errors = lesson(tmp_path, text)
    assert errors == ["13: unknown front matter key 'subtitle' (allowed: title, minutes, id, quiz, confirm)"]
