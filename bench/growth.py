"""Every report at 10,000 and at 100,000 people, as a trainer opens it: grows no faster than the work.

Both companies (bench/company.py) are generated once and kept in BENCH_WORK. Both apps run in this
process through Flask's test client, template and CSV writing included; each report is timed at
both sizes in turn, best of RUNS, in CPU time of this process: on a machine shared with other work
the wall clock measures the neighbours as much as Kurs (it is printed beside). Ten times the people may cost at most
`GROWTH` times the time (linear with a margin), and no report may take more than 2 s at 100,000
people (a CSV download of everyone 10 s).
"""

from __future__ import annotations

import sys
import time

from bench.common import SECRET, note, report, work_dir
from bench.company import TRAINER_EMAIL, make_company
from bench.data import make_course
from course.content.catalog import Catalog
from course.db import database
from course.migrate import MIGRATIONS_DIR

LEVELS = (10_000, 100_000)
GROWTH, PAGE_LIMIT, CSV_LIMIT = 12.0, 2.0, 10.0
RUNS = 3
DATA_VERSION = "company 2"
QUIZ = "module-1/lesson-5"

# name -> (who asks, URL); {person} is the learner with the most progress, the same kind at both sizes
REPORTS = {
    "summary": ("trainer", "/train/reports"),
    "summary_department": ("trainer", "/train/reports?department=Service"),
    "chart_modules": ("trainer", "/train/reports/charts/modules.svg"),
    "chart_departments": ("trainer", "/train/reports/charts/departments.svg"),
    "matrix_page": ("trainer", "/train/reports/matrix?page=3"),
    "matrix_department_page": ("trainer", "/train/reports/matrix?department=Service&page=3"),
    "matrix_inactive_page": ("trainer", "/train/reports/matrix?inactive=1&page=3"),
    "matrix_search": ("trainer", "/train/reports/matrix?q=m%C3%BCller"),
    "matrix_state_filter": ("trainer", "/train/reports/matrix?department=Service&state=overdue"),
    "overdue": ("trainer", "/train/reports/overdue"),
    "item_list": ("trainer", "/train/reports/items"),
    "item_analysis": ("trainer", f"/train/reports/items/{QUIZ}"),
    "person_record": ("trainer", "/train/reports/people/{person}"),
    "dashboard": ("learner", "/"),
    "csv_summary": ("trainer", "/train/reports/summary.csv"),
    "csv_matrix": ("trainer", "/train/reports/matrix.csv"),
    "csv_overdue": ("trainer", "/train/reports/overdue.csv"),
    "csv_departments": ("trainer", "/train/reports/departments.csv"),
    "csv_item_analysis": ("trainer", f"/train/reports/items/{QUIZ}.csv"),
    "csv_person_answers": ("trainer", "/train/reports/people/{person}/answers.csv"),
}


def prepare(people: int):
    """Return (environment, database path) of the company of `people`, generating it if needed."""
    import sqlite3

    work = work_dir()
    root = work / "course-50"
    if not root.exists():
        make_course(root, 5, 10)
    course = Catalog(root, cache_dir=work / "render-cache").course()
    path = work / f"company-{people}.db"
    marker = path.with_suffix(".done")
    schema = f"{DATA_VERSION}: " + " ".join(sorted(p.name for p in MIGRATIONS_DIR.glob("*.py")))
    if not marker.exists() or marker.read_text() != schema:
        began = time.monotonic()
        make_company(path, course, people)
        marker.write_text(schema)
        note(f"generated {people} people in {time.monotonic() - began:.0f} s ({path.stat().st_size >> 20} MB)")
    conn = sqlite3.connect(path)
    counts = [conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # noqa: S608
              for t in ("lesson_progress", "quiz_attempt", "question_response")]
    conn.close()
    note(f"{people} people: {counts[0]} progress rows, {counts[1]} attempts, {counts[2]} answers")
    return {"DATABASE_URL": f"sqlite:///{path}", "KURS_LESSONS_DIR": str(root), "SECRET_KEY": SECRET,
            "KURS_BASE_URL": "http://127.0.0.1", "BENCH_RENDER_CACHE": str(work / "render-cache")}


class Site:
    """One company's Kurs in this process, with a trainer's and a learner's test client."""

    def __init__(self, env: dict) -> None:
        from peewee import fn

        from bench.sessions import bench_app
        from course.models import LessonProgress, User

        self.app = bench_app(env)
        self.db = self.app.extensions["kurs_db"]
        self.use()
        with self.app.app_context():
            trainer = User.get(User.email == TRAINER_EMAIL).id
            # the learner with the most progress: 20 lessons at every size
            self.person = (LessonProgress.select(LessonProgress.user).group_by(LessonProgress.user)
                           .order_by(fn.COUNT(LessonProgress.id).desc(), LessonProgress.user).limit(1).scalar())
        self.clients = {"trainer": self._client(trainer), "learner": self._client(self.person)}

    def _client(self, uid: int):
        client = self.app.test_client()
        with client.session_transaction() as session:
            session["uid"], session["ver"] = uid, 1
        return client

    def use(self) -> None:
        """Point the models at this company's database (both apps share peewee's proxy)."""
        database.initialize(self.db)

    def get(self, who: str, url: str) -> tuple[float, float]:
        """Return the CPU and the wall-clock seconds one request takes, its whole body read; fail on anything but 200."""
        self.use()
        began, cpu = time.perf_counter(), time.process_time()
        response = self.clients[who].get(url.format(person=self.person))
        response.get_data()  # a CSV streams: its rows are written only as the body is read
        cpu, elapsed = time.process_time() - cpu, time.perf_counter() - began
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code}")
        return cpu, elapsed


def main() -> bool:
    sites = [Site(prepare(people)) for people in LEVELS]
    small, large = sites
    for site in sites:  # warm up: the course, the prepared statements, SQLite's page cache
        for who, url in REPORTS.values():
            site.get(who, url)
    note("CPU time of each request in this process (the machine's other load stretches the wall clock, not this)")
    ok = True
    for name, (who, url) in REPORTS.items():
        times = {id(site): [] for site in sites}
        for _ in range(RUNS):
            for site in sites:
                times[id(site)].append(site.get(who, url))
        (low, _), (high, wall) = min(times[id(small)]), min(times[id(large)])
        limit = CSV_LIMIT if name in ("csv_matrix", "csv_overdue") else PAGE_LIMIT
        growth = high / low
        good = growth <= GROWTH and high < limit
        ok &= report(f"growth_100k_vs_10k_{name}", growth, f"<= {GROWTH:.0f}x, < {limit:.0f} s at 100k; "
                     f"{low * 1000:.0f} -> {high * 1000:.0f} ms, wall {wall * 1000:.0f} ms", good, "x")
    return ok


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
