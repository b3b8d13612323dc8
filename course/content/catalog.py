"""The loaded course, cached per file and reloaded when files change (no restart needed)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from course.content.errors import ContentError
from course.content.loader import IMAGE_TYPES, load_course, parse_lesson
from course.content.values import Course, Lesson


class Catalog:
    """Serve the current course; re-check file stamps at most once per interval.

    Only changed lesson files are parsed again. A lesson that breaks keeps its last good
    version live while its errors are listed.
    """

    def __init__(self, root: str | Path, interval: float = 1.0) -> None:
        self.root = Path(root)
        self.interval = interval
        self.parses = 0  # lesson files parsed and rendered so far (for tests and benchmarks)
        self._lock = threading.Lock()
        self._course: Course | None = None
        self._stamp: tuple | None = None
        self._checked = 0.0
        self._files: dict[tuple[str, str], tuple[tuple, Lesson | None, list[ContentError]]] = {}
        self._last_good: dict[tuple[str, str], Lesson] = {}

    def course(self) -> Course:
        """Return the course, reloading changed files if the interval has passed."""
        if self._course is None or time.monotonic() - self._checked >= self.interval:
            self.refresh()
        return self._course

    def refresh(self) -> Course:
        """Re-read the folder's stamps now and reload what changed."""
        with self._lock:
            stamp = self._scan()
            if stamp != self._stamp or self._course is None:
                self._images = tuple(s for s in stamp if Path(s[0]).suffix.lower() in IMAGE_TYPES)
                self._course = load_course(self.root, self._parse)
                self._stamp = stamp
            self._checked = time.monotonic()
            return self._course

    def _scan(self) -> tuple:
        found = []
        for folder, dirs, files in os.walk(self.root):
            dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
            for name in sorted(files):
                try:
                    st = os.stat(os.path.join(folder, name))
                except FileNotFoundError:
                    continue
                found.append((os.path.join(folder, name), st.st_mtime_ns, st.st_size))
        return tuple(found)

    def _parse(self, path: Path, root: Path, display: str, module_id: str) -> tuple[Lesson | None, list[ContentError]]:
        key = (display, module_id)
        st = path.stat()
        # images count too: adding a missing image must clear the lesson's error
        stamp = (st.st_mtime_ns, st.st_size, self._images)
        cached = self._files.get(key)
        if cached and cached[0] == stamp:
            return cached[1], cached[2]
        lesson, errors = parse_lesson(path, root, display, module_id)
        self.parses += 1
        if lesson is not None:
            self._last_good[key] = lesson
        else:
            lesson = self._last_good.get(key)
        self._files[key] = (stamp, lesson, errors)
        return lesson, errors


def init_app(app) -> None:
    """Attach the app's catalog for its lessons folder."""
    app.extensions["kurs_catalog"] = Catalog(app.config["KURS_LESSONS_DIR"], app.config["KURS_RELOAD_INTERVAL"])
