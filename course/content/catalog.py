"""The loaded course, cached per file and reloaded when files change (no restart needed)."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import replace
from pathlib import Path

from course.content.allocator import release_freed_memory
from course.content.errors import ContentError
from course.content.loader import load_course
from course.content.media import IMAGE_TYPES, image_names, lesson_html, referenced_images, servable
from course.content.messages import reason
from course.content.pages import PageStore
from course.content.parsers import parse_lesson
from course.content.render_cache import RenderCache, code_version, lesson_key
from course.content.sandbox import RENDER_SECONDS, RENDERER, RendererUnavailable, RenderLimit, RenderProcess
from course.content.translations import split_language
from course.content.values import Course, Lesson


class Catalog:
    """Serve the current course; re-check file stamps at most once per interval.

    Only changed lesson files are parsed again. A lesson that breaks keeps its last good
    version live while its errors are listed. With a cache_dir, parsed lessons are shared
    through a RenderCache on disk, so other workers and later starts skip the rendering.

    Files are rendered in a separate process (course/content/sandbox.py) under a time limit.
    A reload runs in a thread of its own, never under a lock that pages wait for: a request that
    notices a change waits for the reload at most `patience` seconds, then goes on with the
    course as it was (the last good one).
    """

    def __init__(self, root: str | Path, interval: float = 1.0, cache_dir: str | Path | None = None,
                 render_seconds: float = RENDER_SECONDS, patience: float = 0.5, renderer: RenderProcess = RENDERER,
                 settle: float = 0.0) -> None:
        self.root = Path(root)
        self.interval = interval
        # a changed file goes live once it is the same in two scans this far apart
        self.settle = settle
        self.render_seconds = render_seconds
        self.patience = patience
        self.renderer = renderer
        self.parses = 0  # lesson files parsed and rendered so far (for tests and benchmarks)
        self.cache = RenderCache(cache_dir, self._code_version) if cache_dir else None
        self.pages = PageStore(cache_dir)  # lesson HTML on disk beside the cache (none: in memory)
        self._lock = threading.Lock()  # one reload at a time; serving the course never takes it
        self._starting = threading.Lock()
        self._reload: threading.Thread | None = None
        self._course: Course | None = None
        # a hash of the folder's stamps (the stamps of 5,000 files take a megabyte; the hash tells as well whether one changed)
        self._stamp: int | None = None
        self._checked = 0.0
        self._images: frozenset[str] = frozenset()
        self._media: frozenset[str] = frozenset()  # the images the loaded course shows
        # (display, module id) -> (file stamp, lesson, errors, images a broken lesson waits for)
        self._files: dict[tuple[str, str], tuple[tuple, Lesson | None, tuple[ContentError, ...], frozenset | None]] = {}
        self._last_good: dict[tuple[str, str], Lesson] = {}
        self._keys: set[str] | None = set()  # the cache keys of the first load, which prunes the others; then None

    def course(self) -> Course:
        """Return the course; once the interval has passed, reload changed files (waiting briefly)."""
        if self._course is None:
            return self.refresh()
        if time.monotonic() - self._checked >= self.interval:
            self._checked = time.monotonic()
            if hash(self._scan()) != self._stamp:
                self._reload_in_background()
        return self._course

    def _reload_in_background(self) -> None:
        with self._starting:
            if self._reload is not None and self._reload.is_alive():
                return  # one is under way: serve the course as it was until it is done
            reload = self._reload = threading.Thread(target=self.refresh, name="kurs-course-reload", daemon=True)
            reload.start()
        # an ordinary edit is live on this very request; a slow file holds up no page for long
        reload.join(self.patience)

    def refresh(self) -> Course:
        """Re-read the folder's stamps now and reload what changed."""
        with self._lock:
            stamp = self._scan()
            changed = hash(stamp) != self._stamp
            if self._course is not None and changed and not self._settled(stamp):
                self._checked = time.monotonic()
                return self._course  # a file is still being written: it goes live once it is whole
            if changed or self._course is None:
                first = self._course is None
                self._images = frozenset(
                    Path(s[0]).relative_to(self.root).as_posix() for s in stamp if Path(s[0]).suffix.lower() in IMAGE_TYPES
                )
                course = self._stored(load_course(self.root, self._parse, self._call))
                self._media = referenced_images(course)
                self._course = course
                self._stamp = hash(stamp)
                if first and self.cache and self._keys is not None:
                    self.cache.prune(self._keys)
                self._keys = None
                release_freed_memory()
            self._checked = time.monotonic()
            return self._course

    def _settled(self, stamp: tuple) -> bool:
        """Scan again after `settle` seconds: a file whose size or time changed meanwhile is mid-write.

        Read mid-write, a lesson rewritten in place once showed one of its two questions (and a
        learner passed it with 100 %). The wait is in the reload's own thread: no page waits for it.
        """
        if not self.settle:
            return True
        time.sleep(self.settle)
        return self._scan() == stamp

    def media_file(self, name: str) -> Path | None:
        """Return the image file /media/<name> may send, or None: only images the course shows."""
        self.course()
        return servable(self.root, name) if name in self._media else None

    def _scan(self) -> tuple:
        """Return (path, mtime, size) of every visible file, in os.walk's order (a folder's files, then its folders).

        Runs once per interval in a request, so it matters under load: os.scandir's entries carry
        their paths and types, a third cheaper than os.walk with a join and a stat per file.
        """
        found: list[tuple[str, int, int]] = []

        def scan(folder: str) -> None:
            try:
                with os.scandir(folder) as listing:
                    # hidden files (an editor's swap file, _draft.md) are never loaded: their changes are not the course's
                    entries = sorted((e for e in listing if not e.name.startswith((".", "_"))), key=lambda e: e.name)
            except OSError:
                return  # gone or unreadable, as os.walk skips it
            folders = []
            for entry in entries:
                try:
                    if entry.is_dir():
                        folders.append(entry)
                        continue
                    st = entry.stat()
                except OSError:
                    continue
                found.append((entry.path, st.st_mtime_ns, st.st_size))
            for entry in folders:
                if not entry.is_symlink():  # a linked folder is not followed, as os.walk does not
                    scan(entry.path)

        scan(os.fspath(self.root))
        return tuple(found)

    def _parse(self, path: Path, root: Path, display: str, module_id: str) -> tuple[Lesson | None, list[ContentError]]:
        key = (display, module_id)
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size)
        cached = self._files.get(key)
        if cached and cached[0] == stamp and self._still_valid(cached[1], cached[2], cached[3]):
            return cached[1], list(cached[2])
        lesson, errors = self._load(path, root, display, module_id)
        if lesson is not None:
            if type(lesson.body) is str:  # its HTML to the page file; its path and module id the very strings of the key
                lesson = replace(lesson, body=self.pages.keep(lesson.body), path=display, module_id=module_id)
            self._last_good[key] = lesson
        else:
            lesson = self._last_good.get(key)
        # a broken lesson depends on every image: adding the missing one must clear its error;
        # a translation too: adding figure.en.svg must show it instead of figure.svg
        self._files[key] = (stamp, lesson, tuple(errors), self._images if errors or _translation(path) else None)
        return lesson, errors

    def _stored(self, course: Course) -> Course:
        """The course (and its other languages) with each lesson's HTML kept in the page file."""
        done: dict[int, Lesson] = {}

        def kept(lesson: Lesson) -> Lesson:
            if id(lesson) not in done:
                done[id(lesson)] = lesson if type(lesson.body) is not str else replace(lesson, body=self.pages.keep(lesson.body))
            return done[id(lesson)]

        def stored(version: Course, variants: dict[str, Course]) -> Course:
            return replace(version, modules=tuple(replace(m, lessons=tuple(kept(x) for x in m.lessons)) for m in version.modules),
                           variants=variants)

        variants: dict[str, Course] = {}  # one mapping shared by every version again (translations.py)
        main = stored(course, variants)
        for language, version in course.variants.items():
            variants[language] = main if version is course else stored(version, variants)
        return main

    def _still_valid(self, lesson: Lesson | None, errors: tuple[ContentError, ...], images: frozenset[str] | None) -> bool:
        if images is not None:
            return images == self._images
        return self._images_exist(lesson)

    def _images_exist(self, lesson: Lesson) -> bool:
        """Check that every image the lesson shows is still there (its HTML links it or not)."""
        for name in image_names(lesson_html(lesson)):
            if name not in self._images and not (self.root / name).is_file():
                return False
        return True

    def _call(self, function, *args):
        return self.renderer.call(function, *args, seconds=self.render_seconds)

    def _code_version(self) -> str:
        """The render cache's code version, from the render process: this one never loads the renderer's libraries."""
        try:
            return self._call(code_version)
        except RenderLimit:  # no render process: the version is computed here
            return code_version()

    def _render(self, path: Path, root: Path, display: str, module_id: str) -> tuple[Lesson | None, list[ContentError], bool]:
        """Parse and render a lesson in the render process; say whether it ran past the limits."""
        self.parses += 1
        try:
            return (*self._call(parse_lesson, path, root, display, module_id), False)
        except RenderLimit as exc:
            return None, [ContentError(display, 1, reason(exc))], not isinstance(exc, RendererUnavailable)

    def _load(self, path: Path, root: Path, display: str, module_id: str) -> tuple[Lesson | None, list[ContentError]]:
        """Take the lesson from the render cache, or parse and render it (and store it)."""
        if self.cache is None:
            return self._render(path, root, display, module_id)[:2]
        try:
            raw = path.read_bytes()
        except OSError:
            raw = b""
        images = "\n".join(sorted(self._images)) if _translation(path) else ""  # which figure.en.svg exist
        cache_key = lesson_key(self.cache.version, raw, str(root), display, module_id + "\0" + images)
        if self._keys is not None:
            self._keys.add(cache_key)
        lesson = self.cache.get(cache_key)
        if lesson is not None and self._images_exist(lesson):
            return lesson, []
        # a file past the render limits is remembered as such: no worker and no start renders it again
        failure = self.cache.failure(cache_key)
        if failure is not None:
            return None, [ContentError(display, 1, failure)]
        lesson, errors, limited = self._render(path, root, display, module_id)
        if _unchanged(path, raw):
            if lesson is not None:
                self.cache.put(cache_key, lesson)
            elif limited:
                self.cache.put_failure(cache_key, errors[0].message)
        return lesson, errors


def _translation(path: Path) -> bool:
    return bool(split_language(path.stem)[1])


def _unchanged(path: Path, raw: bytes) -> bool:
    # a file saved while it was being parsed must not be stored under its old content's key
    try:
        return path.read_bytes() == raw
    except OSError:
        return False


def init_app(app) -> None:
    """Attach the app's catalog for its lessons folder, with its render cache under instance/."""
    cache_dir = app.config.get("KURS_RENDER_CACHE", os.path.join(app.instance_path, "render-cache"))
    interval = float(app.config["KURS_RELOAD_INTERVAL"])
    # a changed file goes live once it has looked the same in two scans a check interval apart (at most 1 s)
    app.extensions["kurs_catalog"] = Catalog(app.config["KURS_LESSONS_DIR"], interval, cache_dir,
                                             render_seconds=float(app.config["KURS_RENDER_SECONDS"]),
                                             patience=float(app.config["KURS_RELOAD_WAIT"]), settle=min(interval, 1.0))
