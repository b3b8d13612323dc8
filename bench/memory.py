"""Resident memory of one Kurs worker with 1,000 lessons loaded, beside a bare Flask worker."""

from __future__ import annotations

import sys

from bench import load
from bench.common import THREADS, gunicorn, note, report, rss_mb, work_dir, worker_pids
from bench.data import bench_site
from bench.sessions import bench_app, signed_in

LIMIT_MB = 80


def main() -> bool:
    work = work_dir()
    env = bench_site(work, "memory", 100)
    cookie, _ = signed_in(bench_app(env), 1)
    with gunicorn("bench.apps:kurs()", env, ready_path="/login", workers=1) as (kurs, server):
        for m in (1, 7, 20):  # lessons from all over the course, and the dashboard
            load.get(kurs + f"/learn/module-{m}/lesson-{(m - 1) * 50 + 5}", 1, headers={"Cookie": cookie})
        load.get(kurs + "/", 1, headers={"Cookie": cookie})
        (worker,) = worker_pids(server.pid)
        kurs_mb = rss_mb(worker)
    with gunicorn("bench.apps:hello", workers=1) as (hello, server):
        load.get(hello + "/", 1)
        (worker,) = worker_pids(server.pid)
        hello_mb = rss_mb(worker)
    note(f"one worker ({THREADS} threads) with 1000 lessons: {kurs_mb:.1f} MB resident; bare Flask worker: {hello_mb:.1f} MB")
    return report("memory_worker_1000_lessons", kurs_mb, f"< {LIMIT_MB} MB", kurs_mb < LIMIT_MB, " MB")


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
