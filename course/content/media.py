"""The course folder's boundary: which images /media/ may serve, and links that point out of it.

/media/ serves only the images that loaded lessons show, by their resolved path inside the
course folder: never a file in a hidden folder (. or _), never through a symbolic link, never a
file no lesson references (a secret key or a database beside the lessons stays unreachable).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from course.content.errors import ContentError
from course.content.messages import N_
from course.content.values import Course, Lesson

IMAGE_TYPES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"})
MEDIA_SRC = re.compile(r'<img\b[^>]*?\bsrc="/media/([^"]+)"')


def hidden(parts: Iterable[str]) -> bool:
    """Return whether a path inside the course folder passes through a hidden (. or _) folder or file."""
    return any(part.startswith((".", "_")) for part in parts)


def inside(path: Path, root: Path) -> bool:
    """Return whether path, links followed, stays inside the (resolved) course folder."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links leads nowhere inside
        return False


def lesson_html(lesson: Lesson) -> str:
    """Return every piece of HTML a lesson shows: its text and all of its questions' parts."""
    parts = [lesson.html]
    for q in lesson.questions:
        parts += [*q.prompt_html, q.explanation_html, *(o.html + o.feedback_html for o in q.options)]
    return "".join(parts)


def image_names(html_text: str) -> list[str]:
    """Return the course-folder paths of the images that a piece of rendered HTML shows."""
    return [unquote(html.unescape(src)) for src in MEDIA_SRC.findall(html_text)]


def referenced_images(course: Course) -> frozenset[str]:
    """Return the paths of every image the course's loaded pages show, in every language."""
    names: set[str] = set()
    for version in {id(v): v for v in (course, *course.variants.values())}.values():
        names.update(image_names(version.welcome_html))
        for module in version.modules:
            names.update(image_names(module.intro_html))
            for lesson in module.lessons:
                names.update(image_names(lesson_html(lesson)))
                names.update(unquote(e.image.removeprefix("/media/")) for e in lesson.exercises if e.image)
    return frozenset(names)


def servable(root: Path, name: str) -> Path | None:
    """Return the file to send for /media/<name>, or None unless it is a plain image inside the folder.

    Checked again at every request: a file swapped for a link after the course loaded is refused.
    """
    parts = PurePosixPath(name).parts
    if not parts or ".." in parts or PurePosixPath(name).is_absolute() or hidden(parts):
        return None
    root = root.resolve()
    path = root.joinpath(*parts)
    # resolve() follows every link on the way: any link, even one pointing inside, changes the path
    try:
        plain = path.resolve() == path
    except (OSError, RuntimeError):
        return None
    if path.suffix.lower() not in IMAGE_TYPES or not plain or not path.is_file():
        return None
    return path


def outside_links(root: Path) -> list[ContentError]:
    """Report every symbolic link in the course folder that points out of it (Kurs never follows one)."""
    root = Path(root)
    errors = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not hidden([d]))
        for name in sorted([*dirs, *files]):
            path = Path(folder, name)
            if path.is_symlink() and not inside(path, root):
                message = N_("'%(name)s' is a link to %(target)s, outside the course folder: copy the file in instead",
                             name=name, target=os.readlink(path))
                errors.append(ContentError(str(path), 1, message))
    return errors
