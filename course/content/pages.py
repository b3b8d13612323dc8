"""Rendered lesson HTML kept on disk and read when a page shows it: a worker holds no lesson's text.

A lesson's HTML is most of what a loaded course weighs (5,000 lessons: about 60 MB of a worker's
memory, with the copies loading leaves behind). Each worker writes the HTML of its course into one
private file beside the render cache, created unlinked (nobody else sees it, nothing can change or
delete it under the worker, and the system frees it when the last text in it is gone or the worker
exits), and keeps only where each text starts and how long it is. A lesson page reads its text
back with one `pread` from the system's file cache. A text is written once however often the
course is reloaded. Where no file can be written, the text stays in memory, as before.
"""

from __future__ import annotations

import functools
import hashlib
import os
import tempfile
import threading
from pathlib import Path

SMALL = 512  # bytes: a shorter text costs less in memory than its place in the file
RECENT = 64  # texts kept in memory after reading (64 lessons of 8 KB: half a megabyte)


class _PageFile:
    """An unlinked file, closed when no stored text needs it any more."""

    __slots__ = ("fd", "handle", "pid")

    def __init__(self, directory: Path) -> None:
        directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.handle = tempfile.TemporaryFile(dir=directory, prefix=".pages-")  # noqa: SIM115 - lives as long as its texts
        self.fd, self.pid = self.handle.fileno(), os.getpid()

    def __del__(self) -> None:
        handle = getattr(self, "handle", None)  # none when the folder could not be made
        if handle is not None:
            handle.close()


class StoredHtml:
    """Where one text is in a worker's page file; equal to another holding the same text."""

    __slots__ = ("digest", "file", "length", "offset")

    def __init__(self, file: _PageFile, offset: int, length: int, digest: bytes) -> None:
        self.file, self.offset, self.length, self.digest = file, offset, length, digest

    def read(self) -> str:
        """Return the text: the lessons read most recently from memory, others with one system call."""
        return _recent(self)

    def read_file(self) -> str:
        """Read the text from the file: no position shared with anyone (a forked worker reads it too)."""
        data = os.pread(self.file.fd, self.length, self.offset)
        while len(data) < self.length:  # a short read
            more = os.pread(self.file.fd, self.length - len(data), self.offset + len(data))
            if not more:
                raise OSError(f"page file ends before {self.length} bytes at {self.offset}")
            data += more
        return data.decode()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StoredHtml) and other.digest == self.digest

    def __hash__(self) -> int:
        return hash(self.digest)

    def __repr__(self) -> str:
        return f"StoredHtml({self.length} bytes)"


@functools.lru_cache(maxsize=RECENT)
def _recent(stored: StoredHtml) -> str:
    # the same few lessons are read again and again: one string for them, instead of a new one per page
    return stored.read_file()


class PageStore:
    """One worker's page file: each text appended once, read back by its place."""

    def __init__(self, directory: str | Path | None) -> None:
        self.directory = Path(directory) if directory else None
        self._lock = threading.Lock()
        self._file: _PageFile | None = None
        self._end = 0
        self._known: dict[bytes, StoredHtml] = {}

    def keep(self, text: str) -> str | StoredHtml:
        """Return where the text is stored, or the text itself when it is short or cannot be written."""
        data = text.encode()
        if len(data) < SMALL or self.directory is None:
            return text
        digest = hashlib.blake2b(data, digest_size=16).digest()
        with self._lock:
            found = self._known.get(digest)
            if found is not None:
                return found
            try:
                if self._file is None or self._file.pid != os.getpid():  # a forked worker writes a file of its own
                    self._file, self._end = _PageFile(self.directory), 0
                written = 0
                while written < len(data):
                    written += os.pwrite(self._file.fd, data[written:], self._end + written)
            except OSError:
                return text  # a full or read-only disk: this text stays in memory
            stored = self._known[digest] = StoredHtml(self._file, self._end, len(data), digest)
            self._end += len(data)
            return stored
