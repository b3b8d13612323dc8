"""Start-up with 1,000 lessons: cold (empty render cache) against warm, and one changed file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time

from bench.common import PROJECT, SECRET, note, report, work_dir
from bench.data import lesson_text, make_course

MODULES, PER_MODULE = 20, 50
# A fresh process builds the app and loads the course, as a gunicorn worker does on its first request.
CHILD = """
import json, sys, time
t0 = time.perf_counter()
from course import create_app
t1 = time.perf_counter()
app = create_app({"KURS_RENDER_CACHE": sys.argv[1]})
catalog = app.extensions["kurs_catalog"]
course = catalog.course()
t2 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "load": t2 - t1, "parses": catalog.parses, "lessons": course.lesson_count,
                  "errors": len(course.errors)}))
"""


def start(lessons: str, cache: str) -> dict:
    """Start a fresh process on the course and return its timings."""
    env = {**os.environ, "KURS_LESSONS_DIR": lessons, "SECRET_KEY": SECRET, "DATABASE_URL": "sqlite:///:memory:"}
    out = subprocess.run([sys.executable, "-c", CHILD, cache], cwd=PROJECT, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> bool:
    lessons = work_dir() / "course-1000"
    if not lessons.exists():
        make_course(lessons, MODULES, PER_MODULE)
    cache = work_dir() / "render-cache"  # emptied here; the benchmarks after this one find it warm
    shutil.rmtree(cache, ignore_errors=True)
    cold = start(str(lessons), str(cache))
    warm = min((start(str(lessons), str(cache)) for _ in range(3)), key=lambda r: r["load"])
    note(f"cold start: {cold['load']:.2f} s for {cold['lessons']} lessons ({cold['parses']} rendered); "
         f"warm: {warm['load'] * 1000:.0f} ms ({warm['parses']} rendered); imports {warm['imports'] * 1000:.0f} ms both times")
    ok = report("startup_warm_vs_cold", 100 * warm["load"] / cold["load"], "<= 5 %", warm["load"] <= 0.05 * cold["load"], " %")
    ok &= report("startup_lessons_loaded", warm["lessons"], f"{MODULES * PER_MODULE}", warm["lessons"] == MODULES * PER_MODULE == cold["lessons"])
    changed = lessons / "07-module-7" / "03-lesson-303.md"
    # new text each run: the course stays in BENCH_WORK, and last run's edit would be no change at all
    changed.write_text(lesson_text(303, quiz=False) + f"\nA sentence added by a trainer ({time.time_ns()}).\n")
    after = start(str(lessons), str(cache))
    ok &= report("startup_rerendered_after_one_change", after["parses"], "1", after["parses"] == 1, " files")
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
