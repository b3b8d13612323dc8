"""What the editor page needs: a file's text and hash, templates for new files, the preview of an edit."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import gettext as _

from course.content.catalog import Catalog
from course.content.errors import ContentError
from course.content.files import MAX_FILE_BYTES
from course.content.values import Course, Lesson
from course.publish.checking import check_changes
from course.publish.history import sha256
from course.publish.names import Refused, target

LESSON_TEMPLATE = """---
title: {title}
---

Write the lesson here. A heading, a paragraph, a list:

- one point
- another point
"""
MODULE_TEMPLATE = """---
title: {title}
summary: What this module teaches, in one sentence.
---
"""


@dataclass
class Preview:
    """An edit as the checker sees it: the rendered lesson (when it loads) and the errors it adds."""

    lesson: Lesson | None
    errors: list[ContentError] = field(default_factory=list)  # errors of the edited file, by line
    others: list[ContentError] = field(default_factory=list)  # errors the edit causes in other files


def opened(catalog: Catalog, name: str) -> tuple[str, str]:
    """Return a course file's text and the SHA-256 it has now ("", "" for a file not there yet)."""
    path = target(catalog.root, name)
    if not path.is_file():
        return "", ""
    data = path.read_bytes()
    return data.decode("utf-8", errors="replace"), sha256(data)


def encoded(text: str) -> bytes:
    """Return an edited text as the bytes to write: UTF-8, with the browser's CRLF line ends made LF."""
    data = text.replace("\r\n", "\n").encode("utf-8")
    if len(data) > MAX_FILE_BYTES:
        raise Refused(_("The text is %(size)d KB, more than a course file may be (1 MB): split it into several lessons.",
                        size=len(data) // 1024))
    return data


def preview(catalog: Catalog, name: str, data: bytes) -> Preview:
    """Check the course with this file's new text and return its rendered lesson and errors."""
    checked = check_changes(catalog, {name: data})
    mine = [e for e in checked.errors if e.path == name]
    others = [e for e in checked.errors if e.path != name]
    return Preview(_find_lesson(checked.course, str(Path(checked.staged_root) / name)), mine, others)


def _find_lesson(course: Course, display: str) -> Lesson | None:
    for language in ("", *course.languages):
        for module in course.in_language(language).modules:
            for lesson in module.lessons:
                if lesson.path == display:
                    return lesson
    return None


def lines_with_errors(text: str, errors: list[ContentError]) -> list[tuple[int, str, list[str]]]:
    """Return (number, line, messages) for each line of the text, the errors beside their lines."""
    by_line: dict[int, list[str]] = {}
    for error in errors:
        by_line.setdefault(error.line, []).append(error.message)
    return [(n, line, by_line.get(n, [])) for n, line in enumerate(text.split("\n"), 1)]
