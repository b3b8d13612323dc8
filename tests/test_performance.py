"""What keeps Kurs quick: no N+1 queries, connections reused, write locks taken up front."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from datetime import datetime
from pathlib import Path

import pytest
from builders import ago, person
from conftest import reset_database
from test_indexes import captured_sql

from course.db import database, open_database
from course.domain.facts import NOTHING_DONE, Done, read_progress
from course.migrate import apply_migrations
from course.models import LessonProgress, User
from course.sqlite import KursSqliteDatabase

LESSON = "---\ntitle: Lesson {n}\n---\nText of lesson {n}.\n"
QUIZ = "---\ntitle: Check {n}\n---\nA check.\n\n<quiz>\nRight?\n- [x] Yes\n- [ ] No\n</quiz>\n"


def write_course(root, modules: int, lessons: int) -> None:
    """Write a course of modules x lessons, the last lesson of each module a quiz."""
    (root / "course.md").write_text("---\ntitle: Sized course\n---\nWelcome.\n")
    for m in range(1, modules + 1):
        folder = root / f"{m:02d}-module-{m}"
        folder.mkdir()
        (folder / "module.md").write_text(f"---\ntitle: Module {m}\n---\nAbout {m}.\n")
        for i in range(1, lessons + 1):
            text = QUIZ if i == lessons else LESSON
            (folder / f"{i:02d}-lesson-{i}.md").write_text(text.format(n=i))


def page_queries(make_app, tmp_path, modules: int, lessons: int, done: bool) -> tuple[dict[str, int], dict[str, int]]:
    """Count the statements the dashboard and a text and a quiz lesson page run, and the longest's length, for one course size."""
    root = tmp_path / f"course-{modules}-{lessons}-{done}"
    root.mkdir()
    write_course(root, modules, lessons)
    app = make_app(KURS_LESSONS_DIR=str(root))
    db = app.extensions["kurs_db"]
    reset_database(db)
    apply_migrations(db)
    course = app.extensions["kurs_catalog"].course()
    with app.app_context(), database.connection_context():
        person = User.create(email="p@example.com", name="P", department="Service")
        if done:
            for module in course.modules:
                for lesson in module.lessons:
                    LessonProgress.create(user=person, module_id=module.id, lesson_id=lesson.id,
                                          completed_at=datetime(2025, 1, 1))
    client = app.test_client()
    with client.session_transaction() as session:
        session["uid"], session["ver"] = person.id, person.session_version
    counts, longest = {}, {}
    for name, path in (("dashboard", "/"), ("lesson", "/learn/module-1/lesson-1"), ("quiz", f"/learn/module-1/lesson-{lessons}")):
        client.get(path)  # the first visit records 'started' and opens the attempt
        with captured_sql() as statements:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[name] = len(statements)
        longest[name] = max(len(sql) for sql, _ in statements)
    db.close()
    return counts, longest


def test_the_learner_pages_run_the_same_few_queries_for_any_course_size(make_app, tmp_path):
    (small, small_sql), (large, large_sql) = (page_queries(make_app, tmp_path, 1, 2, done=False),
                                              page_queries(make_app, tmp_path, 4, 6, done=True))
    assert small == large, (small, large)
    assert small["dashboard"] <= 6 and small["lesson"] <= 2 and small["quiz"] <= 4
    # nor statements that grow with it: SQLite keeps each compiled in every connection (thread) that ran it,
    # one holding the lesson lists of 5,000 lessons 3 MB per thread (docs/performance.md, Memory)
    assert small_sql == large_sql, (small_sql, large_sql)


def test_a_sqlite_connection_is_kept_for_the_next_request_of_the_thread(app, client, learner):
    if not isinstance(app.extensions["kurs_db"], KursSqliteDatabase):
        pytest.skip("only SQLite connections are kept open")
    client.get("/")
    first = database.connection()
    client.get("/history")
    assert database.connection() is first


def test_write_transactions_take_the_lock_when_they_begin(tmp_path):
    path = tmp_path / "w.db"
    db = open_database(f"sqlite:///{path}")
    assert db._lock_type == "IMMEDIATE"
    import sqlite3

    with db.atomic():
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")  # held from BEGIN on, before any write
        other.close()
    db.close()


def test_writers_of_one_process_write_one_at_a_time_and_each_write_counts(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'q.db'}")
    db.execute_sql("CREATE TABLE n (value INTEGER)")
    inside, overlaps = [0], []

    def write(i: int) -> None:
        for _ in range(20):
            with db.atomic():
                inside[0] += 1
                overlaps.append(inside[0])
                db.execute_sql("INSERT INTO n VALUES (?)", (i,))
                time.sleep(0.0005)
                inside[0] -= 1
        db.close()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert max(overlaps) == 1  # one writer at a time: BEGIN IMMEDIATE takes the write lock first
    assert db.execute_sql("SELECT count(*) FROM n").fetchone()[0] == 160
    db.close()


# one worker process of a server (or a `flask` command): 4 threads, each adding a row and counting it per transaction
WRITER = """
import sys, threading, time
from course.db import open_database
db = open_database("sqlite:///" + sys.argv[1])
errors = []
def write(thread):
    time.sleep(max(0.0, float(sys.argv[3]) - time.time()))  # both processes begin together
    try:
        transactions(thread)
    except Exception as exc:
        errors.append(repr(exc))
    db.close()
def transactions(thread):
    for i in range(50):
        with db.atomic():
            # read, then write what was read: a transaction that took the lock late would find its
            # snapshot stale ("database is locked") or, without one, lose another's update
            count = db.execute_sql("SELECT count FROM total").fetchone()[0]
            time.sleep(0.0002)
            db.execute_sql("INSERT INTO n (value) VALUES (?)", (f"{sys.argv[2]}-{thread}-{i}",))
            db.execute_sql("UPDATE total SET count = ?", (count + 1,))
threads = [threading.Thread(target=write, args=(t,)) for t in range(4)]
for t in threads:
    t.start()
for t in threads:
    t.join()
sys.exit("; ".join(errors) or 0)
"""


@pytest.mark.slow
def test_writers_of_two_processes_take_turns_and_each_write_counts_once(tmp_path):
    path = tmp_path / "p.db"
    db = open_database(f"sqlite:///{path}")
    db.execute_sql("CREATE TABLE n (value TEXT UNIQUE)")
    db.execute_sql("CREATE TABLE total (count INTEGER)")
    db.execute_sql("INSERT INTO total VALUES (0)")
    db.close()
    # the processes meet at SQLite's lock (BEGIN IMMEDIATE): none fails with "database is locked"
    start = str(time.time() + 1.0)
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), name, start], stderr=subprocess.PIPE, text=True,
                                cwd=Path(__file__).resolve().parent.parent) for name in ("a", "b")]
    errors = [w.communicate(timeout=60)[1] for w in writers]
    assert [w.returncode for w in writers] == [0, 0], errors
    assert db.execute_sql("SELECT count(*), count(DISTINCT value) FROM n").fetchone() == (400, 400)
    assert db.execute_sql("SELECT count FROM total").fetchone() == (400,)  # no update lost
    db.close()


def test_a_failed_or_rolled_back_transaction_lets_the_next_writer_in(tmp_path):
    db = open_database(f"sqlite:///{tmp_path / 'r.db'}")
    db.execute_sql("CREATE TABLE n (value INTEGER UNIQUE)")
    with db.atomic():
        db.execute_sql("INSERT INTO n VALUES (1)")
    with pytest.raises(Exception, match="UNIQUE"), db.atomic():
        db.execute_sql("INSERT INTO n VALUES (1)")
    with db.atomic() as txn:
        db.execute_sql("INSERT INTO n VALUES (2)")
        txn.rollback()
    done = []

    def write() -> None:
        with db.atomic():
            db.execute_sql("INSERT INTO n VALUES (3)")
        done.append(1)
        db.close()

    worker = threading.Thread(target=write)
    worker.start()
    worker.join(timeout=5)
    assert done == [1]
    db.close()


def test_the_lesson_page_learns_from_one_query_whether_the_lesson_is_done(client, learner):
    from conftest import csrf_token

    page = "/learn/basics/welcome"
    assert "state-completed" not in client.get(page).get_data(as_text=True)
    token = csrf_token(client, page)
    assert client.post(page + "/done", data={"csrf_token": token}).status_code == 302
    with captured_sql() as statements:
        html = client.get(page).get_data(as_text=True)
    assert "state-completed" in html
    assert sum("lesson_progress" in sql for sql, _ in statements) == 1


def test_a_quiz_sent_back_for_a_missing_answer_reads_only_its_own_lesson(client, learner):
    client.get("/learn/basics/welcome")  # progress in another lesson: not the page's business
    page = client.get("/learn/basics/quiz").get_data(as_text=True)
    token = re.search(r'name="attempt" value="([^"]+)"', page).group(1)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    with captured_sql() as statements:
        response = client.post("/learn/basics/quiz/quiz", data={"csrf_token": csrf, "attempt": token})
    assert response.status_code == 400
    progress_reads = [sql for sql, _ in statements if "lesson_progress" in sql]
    # one row, by person, module and lesson: never every lesson the person completed
    assert len(progress_reads) == 1 and '"lesson_id" = ' in progress_reads[0], progress_reads


PLEDGE = "---\ntitle: Pledge\nconfirm: I follow the guidelines.\n---\nThe guidelines.\n"


@pytest.mark.parametrize("confirmation", [False, True])
def test_one_persons_progress_read_from_their_rows_is_what_the_query_for_many_gives(app, lessons_dir, confirmation):
    """The learner's pages read one person's rows (no lesson lists in the SQL); the reports' query must agree."""
    if confirmation:
        (lessons_dir / "02-advanced" / "03-pledge.md").write_text(PLEDGE)
    course = app.extensions["kurs_catalog"].course()
    with app.app_context(), database.connection_context():
        one, other = person("one@example.com"), person("other@example.com")
        rows = [("basics", "welcome", ago(5), None), ("basics", "quiz", ago(4), "x"),  # the hash only counts for a pledge
                ("advanced", "reading", None, None), ("advanced", "gone", ago(3), None),  # opened only; not a lesson any more
                ("retired-module", "old", ago(9), None)]
        if confirmation:
            rows += [("advanced", "pledge", ago(2), "an-earlier-text")]
        for module_id, lesson_id, completed, confirmed in rows:
            LessonProgress.create(user=one, module_id=module_id, lesson_id=lesson_id, started_at=ago(10),
                                  completed_at=completed, confirmed_hash=confirmed)
        LessonProgress.create(user=other, module_id="basics", lesson_id="welcome", started_at=ago(1), completed_at=ago(1))
        alone, many = read_progress(course, [one.id]), read_progress(course, [one.id, other.id])
        untimed = read_progress(course, [one.id], times=False), read_progress(course, [one.id, other.id], times=False)
    assert alone == {k: v for k, v in many.items() if k[0] == one.id}
    assert untimed[0] == {k: v for k, v in untimed[1].items() if k[0] == one.id}
    assert set(alone) == {(one.id, "basics"), (one.id, "advanced"), (one.id, "retired-module")}
    assert alone[(one.id, "basics")].count == 2 and alone[(one.id, "basics")].first_at is not None
    # an earlier text's confirmation counts once, not today
    assert alone[(one.id, "advanced")] == (Done(0, None, None, 1) if confirmation else NOTHING_DONE)
