"""Resident memory of one Kurs worker with 5,000 lessons loaded, beside a bare Flask worker.

Measured as a worker lives: once the course is loaded (the first page waits for it), after its
threads all served pages at once (`wrk`, 32 connections: three lessons from all over the course for
a second each, then the dashboard for two).
"""

from __future__ import annotations

import sys
import time
import urllib.request

from bench import load
from bench.common import SECRET, THREADS, gunicorn, note, report, rss_mb, work_dir, worker_pids
from bench.data import add_people, make_course, make_database
from bench.sessions import bench_app, signed_in

LIMIT_MB = 80
MODULES, PER_MODULE = 50, 100


def course_5000(work):
    """The 5,000-lesson course with its render cache filled (the first run renders it: a few minutes)."""
    from course.content.catalog import Catalog

    root = work / "course-5000"
    if not (root / "course.md").exists():
        make_course(root, MODULES, PER_MODULE)
    began = time.monotonic()
    course = Catalog(root, cache_dir=work / "render-cache").course()
    if course.lesson_count != MODULES * PER_MODULE:
        raise RuntimeError(f"the 5,000-lesson course loads with errors: {course.errors[:3]}")
    note(f"{course.lesson_count} lessons ready in {time.monotonic() - began:.0f} s")
    return root


def main() -> bool:
    work = work_dir()
    root = course_5000(work)
    path = work / "memory.db"
    url = make_database(path)
    add_people(path, 100, [], 0)
    env = {"DATABASE_URL": url, "KURS_LESSONS_DIR": str(root), "SECRET_KEY": SECRET, "KURS_BASE_URL": "http://127.0.0.1",
           "BENCH_RENDER_CACHE": str(work / "render-cache")}
    cookie, _ = signed_in(bench_app(env), 1)
    with gunicorn("bench.apps:kurs()", env, ready_path="/login", workers=1) as (kurs, server):
        (worker,) = worker_pids(server.pid)
        # the first page loads the course (seconds on a busy machine): measure once it is served, not while it loads
        first = urllib.request.Request(kurs + "/learn/module-1/lesson-5", headers={"Cookie": cookie})
        urllib.request.urlopen(first, timeout=300).close()  # noqa: S310 - loopback only
        one_mb = rss_mb(worker)
        # then as a worker lives: its threads all busy, on lessons from all over the course and on the dashboard
        served = sum(load.get(kurs + f"/learn/module-{m}/lesson-{(m - 1) * PER_MODULE + 5}", 1, headers={"Cookie": cookie}).requests
                     for m in (1, 25, 50))
        served += load.get(kurs + "/", 2, headers={"Cookie": cookie}).requests
        kurs_mb = rss_mb(worker)
    with gunicorn("bench.apps:hello", workers=1) as (hello, server):
        load.get(hello + "/", 1)
        (worker,) = worker_pids(server.pid)
        hello_mb = rss_mb(worker)
    note(f"one worker ({THREADS} threads) with {MODULES * PER_MODULE} lessons: {one_mb:.1f} MB resident after one page, "
         f"{kurs_mb:.1f} MB after {served} pages from 32 connections; bare Flask worker: {hello_mb:.1f} MB")
    return report("memory_worker_5000_lessons", kurs_mb, f"< {LIMIT_MB} MB", kurs_mb < LIMIT_MB, " MB")


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
