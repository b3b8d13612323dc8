"""Links in course text: in-page anchors land, `.md` links become lesson URLs, broken ones are errors."""

from __future__ import annotations

import re

import pytest

from course.content.links import Anchors, github_slug
from course.content.loader import load_course


def write(root, files: dict[str, str]):
    (root / "course.md").write_text("---\ntitle: Course\n---\nStart with [the basics](01-basics/01-intro.md).\n", encoding="utf-8")
    for folder in ("01-basics", "02-guidelines"):
        (root / folder).mkdir(parents=True, exist_ok=True)
        (root / folder / "module.md").write_text(f"---\ntitle: {folder}\n---\n", encoding="utf-8")
    for name, text in files.items():
        (root / name).write_text(text, encoding="utf-8")
    return load_course(root)


INTRO = """---
title: Intro
---
See [the set-up](#installation), [on GitHub's spelling](#über-uns), [the second Setup](#setup-1)
and [its own id](#install-id).

## Installation

## Über uns

## Setup

## Setup

## Install {#install-id}

Then read [the guidelines](../02-guidelines/01-private-and-company-voice.md#two-voices)
and [their module](../02-guidelines/module.md).
"""

VOICE = """---
title: Voices
---
## Two voices

Back to [the start](../01-basics/01-intro.md) and [the course](../course.md).

<quiz>
Which voice? See [above](#two-voices).
- [x] Company
> As [explained](#two-voices).
- [ ] Private

More in [the intro](../01-basics/01-intro.md#installation).
</quiz>
"""


@pytest.fixture
def course(tmp_path):
    return write(tmp_path, {"01-basics/01-intro.md": INTRO, "02-guidelines/01-private-and-company-voice.md": VOICE})


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"]*)"', html)


def test_in_page_anchors_land_on_the_prefixed_heading_ids(course):
    assert course.errors == ()
    html = course.lesson("basics", "intro").html
    assert hrefs(html)[:4] == ["#h-installation", "#h-uber-uns", "#h-setup_1", "#h-install-id"]
    for anchor in ("h-installation", "h-uber-uns", "h-setup_1", "h-install-id"):
        assert f'id="{anchor}"' in html


def test_links_to_lesson_files_become_lesson_urls(course):
    intro = course.lesson("basics", "intro").html
    assert "/learn/guidelines/private-and-company-voice#h-two-voices" in hrefs(intro)
    assert "/learn/guidelines" in hrefs(intro)
    voice = course.lesson("guidelines", "private-and-company-voice")
    assert hrefs(voice.html) == ["/learn/basics/intro", "/"]
    assert hrefs(course.welcome_html) == ["/learn/basics/intro"]


def test_anchors_in_a_question_point_at_the_lesson_page_from_the_result_page_too(course):
    (question,) = course.lesson("guidelines", "private-and-company-voice").questions
    page = "/learn/guidelines/private-and-company-voice"
    assert hrefs(question.prompt_html[0]) == [f"{page}#h-two-voices"]
    assert hrefs(question.options[0].feedback_html) == [f"{page}#h-two-voices"]
    assert hrefs(question.explanation_html) == ["/learn/basics/intro#h-installation"]


BROKEN = """---
title: Broken
---
Fine: [top](#broken-links).

# Broken links

Line 8 points [nowhere](#nothing-here).
Line 9 names [a missing lesson](../02-guidelines/09-gone.md).
Line 10 names [a missing anchor](01-intro.md#not-there).
Line 11 leaves [the folder](../../etc/passwd.md).
Line 12 names [a draft](_draft.md) and line 12 too.
Line 13 names [a file](notes.txt).
"""


def test_broken_links_are_content_errors_with_their_line(tmp_path):
    (tmp_path / "01-basics").mkdir()
    (tmp_path / "01-basics" / "_draft.md").write_text("---\ntitle: Draft\n---\n", encoding="utf-8")
    (tmp_path / "01-basics" / "notes.txt").write_text("notes", encoding="utf-8")
    course = write(tmp_path, {"01-basics/01-intro.md": "---\ntitle: Intro\n---\nText.\n", "01-basics/02-broken.md": BROKEN})
    path = str(tmp_path / "01-basics" / "02-broken.md")
    assert sorted((e.path, e.line, e.message) for e in course.errors) == [
        (path, 8, "link to '#nothing-here': no heading or anchor of that name in this file"),
        (path, 9, "link to '../02-guidelines/09-gone.md': no such file (paths are relative to this file's folder)"),
        (path, 10, "link to '01-intro.md#not-there': that page has no heading or anchor '#not-there'"),
        (path, 11, "link to '../../etc/passwd.md' leaves the course folder"),
        (path, 12, "link to '_draft.md': that file is not a published lesson (a draft, broken, or outside a module folder)"),
        (path, 13, "link to 'notes.txt': Kurs serves lessons, not other files: link a lesson, or show an image with ![text](file)"),
    ]
    # the lesson still loads: a broken link is reported, it does not take the page down
    assert course.lesson("basics", "broken") is not None


def test_lessons_check_lists_a_broken_link_with_its_line(tmp_path, runner):
    write(tmp_path, {"01-basics/01-intro.md": "---\ntitle: Intro\n---\n\nSee [below](#nowhere).\n"})
    result = runner.invoke(args=["lessons", "check", str(tmp_path)])
    assert result.exit_code == 1
    assert f"{tmp_path / '01-basics' / '01-intro.md'}:5: link to '#nowhere'" in result.output


def test_github_slugs():
    assert github_slug("Über uns!") == "über-uns"
    assert github_slug("What's new in 2.0?") == "whats-new-in-20"
    anchors = Anchors('<h2 id="h-a">A</h2><h2 id="h-a_1">A</h2><p id="fn:1"></p>')
    assert [anchors.find(f) for f in ("a", "a-1", "h-a_1", "fn:1", "A", "b")] == ["h-a", "h-a_1", "h-a_1", "fn:1", "h-a", None]


def test_the_same_broken_link_twice_is_reported_at_each_place(tmp_path):
    text = "---\ntitle: Twice\n---\nSee [a](#gone) and [b](#gone).\n\nAgain [c](#gone).\n"
    course = write(tmp_path, {"01-basics/01-intro.md": text})
    assert [e.line for e in course.errors] == [4, 4, 6]


def test_links_in_translations_lead_to_the_lessons_too(tmp_path):
    (tmp_path / "course.en.md").write_text("---\ntitle: Course\n---\nStart [here](01-basics/01-intro.md).\n", encoding="utf-8")
    (tmp_path / "01-basics").mkdir()
    (tmp_path / "01-basics" / "module.en.md").write_text("---\ntitle: Basics\n---\nSee [intro](01-intro.en.md#start).\n",
                                                         encoding="utf-8")
    course = write(tmp_path, {
        "01-basics/01-intro.md": "---\ntitle: Einführung\n---\n## Anfang\n\n[Weiter](../02-guidelines/01-voice.md)\n",
        "01-basics/01-intro.en.md": "---\ntitle: Intro\n---\n## Start\n\n[Next](../02-guidelines/01-voice.md) or [up](#start).\n",
        "02-guidelines/01-voice.md": "---\ntitle: Stimme\n---\nText.\n",
    })
    (tmp_path / "course.md").write_text("---\ntitle: Kurs\nlanguages: [de, en]\n---\nLos geht's.\n", encoding="utf-8")
    course = load_course(tmp_path)
    assert course.errors == ()
    english = course.variants["en"]
    assert hrefs(english.lesson("basics", "intro").html) == ["/learn/guidelines/voice", "#h-start"]
    assert hrefs(english.welcome_html) == ["/learn/basics/intro"]
    assert hrefs(english.module("basics").intro_html) == ["/learn/basics/intro#h-start"]
    assert hrefs(course.lesson("basics", "intro").html) == ["/learn/guidelines/voice"]
