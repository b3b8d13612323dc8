"""Which paths a trainer may write into the course folder, and why a refused one is refused."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from flask_babel import gettext as _

from course.content.media import IMAGE_TYPES

TEXT_TYPES = frozenset({".md", ".yml"})
ALLOWED_TYPES = TEXT_TYPES | IMAGE_TYPES
MAX_PATH = 300
# letters (umlauts too), digits and a few separators: no control characters, quotes or shell specials
SAFE_PART = re.compile(r"^[\w][\w .,()+-]*$")


class Refused(ValueError):
    """A file the course folder does not take; the message says why."""


def check_name(name: str) -> str:
    """Return the normalised relative path (module/lesson.md), or raise Refused saying why."""
    if not name or len(name) > MAX_PATH:
        raise Refused(_("“%(name)s”: the name is empty or too long.", name=name[:60]))
    if "\\" in name or "\x00" in name:
        raise Refused(_("“%(name)s”: a name may not contain a backslash.", name=name))
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts:
        raise Refused(_("“%(name)s”: the path leaves the course folder.", name=name))
    for part in path.parts:
        if part.startswith("."):
            raise Refused(_("“%(name)s”: hidden files and folders (starting with a dot) are not taken.", name=name))
        if not SAFE_PART.match(part):
            raise Refused(_("“%(name)s”: use letters, digits, spaces and - _ . , ( ) + in names.", name=name))
    if path.suffix.lower() not in ALLOWED_TYPES:
        raise Refused(_("“%(name)s”: only %(types)s files are taken.", name=name, types=", ".join(sorted(ALLOWED_TYPES))))
    return path.as_posix()


def target(root: Path, name: str) -> Path:
    """Return the file for a checked name, refusing any symbolic link on the way (none is followed)."""
    root = Path(root)
    path = root / check_name(name)
    current = root
    for part in PurePosixPath(name).parts:
        current = current / part
        if current.is_symlink():
            raise Refused(_("“%(name)s”: it passes through a symbolic link, which Kurs never follows.", name=name))
    if os.path.realpath(path).startswith(os.path.realpath(root) + os.sep) is False:
        raise Refused(_("“%(name)s”: the path leaves the course folder.", name=name))
    return path


def is_text(name: str) -> bool:
    """Return whether the file is a text file (Markdown or YAML) rather than an image."""
    return PurePosixPath(name).suffix.lower() in TEXT_TYPES
