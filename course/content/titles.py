"""Lesson titles as MkDocs finds them: front matter `title:`, else the first `# heading`."""

from __future__ import annotations

import re

from course.content.blocks import track_fence

ATX_H1 = re.compile(r"^ {0,3}#(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
ATTRIBUTES = re.compile(r"\s*\{:?[^}]*\}\s*$")  # a heading's {#id .class}, never part of its title
# MkDocs' and mkdocs-material's own page keys: Kurs has no use for them, so a file from such a site
# loads with them unchanged (any other unknown key is still an error: usually a typo)
MKDOCS_PAGE_KEYS = ("description", "hide", "icon", "status", "tags", "template", "search")


def _first_h1(lines: list[str]) -> tuple[int, int, str] | None:
    """Return (first line, last line, text) of the body's first level-1 heading outside code."""
    fence = None
    for i, line in enumerate(lines):
        fence, in_code = track_fence(fence, line)
        if in_code or line.strip() == "<quiz>":
            if line.strip() == "<quiz>":
                return None  # a heading inside a quiz belongs to the question
            continue
        match = ATX_H1.match(line)
        if match and match.group(1):
            return i, i, match.group(1)
        if SETEXT_H1.match(line) and i and lines[i - 1].strip() and not lines[i - 1].startswith((" " * 4, "\t")):
            return i - 1, i, lines[i - 1].strip()
    return None


def title_and_body(title: str, body: str) -> tuple[str, str]:
    """Return the lesson's title and its body without a leading heading that repeats it.

    Without a title, the first `# heading` gives it, as in MkDocs. A body that begins with its
    title as a heading would show it twice under the page's own title: that heading is blanked
    (its lines stay, empty, so later lines keep their numbers).
    """
    lines = body.split("\n")
    found = _first_h1(lines)
    if found is None:
        return title, body
    first, last, text = found
    # the renderer's libraries load in the render process, not in every worker (docs/performance.md, Memory)
    from course.content.markup import plain_text

    heading = plain_text(ATTRIBUTES.sub("", text))
    title = title or heading
    leading = not any(line.strip() for line in lines[:first])
    if leading and " ".join(heading.split()) == " ".join(title.split()):
        lines[first : last + 1] = [""] * (last - first + 1)
    return title, "\n".join(lines)
