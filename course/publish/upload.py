"""Uploaded files and zips, taken apart safely: every entry checked before a byte is unpacked.

A hostile upload (a path out of the folder, a link, a zip bomb, an SVG with script, an oversized
file, a Markdown file that is not UTF-8) is refused whole, with the reason per file.
"""

from __future__ import annotations

import io
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from flask import Flask, request
from flask.globals import _cv_request
from flask_babel import gettext as _

from course.content.files import MAX_FILE_BYTES
from course.publish.images import image_problem
from course.publish.names import Refused, check_name, is_text
from course.web.formats import format_megabytes
from course.web.refusal import Refusal

MAX_IMAGE_BYTES = 5 << 20
MAX_UPLOAD_BYTES = 20 << 20  # the request, and what a zip may unpack to
MAX_ENTRIES = 500
MAX_RATIO = 100  # uncompressed / compressed per entry; text compresses about 3-10 times
SKIPPED = ("__MACOSX/", ".DS_Store", "Thumbs.db")  # what archivers add on their own: left out, said so


@dataclass
class Unpacked:
    """The files of an upload (relative path -> bytes), what was refused and why, and what was left out."""

    files: dict[str, bytes] = field(default_factory=dict)
    refused: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def take_file(result: Unpacked, folder: str, name: str, data: bytes) -> None:
    """Check one file (name, size, encoding, image content) and add it under folder, or record why not."""
    try:
        path = check_name(f"{folder}/{check_name(name)}" if folder else name)
        limit = MAX_FILE_BYTES if is_text(path) else MAX_IMAGE_BYTES
        if len(data) > limit:
            raise Refused(_("“%(name)s” is %(size)s MB; a file may be at most %(limit)d MB.",
                            name=name, size=format_megabytes(len(data) / (1 << 20)), limit=limit >> 20))
        if is_text(path):
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as exc:
                line = data[: exc.start].count(b"\n") + 1
                raise Refused(_("“%(name)s” line %(line)d: not UTF-8 text: save the file as UTF-8.", name=name, line=line)) from None
        else:
            problem = image_problem(path, data)
            if problem:
                raise Refused(_("“%(name)s”: %(problem)s", name=name, problem=problem))
    except Refused as exc:
        result.refused.append((name, str(exc)))
        return
    result.files[path] = data


def take_zip(result: Unpacked, folder: str, name: str, data: bytes) -> None:
    """Check a zip's directory (entries, sizes, ratios, paths, links) before unpacking any entry."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = [e for e in archive.infolist() if not e.is_dir()]
    except (zipfile.BadZipFile, ValueError):
        result.refused.append((name, _("“%(name)s” is not a readable zip file.", name=name)))
        return
    if len(entries) > MAX_ENTRIES:
        result.refused.append((name, _("“%(name)s” holds %(count)d files; a zip may hold at most %(limit)d.",
                                       name=name, count=len(entries), limit=MAX_ENTRIES)))
        return
    if sum(e.file_size for e in entries) > MAX_UPLOAD_BYTES:
        result.refused.append((name, _("“%(name)s” would unpack to more than %(limit)d MB.", name=name, limit=MAX_UPLOAD_BYTES >> 20)))
        return
    kept = []
    for entry in entries:
        if entry.filename.startswith(SKIPPED[0]) or PurePosixPath(entry.filename).name in SKIPPED:
            result.skipped.append(entry.filename)
        elif stat.S_ISLNK(entry.external_attr >> 16):
            result.refused.append((entry.filename, _("“%(name)s” is a symbolic link: Kurs takes only files.", name=entry.filename)))
        elif entry.file_size > MAX_RATIO * max(entry.compress_size, 1) and entry.file_size > 1 << 16:
            result.refused.append((entry.filename, _("“%(name)s” is compressed %(ratio)d times: refused as a possible zip bomb.",
                                                     name=entry.filename, ratio=entry.file_size // max(entry.compress_size, 1))))
        else:
            try:
                check_name(entry.filename)  # the entry's own path, before any folder is taken off or put on
            except Refused as exc:
                result.refused.append((entry.filename, str(exc)))
                continue
            kept.append(entry)
    if result.refused:
        return
    prefix = _common_folder([e.filename for e in kept])
    if not folder and not any(e.filename == prefix + "course.md" for e in kept):
        prefix = ""  # into the course folder: a module's folder stays a folder; only the course's own is taken off
    for entry in kept:
        with archive.open(entry) as stream:
            body = stream.read(MAX_IMAGE_BYTES + 1)  # never more than a file may be, whatever the header says
        take_file(result, folder, entry.filename[len(prefix):], body)


def _common_folder(names: list[str]) -> str:
    """Return the one top folder every entry shares ("lessons/"), or "": a zip of a folder unpacks into the target."""
    tops = {name.split("/", 1)[0] for name in names}
    if len(tops) == 1 and all("/" in name for name in names):
        return tops.pop() + "/"
    return ""


def init_app(app: Flask) -> None:
    """Let the upload page take MAX_UPLOAD_BYTES (other forms keep MAX_CONTENT_LENGTH) and refuse more, saying so.

    The first check of all (CSRF and the NUL check read the form): the size is settled before any of it is read.
    """

    def _upload_size() -> None:
        if _cv_request.get().request.endpoint != "publish.upload" or request.method != "POST":  # every request: no proxy
            return
        if (request.content_length or 0) > MAX_UPLOAD_BYTES:
            raise Refusal(413, _("The upload is larger than %(limit)d MB: nothing was written. Upload fewer files at a time.",
                                 limit=MAX_UPLOAD_BYTES >> 20))
        request.max_content_length = MAX_UPLOAD_BYTES + (1 << 20)  # the form's other fields besides the files

    app.before_request_funcs.setdefault(None, []).insert(0, _upload_size)
