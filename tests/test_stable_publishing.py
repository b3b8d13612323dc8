"""A file is published only once it has stopped changing: never half-saved."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from course.content.catalog import Catalog

FIRST = "---\ntitle: Two questions\n---\nRead this.\n\n<quiz>\nFirst?\n- [x] Yes\n- [ ] No\n</quiz>\n"
SECOND = "\n<quiz>\nSecond?\n- [ ] Yes\n- [x] No\n</quiz>\n"


def keys(catalog: Catalog) -> int | None:
    lesson = catalog.course().lesson("basics", "two")
    return None if lesson is None else len(lesson.questions)


def test_a_file_read_mid_write_is_not_published_until_it_is_whole(lessons_dir: Path):
    catalog = Catalog(lessons_dir, interval=0, settle=0.4, patience=30)
    path = lessons_dir / "01-basics" / "03-two.md"
    path.write_text(FIRST + SECOND)
    assert catalog.refresh() and keys(catalog) == 2
    # rewritten in place, the way the issue saw it: the first question written, the second a moment later
    with path.open("r+") as handle:
        handle.truncate(0)
        handle.write(FIRST.replace("Read this.", "Read this again."))
        handle.flush()
        os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
        seen = []
        reload = threading.Thread(target=lambda: seen.append(catalog.refresh()))
        reload.start()
        time.sleep(0.15)  # the reload has scanned once and is waiting for its second scan
        handle.write(SECOND)
        handle.flush()
        os.utime(path, ns=(time.time_ns(), time.time_ns() + 2 * 10**9))
        reload.join()
    during = seen[0].lesson("basics", "two")  # what the reload during the write published
    assert len(during.questions) == 2 and "again" not in during.html  # the old version, whole
    after = catalog.course().lesson("basics", "two")  # the file has stopped changing
    assert len(after.questions) == 2 and "again" in after.html


def test_an_unchanging_file_is_published_after_one_settle(lessons_dir: Path):
    catalog = Catalog(lessons_dir, interval=0, settle=0.2, patience=30)
    catalog.course()
    (lessons_dir / "01-basics" / "03-two.md").write_text(FIRST + SECOND)
    started = time.monotonic()
    assert keys(catalog) == 2
    assert time.monotonic() - started >= 0.2  # it waited for the file to settle once


def test_the_app_waits_one_check_interval_for_a_file_to_settle(make_app):
    app = make_app(KURS_RELOAD_INTERVAL=1)
    assert app.extensions["kurs_catalog"].settle == 1.0
    assert make_app(KURS_RELOAD_INTERVAL=5).extensions["kurs_catalog"].settle == 1.0


def test_an_editors_swap_file_does_not_hold_publishing_up(lessons_dir: Path):
    catalog = Catalog(lessons_dir, interval=0, settle=0.2, patience=30)
    catalog.course()
    swap = lessons_dir / "01-basics" / ".03-two.md.swp"
    stop = threading.Event()

    def keep_writing():
        while not stop.is_set():
            swap.write_text(str(time.time()))
            time.sleep(0.02)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        (lessons_dir / "01-basics" / "03-two.md").write_text(FIRST + SECOND)
        assert keys(catalog) == 2
    finally:
        stop.set()
        writer.join()
