"""Renaming and reordering a lesson without losing anyone's progress: the id stays, in front matter if need be."""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from course.content.files import NUMBER_PREFIX
from course.content.values import Course
from course.publish.names import check_name

FRONT_MATTER = re.compile(r"\A---[ \t]*\n")
ID_LINE = re.compile(r"^id\s*:", re.M)


def lesson_id_of(course: Course, root: Path, name: str) -> str | None:
    """Return the id the loaded course gives the lesson in this file (None when it is not loaded)."""
    path = str(root / name)
    return next((lesson.id for module in course.modules for lesson in module.lessons if lesson.path == path), None)


def with_id(text: str, lesson_id: str) -> str:
    """Return the text with `id: lesson_id` in its front matter (added when it has none, kept when it has one)."""
    match = FRONT_MATTER.match(text)
    if match is None:
        return f"---\nid: {lesson_id}\n---\n{text}"
    head_end = text.find("\n---", match.end() - 1)
    if head_end != -1 and ID_LINE.search(text[match.end():head_end + 1]):
        return text
    return f"{text[:match.end()]}id: {lesson_id}\n{text[match.end():]}"


def renamed(folder_files: list[str], old: str, new_stem: str) -> dict[str, str]:
    """Map the lesson file and its translations (x.en.md beside x.md) to their new names."""
    old_path = PurePosixPath(old)
    moves = {old: check_name(str(old_path.with_name(new_stem + ".md")))}
    for other in folder_files:
        path = PurePosixPath(other)
        if path.parent == old_path.parent and re.fullmatch(re.escape(old_path.stem) + r"\.[a-z]{2}\.md", path.name):
            language = path.name[len(old_path.stem) + 1:-3]
            moves[other] = check_name(str(old_path.with_name(f"{new_stem}.{language}.md")))
    return moves


def needs_id(old_id: str, new_stem: str) -> bool:
    """Return whether the new name would give another id (a renumbering alone keeps it)."""
    return NUMBER_PREFIX.sub("", new_stem) != old_id
