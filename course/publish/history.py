"""The publish history in the database: the lock publishes take, changes found on disk, versions.

History and the lock live in the database, so they hold across several servers sharing one course
folder (docs/operations.md, Several servers).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from peewee import SqliteDatabase, fn

from course.content.media import IMAGE_TYPES
from course.db import database
from course.models import Publish, PublishedFile, User
from course.publish.names import ALLOWED_TYPES, is_text

LOCK_KEY = 1_700_017  # PostgreSQL advisory lock: one publish at a time, across every server


@contextlib.contextmanager
def publish_lock() -> Iterator[None]:
    """Hold the publishing lock for one transaction (SQLite: its write lock; PostgreSQL: an advisory lock)."""
    with database.atomic():
        if not isinstance(database.obj, SqliteDatabase):
            database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (LOCK_KEY,))
        yield


def sha256(data: bytes) -> str:
    """Return the hex SHA-256 of bytes (the hash a version is known by)."""
    return hashlib.sha256(data).hexdigest()


def disk_files(root: Path) -> dict[str, bytes]:
    """Return every course file Kurs keeps history of (text and images, no hidden ones, no links)."""
    found: dict[str, bytes] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not os.path.islink(os.path.join(folder, d)))
        for name in files:
            path = Path(folder) / name
            if name.startswith(".") or path.is_symlink() or path.suffix.lower() not in ALLOWED_TYPES:
                continue
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def latest() -> dict[str, PublishedFile]:
    """Return each path's latest recorded version (removed files included)."""
    newest = PublishedFile.select(fn.MAX(PublishedFile.id)).group_by(PublishedFile.path)
    return {row.path: row for row in PublishedFile.select().where(PublishedFile.id.in_(newest))}


def record(author: User | None, source: str, files: dict[str, bytes | None], note: str = "") -> Publish | None:
    """Record one publish of these files (None: removed); nothing when no file is given."""
    if not files:
        return None
    publish = Publish.create(author=author, source=source, note=note[:300])
    for name, data in sorted(files.items()):
        if data is None:
            PublishedFile.create(publish=publish, path=name, sha256="", encoding="removed", content="")
        elif is_text(name):
            PublishedFile.create(publish=publish, path=name, sha256=sha256(data), encoding="utf-8",
                                 content=data.decode("utf-8", errors="replace"))
        else:
            PublishedFile.create(publish=publish, path=name, sha256=sha256(data), encoding="base64",
                                 content=base64.b64encode(data).decode())
    return publish


def record_disk_changes(root: Path) -> Publish | None:
    """Record what changed on disk since the last recorded version as one publish "on disk".

    Called under publish_lock, before each publish and when history is shown, so edits made in the
    folder directly (an editor, git pull) are in the history too. The first call records the course.
    """
    on_disk = disk_files(root)
    known = latest()
    changed: dict[str, bytes | None] = {name: data for name, data in on_disk.items()
                                        if name not in known or known[name].sha256 != sha256(data)}
    changed.update({name: None for name, row in known.items() if row.encoding != "removed" and name not in on_disk})
    return record(None, "disk", changed)


def versions(name: str) -> list[PublishedFile]:
    """Return the recorded versions of one file, newest first, with their publish (who, when, how)."""
    return list(PublishedFile.select(PublishedFile, Publish).join(Publish)
                .where(PublishedFile.path == name).order_by(PublishedFile.id.desc()))


def version_bytes(version: PublishedFile) -> bytes | None:
    """Return the bytes a version holds (None for a removal)."""
    if version.encoding == "removed":
        return None
    return base64.b64decode(version.content) if version.encoding == "base64" else version.content.encode("utf-8")


def version_of_attempt(name: str, content_hash: str) -> PublishedFile | None:
    """Return the version of a lesson file a quiz attempt answered (its content_hash is the SHA-256's start)."""
    return (PublishedFile.select().where(PublishedFile.path == name, PublishedFile.sha256.startswith(content_hash))
            .order_by(PublishedFile.id).first())


def is_image(name: str) -> bool:
    """Return whether a course file is an image."""
    return Path(name).suffix.lower() in IMAGE_TYPES
