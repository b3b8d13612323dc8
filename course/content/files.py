"""One course file's basics: reading it, its id, and where its images are served from."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from course.content.errors import ContentError
from course.content.frontmatter import Source
from course.content.media import IMAGE_TYPES, hidden
from course.content.messages import N_, Megabytes
from course.content.parser_words import file_problem
from course.content.quiz import MAX_ID
from course.content.translations import localised

# ids drop the number prefix so renumbering a file keeps everyone's progress
NUMBER_PREFIX = re.compile(r"^\d+[-_. ]*")
VALID_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
MAX_FILE_BYTES = 1 << 20  # a long lesson is about 20 KB; Markdown's cost grows faster than the size


def item_id(source: Source, name: str, path: str, errors: list[ContentError]) -> str:
    """Return the id from front matter `id:`, else the file or folder name without its number."""
    given = source.meta.get("id")
    value = str(given).strip() if given is not None else NUMBER_PREFIX.sub("", name)
    if not VALID_ID.match(value):
        if given is not None:
            message = N_("id '%(id)s' may hold only letters, digits, - and _", id=value)
        else:
            message = N_("the name '%(name)s' gives id '%(id)s': use letters, digits, - and _ only, or set id:", name=name, id=value)
        errors.append(ContentError(path, source.key_lines.get("id", 1), message))
    elif len(value) > MAX_ID:
        message = (N_("id '%(id)s...' is longer than %(maximum)s characters: shorten it", id=value[:30], maximum=MAX_ID)
                   if given is not None else
                   N_("id '%(id)s...' is longer than %(maximum)s characters: set a shorter id:", id=value[:30], maximum=MAX_ID))
        errors.append(ContentError(path, source.key_lines.get("id", 1), message))
    return value


# ---------------------------------------------------------------- files


def read_text(path: Path, display: str) -> tuple[str, list[ContentError]]:
    """Read a course file as UTF-8, or say why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            message = N_("the file is %(size)s MB, more than a course file may be (1 MB): split it into several lessons",
                         size=Megabytes(size / (1 << 20)))
            return "", [ContentError(display, 1, message)]
        return path.read_text(encoding="utf-8"), []
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        return "", [ContentError(display, line, N_("not UTF-8 text: save the file as UTF-8"))]
    except OSError as exc:
        return "", [ContentError(display, 1, N_("cannot read the file: %(reason)s", reason=file_problem(exc)))]


def image_resolver(
    root: Path, folder: Path, text: str, display: str, errors: list[ContentError], language: str = ""
) -> Callable[[str], str | None]:
    """Map an image src to its URL under /media/, reporting images that are not course files.

    A translation shows `figure.en.svg` where it names `figure.svg`, when there is one.
    """
    root = root.resolve()

    def image_url(src: str) -> str | None:
        line = next((n for n, row in enumerate(text.split("\n"), 1) if src in row), 1)
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or src.startswith("/"):
            fix = (N_("Kurs loads nothing from the internet: download it, put it next to the lesson and write ![text](its-name.png)")
                   if parts.scheme in ("http", "https") or parts.netloc else N_("copy it next to the lesson"))
            errors.append(ContentError(display, line, N_("image '%(src)s' is not a file in the course folder: %(fix)s", src=src, fix=fix)))
            return None
        target = localised((folder / unquote(parts.path)).resolve(), language)
        if not target.is_relative_to(root):
            errors.append(ContentError(display, line, N_("image '%(src)s' leaves the course folder", src=src)))
            return None
        if hidden(target.relative_to(root).parts):
            errors.append(ContentError(display, line, N_(
                "image '%(src)s' is in a hidden folder (its name starts with . or _): Kurs does not serve it", src=src)))
            return None
        if target.suffix.lower() not in IMAGE_TYPES or not target.is_file():
            errors.append(ContentError(display, line, N_("image '%(src)s' not found (or not a %(types)s file)",
                                                         src=src, types=", ".join(sorted(IMAGE_TYPES)))))
            return None
        return "/media/" + quote(target.relative_to(root).as_posix())

    return image_url
