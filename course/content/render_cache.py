"""A render cache on disk, shared by every worker and every restart.

A lesson costs about 11 ms to parse and render (Markdown, then bleach); 1,000 lessons cost every
worker 11 s at each start. Parsed lessons are stored here as JSON, keyed by everything their
output depends on, so a start with an unchanged course only reads and decodes files.

Entries are JSON, never pickle: a cache file must not be able to run code when it is read.
Writes are atomic (temporary file, then rename); an entry that cannot be read, decoded or that
fails its checksum is ignored and the lesson is rendered again: any failure to load an entry,
whatever it raises, is a miss, never an error page.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from course.content.exercise import Check, Exercise
from course.content.messages import Message
from course.content.quiz import Option, Question, QuizSettings
from course.content.values import Lesson

# Bump when the entry layout changes.
CACHE_FORMAT = "1"
# The source of the content package (the code that turns a file into a Lesson) is part of every
# key: a change to the parser or the renderer can never serve an output the new code would not
# produce, and a module split off later is covered without anyone remembering to list it.


def code_version() -> str:
    """Return a hash of everything besides the file that shapes a parsed lesson.

    It imports the renderer's libraries: a worker asks its render process (Catalog), so that only
    that process loads them.
    """
    import bleach

    from course.content import markup

    digest = hashlib.sha256()
    for part in (CACHE_FORMAT, markup.RENDERER_VERSION, markup.dialect_signature(), bleach.__version__):
        digest.update(part.encode() + b"\0")
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def lesson_key(version: str, raw: bytes, root: str, display: str, module_id: str) -> str:
    """Return the cache key of one lesson file as parsed in this place of this course."""
    digest = hashlib.sha256()
    for part in (version, root, display, module_id):
        digest.update(part.encode() + b"\0")
    digest.update(raw)
    return digest.hexdigest()


class RenderCache:
    """Parsed lessons on disk, one JSON file per key."""

    def __init__(self, directory: str | Path, version: Callable[[], str] = code_version) -> None:
        self.directory = Path(directory)
        self._version = version
        self._known_version: str | None = None
        self.hits = 0
        self.misses = 0

    @property
    def version(self) -> str:
        """The code version every key holds (code_version), found when first needed."""
        if self._known_version is None:
            self._known_version = self._version()
        return self._known_version

    def _path(self, key: str) -> Path:
        return self.directory / f"{key}.json"

    def _read(self, key: str) -> object:
        data = self._path(key).read_bytes()
        payload, _, checksum = data.rpartition(b"\n")
        if hashlib.sha256(payload).hexdigest().encode() != checksum:
            raise ValueError("checksum mismatch")
        return json.loads(payload)

    def get(self, key: str) -> Lesson | None:
        """Return the lesson stored under key, or None when it is missing or unusable."""
        try:
            lesson = lesson_from_json(self._read(key))
        except Exception:  # noqa: BLE001 - whatever a damaged entry raises (RecursionError too), it is a miss
            self.misses += 1
            return None
        self.hits += 1
        return lesson

    def failure(self, key: str) -> str | None:
        """Return the error stored under key for a file past the render limits, or None."""
        try:
            entry = _typed(self._read(key), dict)
            # kept as a message to translate when shown (course/content/messages.py)
            return Message.from_json(entry["message"]) if "message" in entry else _typed(entry["failure"], str)
        except Exception:  # noqa: BLE001 - as in get()
            return None

    def put_failure(self, key: str, message: str) -> None:
        """Remember that the file under key ran past the render limits, with its error message."""
        entry: dict = {"failure": str(message)}
        if isinstance(message, Message):
            entry["message"] = message.as_json()
        self._write(key, entry)

    def put(self, key: str, lesson: Lesson) -> None:
        """Store a lesson under key atomically; a failure to write only costs a later render."""
        entry = asdict(lesson)
        entry["html"] = lesson.html
        del entry["body"]
        self._write(key, entry)

    def _write(self, key: str, entry: dict) -> None:
        payload = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
        data = payload + b"\n" + hashlib.sha256(payload).hexdigest().encode()
        try:
            self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(tmp, self._path(key))
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            pass  # a read-only or full disk: serve from memory, render again next start

    def prune(self, keep: set[str], older_than: float = 3600.0) -> int:
        """Delete entries not in keep that are older than older_than seconds; return how many.

        The age guard leaves alone entries that another worker, perhaps running other code,
        has just written.
        """
        removed = 0
        cutoff = time.time() - older_than
        try:
            entries = list(os.scandir(self.directory))
        except OSError:
            return 0
        for entry in entries:
            key = entry.name.removesuffix(".json")
            try:
                if key not in keep and entry.stat().st_mtime < cutoff:
                    os.unlink(entry.path)
                    removed += 1
            except OSError:
                continue
        return removed


# ---------------------------------------------------------------- decoding, with type checks


def _typed(value: object, kind: type | tuple[type, ...]) -> object:
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _as_tuple(kind)):
        raise TypeError(f"expected {kind}, got {type(value).__name__}")
    return value


def _as_tuple(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def _strings(values: object) -> tuple[str, ...]:
    return tuple(_typed(v, str) for v in _typed(values, list))


def _word(value: object) -> str:
    """A string many lessons repeat (a module id, a question kind): one object for all of them."""
    return sys.intern(_typed(value, str))


def _option(d: dict) -> Option:
    return Option(
        key=_typed(d["key"], str), text=_typed(d["text"], str), html=_typed(d["html"], str),
        correct=_typed(d["correct"], bool), feedback_html=_typed(d["feedback_html"], str),
    )


def _question(d: dict) -> Question:
    return Question(
        key=_typed(d["key"], str),
        kind=_word(d["kind"]),
        text=_typed(d["text"], str),
        prompt_html=_strings(d["prompt_html"]),
        options=tuple(_option(_typed(o, dict)) for o in _typed(d["options"], list)),
        gaps=tuple(_strings(g) for g in _typed(d["gaps"], list)),
        explanation_html=_typed(d["explanation_html"], str),
        line=_typed(d["line"], int),
    )


# equal settings are one object: most lessons have the defaults (5,000 lessons, a handful of different settings)
_SETTINGS: dict[QuizSettings, QuizSettings] = {}


def _settings(d: dict) -> QuizSettings:
    settings = QuizSettings(
        pass_percent=_typed(d["pass_percent"], int),
        max_attempts=_typed(d["max_attempts"], (int, type(None))),
        retry_delay_hours=_typed(d["retry_delay_hours"], (int, float)),
        shuffle=_typed(d["shuffle"], bool),
        show_correct=_typed(d["show_correct"], str),
    )
    return _SETTINGS.setdefault(settings, settings)


def _check(d: dict) -> Check:
    kind = _word(d["kind"])
    value = d["value"]
    # phrases were a tuple (JSON made it a list); a length is a number or None; other checks take true
    value = _strings(value) if kind in ("contains", "not_contains") else _typed(value, (int, bool, type(None)))
    return Check(kind=kind, value=value, feedback=_typed(d["feedback"], str), line=_typed(d["line"], int))


def _exercise(d: dict) -> Exercise:
    return Exercise(
        key=_typed(d["key"], str), network=_word(d["network"]), author=_typed(d["author"], str),
        post=_typed(d["post"], str), task=_typed(d["task"], str), model=_typed(d["model"], str),
        checks=tuple(_check(_typed(c, dict)) for c in _typed(d["checks"], list)), line=_typed(d["line"], int),
        done=_word(d["done"]), image=_typed(d["image"], str), alt=_typed(d["alt"], (str, type(None))),
        image_line=_typed(d["image_line"], int), thread=tuple(_pair(_strings(t)) for t in _typed(d["thread"], list)),
    )


def _pair(values: tuple[str, ...]) -> tuple[str, str]:
    if len(values) != 2:
        raise ValueError("an earlier reply is (author, text)")
    return values[0], values[1]


def lesson_from_json(d: dict) -> Lesson:
    """Rebuild a Lesson from its JSON form, refusing any field of the wrong type."""
    _typed(d, dict)
    return Lesson(
        id=_typed(d["id"], str),
        module_id=_word(d["module_id"]),
        title=_typed(d["title"], str),
        minutes=_typed(d["minutes"], int),
        path=_typed(d["path"], str),
        body=_typed(d["html"], str),
        questions=tuple(_question(_typed(q, dict)) for q in _typed(d["questions"], list)),
        settings=_settings(_typed(d["settings"], dict)),
        content_hash=_typed(d["content_hash"], str),
        settings_line=_typed(d["settings_line"], (int, type(None))),
        language=_word(d["language"]),
        languages=tuple(_word(x) for x in _typed(d["languages"], list)),
        exercises=tuple(_exercise(_typed(e, dict)) for e in _typed(d["exercises"], list)),
        confirm=_typed(d["confirm"], str),
    )
