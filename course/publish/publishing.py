"""Publish changes to the course folder: checked first, under the lock, atomically, recorded, committed."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from course.content.catalog import Catalog
from course.content.errors import ContentError
from course.models import Publish, User
from course.publish import gitcommit
from course.publish.checking import check_changes
from course.publish.history import publish_lock, record, record_disk_changes, sha256
from course.publish.names import target
from course.publish.writing import remove, write_atomic


class Blocked(Exception):
    """The changes would add errors to the course: nothing was written."""

    def __init__(self, errors: tuple[ContentError, ...]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


@dataclass
class Conflict(Exception):
    """The file changed since the trainer opened it: nothing was written; the difference is shown."""

    name: str
    current: str  # the file as it is now ("" when it was removed)
    diff: str  # from the current file to the trainer's text

    def __str__(self) -> str:
        return f"{self.name} changed since it was opened"


def diff_text(before: str, after: str, before_name: str, after_name: str) -> str:
    """Return a unified diff of two texts, line by line."""
    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        before_name, after_name))


def current_hash(catalog: Catalog, name: str) -> str:
    """Return the SHA-256 of a course file as it is on disk now ("" when there is none)."""
    path = target(catalog.root, name)
    return sha256(path.read_bytes()) if path.is_file() else ""


def publish(catalog: Catalog, author: User, source: str, changes: Mapping[str, bytes | None],
            bases: Mapping[str, str] | None = None, note: str = "") -> Publish | None:
    """Publish changes (path -> bytes, None removes) or raise Blocked / Conflict / Refused, writing nothing.

    bases maps an edited file to the SHA-256 it had when the trainer opened it ("" for a new file):
    a file that changed since is a Conflict (optimistic locking, held across servers by the lock).
    """
    paths = {name: target(catalog.root, name) for name in changes}
    checked = check_changes(catalog, changes)
    if checked.errors:
        raise Blocked(checked.errors)
    with publish_lock():
        record_disk_changes(catalog.root)
        for name, base in (bases or {}).items():
            if current_hash(catalog, name) != base:
                now = paths[name].read_text("utf-8", errors="replace") if paths[name].is_file() else ""
                mine = (changes[name] or b"").decode("utf-8", errors="replace")
                raise Conflict(name, now, diff_text(now, mine, f"{name} (published)", f"{name} (yours)"))
        done = record(author, source, dict(changes), note)
        for name, data in changes.items():
            if data is None:
                remove(paths[name])
            else:
                write_atomic(paths[name], data)
        message = note or f"{source}: " + ", ".join(sorted(changes))
        gitcommit.commit(catalog.root, sorted(changes), author.name, author.email, message)
    catalog.refresh()  # live on this server at once; the others see the files within their interval
    return done
