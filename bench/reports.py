"""Reports on 10k people x 50 lessons against hand-written raw SQL run in the same process."""

from __future__ import annotations

import sqlite3
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import datetime

from bench.common import note, report, work_dir
from bench.data import DEPARTMENTS, add_people, make_course, make_database
from course.content.catalog import Catalog
from course.db import database, open_database
from course.domain.assignments import Due
from course.domain.facts import Done
from course.domain.standing import module_standing
from course.migrate import MIGRATIONS_DIR
from course.models import utcnow
from course.web.csvout import csv_lines
from course.web.formats import state_names
from course.web.i18n import gettext

PEOPLE, MODULES, PER_MODULE, ATTEMPTS = 10_000, 5, 10, 200_000
RUNS = 5
DEPARTMENT = "Service"


def prepare():
    """Return (course, database path): 500k progress rows, 200k attempts, a few assignments."""
    work = work_dir()
    root = work / "course-50"
    if not root.exists():
        make_course(root, MODULES, PER_MODULE)
    course = Catalog(root, cache_dir=work / "render-cache").course()
    path = work / "reports.db"
    marker = work / "reports.db.done"
    schema = "data 2: " + " ".join(sorted(p.name for p in MIGRATIONS_DIR.glob("*.py")))
    if not marker.exists() or marker.read_text() != schema:
        make_database(path)
        add_people(path, PEOPLE, [(m.id, x.id) for m in course.modules for x in m.lessons], ATTEMPTS)
        conn = sqlite3.connect(path)
        with conn:
            conn.executemany(
                "INSERT INTO assignment (module_id, department, assigned_at, due_at) VALUES (?, ?, '2025-01-01', ?)",
                [(course.modules[i % MODULES].id, d, "2025-03-01" if i % 2 else "2030-01-01") for i, d in enumerate(DEPARTMENTS)],
            )
            conn.executemany(  # a personal assignment beats the department's
                "INSERT INTO assignment (module_id, user_id, assigned_at, due_at) VALUES (?, ?, '2025-01-01', ?)",
                [(course.modules[i % MODULES].id, uid, "2025-02-01" if i % 3 else None) for i, uid in enumerate(range(5, PEOPLE, 37))],
            )
            conn.execute("ANALYZE")
        conn.close()
        marker.write_text(schema)
    return course, path


# ---------------------------------------------------------------- the raw-SQL equivalents


def _current(course, alias: str, quizzes_only: bool = False) -> tuple[str, list]:
    parts, params = [], []
    for m in course.modules:
        ids = [x.id for x in m.lessons if x.has_quiz or not quizzes_only]
        parts.append(f"({alias}.module_id = ? AND {alias}.lesson_id IN ({','.join('?' * len(ids))}))")
        params += [m.id, *ids]
    return "(" + " OR ".join(parts) + ")", params


def _per_module(course, alias: str, quizzes_only: bool = False) -> tuple[str, list]:
    whens, params = [], []
    for m in course.modules:
        whens.append("WHEN ? THEN ?")
        params += [m.id, sum(1 for x in m.lessons if x.has_quiz or not quizzes_only)]
    return f"CASE {alias}.module_id {' '.join(whens)} ELSE 0 END", params


def raw_summary(conn: sqlite3.Connection, course) -> list[tuple]:
    """The module summary in hand-written SQL."""
    people = conn.execute('SELECT count(*) FROM "user" WHERE active = 1').fetchone()[0]
    assigned = dict(conn.execute(
        "SELECT module_id, count(DISTINCT person) FROM ("
        ' SELECT a.module_id, u.id AS person FROM "user" u JOIN assignment a ON a.user_id = u.id WHERE u.active = 1'
        ' UNION ALL SELECT a.module_id, u.id FROM "user" u JOIN assignment a ON a.department = u.department'
        " WHERE u.active = 1) GROUP BY module_id"))
    started = dict(conn.execute(
        'SELECT p.module_id, count(DISTINCT p.user_id) FROM lesson_progress p JOIN "user" u ON u.id = p.user_id'
        " WHERE u.active = 1 GROUP BY p.module_id"))
    current, params = _current(course, "p")
    count, count_params = _per_module(course, "p")
    times: dict[str, list[float]] = {}
    for module_id, first, last in conn.execute(
        f'SELECT p.module_id, min(p.started_at), max(p.completed_at) FROM lesson_progress p JOIN "user" u ON u.id = p.user_id'  # noqa: S608
        f" WHERE {current} AND p.completed_at IS NOT NULL AND u.active = 1 GROUP BY p.user_id, p.module_id"
        f" HAVING count(p.id) = {count}", params + count_params,
    ):
        seconds = (datetime.fromisoformat(last) - datetime.fromisoformat(first)).total_seconds()
        times.setdefault(module_id, []).append(max(seconds, 0.0))
    quiz, quiz_params = _current(course, "a", quizzes_only=True)
    quiz_count, quiz_count_params = _per_module(course, "b", quizzes_only=True)
    bests = (f"SELECT a.user_id, a.module_id, max(a.score_percent) AS best, max(CASE WHEN a.passed = 1 THEN 1 ELSE 0 END) AS ok"  # noqa: S608
             f' FROM quiz_attempt a JOIN "user" u ON u.id = a.user_id WHERE {quiz} AND a.submitted_at IS NOT NULL'
             " AND u.active = 1 GROUP BY a.user_id, a.module_id, a.lesson_id")
    averages = dict(conn.execute(f"SELECT b.module_id, avg(b.best) FROM ({bests}) b GROUP BY b.module_id", quiz_params))  # noqa: S608
    passed = dict(conn.execute(
        f"SELECT module_id, count(*) FROM (SELECT b.module_id FROM ({bests}) b GROUP BY b.user_id, b.module_id"  # noqa: S608
        f" HAVING sum(b.ok) = {quiz_count}) GROUP BY module_id", quiz_params + quiz_count_params))
    return [(m.id, people, people if m.mandatory else assigned.get(m.id, 0), started.get(m.id, 0),
             len(times.get(m.id, [])), passed.get(m.id, 0), averages.get(m.id),
             statistics.median(times[m.id]) if times.get(m.id) else None) for m in course.modules]


def raw_matrix_rows(conn: sqlite3.Connection, course, department: str | None, limit: int, offset: int) -> list[tuple]:
    """People sorted by last name with each module's state, in hand-written SQL."""
    where, params = ("u.active = 1 AND u.department = ?", [department]) if department else ("u.active = 1", [])
    people = conn.execute(
        f'SELECT u.id, u.name, u.email, u.department, u.active FROM "user" u WHERE {where}'  # noqa: S608
        " ORDER BY u.sort_name, u.id LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    ids = [p[0] for p in people]
    current, cparams = _current(course, "p")
    marks = ",".join("?" * len(ids))
    done, touched = {}, set()
    for uid, mid, finished in conn.execute(
        f"SELECT p.user_id, p.module_id, sum(CASE WHEN {current} AND p.completed_at IS NOT NULL THEN 1 ELSE 0 END)"  # noqa: S608
        f" FROM lesson_progress p WHERE p.user_id IN ({marks}) GROUP BY p.user_id, p.module_id", cparams + ids,
    ):
        touched.add((uid, mid))
        done[(uid, mid)] = finished or 0
    departments = sorted({p[3] for p in people})
    dues: dict[tuple, datetime | None] = {}
    for mid, dep, due in conn.execute(
        f"SELECT module_id, department, due_at FROM assignment WHERE department IN ({','.join('?' * len(departments))})",  # noqa: S608
        departments,
    ):
        dues[(dep, mid)] = datetime.fromisoformat(due) if due else None
    for mid, uid, due in conn.execute(
        f"SELECT module_id, user_id, due_at FROM assignment WHERE user_id IN ({marks})", ids,  # noqa: S608
    ):
        dues[(uid, mid)] = datetime.fromisoformat(due) if due else None
    now = utcnow()
    return [(name, email, dep, bool(active), *(
        _state(m, (uid, m.id) in touched, done.get((uid, m.id), 0), _due(dues, uid, dep, m.id), now)
        for m in course.modules)) for uid, name, email, dep, active in people]


def _state(module, touched: bool, finished: int, due_at: datetime | None, now: datetime) -> str:
    """The standing rule on the raw values (no recertification in the benchmark course)."""
    due = Due(module.id, now, due_at, "person") if due_at else None
    return module_standing(module, touched, Done(finished, None, None) if finished else None, False, due, now).state


def _due(dues: dict, uid: int, department: str, module_id: str) -> datetime | None:
    return dues[(uid, module_id)] if (uid, module_id) in dues else dues.get((department, module_id))


def raw_csv_lines(conn: sqlite3.Connection, course) -> Iterator[str]:
    """The whole matrix as CSV lines, read in pages of 500 people (the state names as people read them)."""
    header = (gettext("name"), gettext("email"), gettext("department"), gettext("active")) + tuple(m.title for m in course.modules)
    names = state_names()
    total = conn.execute('SELECT count(*) FROM "user" WHERE active = 1').fetchone()[0]
    rows = ((*row[:4], *map(names.__getitem__, row[4:]))
            for offset in range(0, total, 500) for row in raw_matrix_rows(conn, course, None, 500, offset))
    return csv_lines(header, rows)


def raw_csv(conn: sqlite3.Connection, course) -> int:
    """Write the whole matrix as CSV; return its size in bytes."""
    return sum(len(line.encode()) for line in raw_csv_lines(conn, course))


# ---------------------------------------------------------------- measuring


def cpu_time(fn: Callable[[], object], repeat: int = 1) -> float:
    """Return the CPU time of this process per call of fn, in seconds.

    CPU time, not the wall clock: on a machine shared with other work the wall clock measures the
    neighbours as much as the report (bench/growth.py does the same). SQLite runs in this process,
    so its work counts on both sides.
    """
    start = time.process_time()
    for _ in range(repeat):
        fn()
    return (time.process_time() - start) / repeat


def main() -> bool:
    from course import reports
    from course.views.tables import matrix_table

    course, path = prepare()
    db = open_database(f"sqlite:///{path}")
    database.initialize(db)
    db.connect()
    conn = sqlite3.connect(path)
    dept = reports.Scope(department=DEPARTMENT)
    kurs_csv = lambda: sum(len(line.encode()) for line in csv_lines(*matrix_table(course, reports.Scope())[1:]))  # noqa: E731
    checks = {  # name: (Kurs, raw SQL, calls per timing: a page takes a millisecond)
        "summary": (lambda: reports.module_summary(course), lambda: raw_summary(conn, course), 1),
        "matrix_page": (lambda: reports.matrix(course, dept, page=3), lambda: raw_matrix_rows(conn, course, DEPARTMENT, 50, 100), 50),
        "csv": (kurs_csv, lambda: raw_csv(conn, course), 1),
    }
    problems = same_results(course, conn, DEPARTMENT, 3)  # the page timed, and the same page of everyone
    if problems:
        raise RuntimeError("; ".join(problems))
    progress_rows = conn.execute("SELECT count(*) FROM lesson_progress").fetchone()[0]
    attempts = conn.execute("SELECT count(*) FROM quiz_attempt").fetchone()[0]
    note(f"{PEOPLE} people, {course.lesson_count} lessons, {progress_rows} progress rows, {attempts} attempts; "
         f"CPU time of this process, Kurs and raw SQL alternating, best of {RUNS}")
    ok = True
    for name, (kurs, raw, repeat) in checks.items():
        kurs_s, raw_s = float("inf"), float("inf")
        for _ in range(RUNS):  # alternate, so a busy moment hits both alike
            kurs_s = min(kurs_s, cpu_time(kurs, repeat))
            raw_s = min(raw_s, cpu_time(raw, repeat))
        note(f"{name}: Kurs {kurs_s * 1000:.{1 if repeat > 1 else 0}f} ms, raw SQL {raw_s * 1000:.{1 if repeat > 1 else 0}f} ms")
        ok &= report(f"report_{name}_vs_raw_sql", kurs_s / raw_s, "<= 1.5x", kurs_s <= 1.5 * raw_s, "x")
    ok &= _page_does_not_grow(course, reports)
    return ok


def same_results(course, conn: sqlite3.Connection, department: str, page: int) -> list[str]:
    """Compare every figure of the summary, one matrix page and the whole CSV with the raw SQL's; return the differences.

    A benchmark of wrong SQL proves nothing. Needs the database of `conn` bound to Kurs's models.
    """
    from course import reports
    from course.views.tables import matrix_table

    problems = []
    kurs = [(r.module_id, r.people, r.assigned, r.started, r.completed, r.passed, r.average_best, r.median_seconds)
            for r in reports.module_summary(course)]
    raw = raw_summary(conn, course)
    if [r[:6] for r in kurs] != [r[:6] for r in raw] or not all(
            _close(a, b) for k, r in zip(kurs, raw, strict=True) for a, b in zip(k[6:], r[6:], strict=True)):
        problems.append("summary differs")
    for scope_department in (None, department):
        mine = [(r.person.name, *(c.state for c in r.cells))
                for r in reports.matrix(course, reports.Scope(department=scope_department), page=page).rows]
        theirs = [(r[0], *r[4:]) for r in raw_matrix_rows(conn, course, scope_department, 50, 50 * (page - 1))]
        if mine != theirs:
            problems.append(f"matrix page {page} of {scope_department or 'everyone'} differs")
    if list(csv_lines(*matrix_table(course, reports.Scope())[1:])) != list(raw_csv_lines(conn, course)):
        problems.append("CSV differs")
    return problems


def _close(a: float | None, b: float | None) -> bool:
    return a == b or (a is not None and b is not None and abs(a - b) <= 1e-9 * max(abs(a), abs(b)))


def _page_does_not_grow(course, reports) -> bool:
    """A matrix page costs the same for the whole company as for one department."""
    everyone = min(cpu_time(lambda: reports.matrix(course, reports.Scope(), page=3), 50) for _ in range(RUNS))
    one = min(cpu_time(lambda: reports.matrix(course, reports.Scope(department=DEPARTMENT), page=3), 50) for _ in range(RUNS))
    note(f"matrix page: {everyone * 1000:.1f} ms over {PEOPLE} people, {one * 1000:.1f} ms over {PEOPLE // len(DEPARTMENTS)}")
    return report("report_matrix_page_company_vs_department", everyone / one, "<= 1.5x", everyone <= 1.5 * one, "x")


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
