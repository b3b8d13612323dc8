"""Check a set of changes with the checker of `lessons check`, on a copy of the course, before publishing.

A change may not add an error: errors the course already had (in files nobody touched) never block
a publish, new ones do, each with its file and line.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from course.content.catalog import Catalog
from course.content.errors import ContentError
from course.content.loader import isolated_lessons, load_course
from course.content.messages import Message
from course.content.values import Course
from course.publish.writing import write_atomic

Changes = Mapping[str, bytes | None]  # relative path -> new bytes, or None to remove the file


@dataclass(frozen=True)
class Checked:
    """What the course would be with the changes: the staged course and the errors the changes add."""

    course: Course
    errors: tuple[ContentError, ...]  # paths relative to the course folder
    staged_root: str


def relative(errors, root: str) -> set[tuple[str, int, str]]:
    """Return errors as (relative path, line, message) with the folder's own prefix taken off."""
    prefix = root.rstrip("/") + "/"
    return {(e.path.replace(prefix, "", 1), e.line, _without(e.message, prefix)) for e in errors}


def _without(message: str, prefix: str) -> str:
    """The message without the folder's prefix, still a Message to translate when shown."""
    if isinstance(message, Message):
        return message.with_values(lambda value: value.replace(prefix, "") if isinstance(value, str) else value)
    return message.replace(prefix, "")


def check_changes(catalog: Catalog, changes: Changes, keep: bool = False) -> Checked:
    """Load the course with the changes applied in a temporary copy; return the errors they add.

    The copy is removed again unless keep (the caller then removes staged_root).
    """
    root = catalog.root
    staged = Path(tempfile.mkdtemp(prefix="kurs-check-")) / "course"
    try:
        # links are copied as links: the checker reports them as it would in the real folder
        shutil.copytree(root, staged, symlinks=True, ignore=shutil.ignore_patterns(".git", ".kurs-*"))
        for name, data in changes.items():
            path = staged / name
            if data is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, data)
        before = catalog.refresh()  # the course as served, re-read: cheap, only changed files are parsed
        after = load_course(staged, isolated_lessons(catalog._call), catalog._call)
        new = relative(after.errors, str(staged)) - relative(before.errors, str(root))
        errors = tuple(ContentError(path, line, message) for path, line, message in sorted(new))
        return Checked(after, errors, str(staged))
    finally:
        if not keep:
            shutil.rmtree(staged.parent, ignore_errors=True)
