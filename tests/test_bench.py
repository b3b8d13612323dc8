"""The benchmarks' own parts: generated data is valid, and the raw SQL computes what Kurs computes."""

from __future__ import annotations

import re
import sqlite3

import pytest
from werkzeug.datastructures import MultiDict

from bench import common, minimal
from bench import reports as bench_reports
from bench.company import make_company
from bench.data import add_people, lesson_text, make_course, make_database
from bench.quiz import right_answers
from bench.reports import same_results
from bench.sessions import bench_app, signed_in
from course import reports
from course.content.catalog import Catalog
from course.content.scoring import read_answers, score_quiz
from course.db import database, open_database
from course.web.security import HEADERS


@pytest.fixture
def generated(tmp_path):
    root = make_course(tmp_path / "course", modules=2, lessons_per_module=5)
    return Catalog(root, cache_dir=tmp_path / "cache").course()


def test_the_generated_course_loads_without_errors(generated):
    assert generated.errors == ()
    assert generated.lesson_count == 10
    assert sum(lesson.has_quiz for m in generated.modules for lesson in m.lessons) == 2
    assert 4500 < len(lesson_text(1, quiz=False).encode()) < 6500  # the "5 KB lesson" of the figures


def test_the_benchmark_answers_pass_the_quiz(generated):
    lesson = generated.lesson("module-1", "lesson-5")
    form: dict[str, list[str]] = {}
    for name, value in right_answers(lesson):
        form.setdefault(name, []).append(value)
    answers, problems = read_answers(lesson.questions, form)
    assert problems == []
    assert score_quiz(lesson.questions, answers, 100).passed


@pytest.mark.slow
def test_the_raw_sql_computes_what_the_reports_compute_for_1000_people(generated, tmp_path, monkeypatch):
    """A benchmark of wrong SQL proves nothing: every figure of the summary, matrix pages and the CSV's lines agree."""
    path = tmp_path / "r.db"
    make_company(path, generated, 1_000)
    conn = sqlite3.connect(path)
    db = open_database(f"sqlite:///{path}")
    database.initialize(db)
    with db.connection_context():
        summary = reports.module_summary(generated)
        assert all(row.completed and row.average_best and row.median_seconds for row in summary)  # something to compare
        assert same_results(generated, conn, "Service", 1) == same_results(generated, conn, "Service", 2) == []
        # and the comparison sees a difference: a median a minute off, a page in another order
        summary, rows = bench_reports.raw_summary, bench_reports.raw_matrix_rows
        monkeypatch.setattr(bench_reports, "raw_summary", lambda *a: [(*r[:7], r[7] + 60) for r in summary(*a)])
        monkeypatch.setattr(bench_reports, "raw_matrix_rows", lambda *a: rows(*a)[::-1])
        assert same_results(generated, conn, "Service", 1) == [
            "summary differs", "matrix page 1 of everyone differs", "matrix page 1 of Service differs", "CSV differs"]
    conn.close()
    db.close()


def test_a_metric_prints_as_one_line_with_its_target(capsys):
    assert common.report("speed", 41.5, ">= 35 %", True, " %") is True
    assert common.report("errors", 3, "0", False) is False
    assert capsys.readouterr().out.splitlines() == ["speed: 41.50 % (target: >= 35 %) ok", "errors: 3 (target: 0) MISS"]


@pytest.fixture
def minimal_site(tmp_path, monkeypatch):
    """The minimal equivalents over a small generated course and two people, as the servers run them."""
    root = make_course(tmp_path / "course", modules=2, lessons_per_module=5)
    Catalog(root, cache_dir=tmp_path / "cache").course()
    path = tmp_path / "m.db"
    make_database(path)
    add_people(path, 2, [], 0)
    env = {"DATABASE_URL": f"sqlite:///{path}", "KURS_LESSONS_DIR": str(root), "SECRET_KEY": common.SECRET,
           "KURS_BASE_URL": "http://127.0.0.1", "BENCH_RENDER_CACHE": str(tmp_path / "cache"), "BENCH_SQLITE_PATH": str(path)}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    kurs = bench_app(env)
    return kurs, path


def _client(app, cookie):
    client = app.test_client()
    client.set_cookie(*cookie.split("=", 1))
    return client


def test_the_minimal_lesson_page_has_kurs_links_headers_and_records_the_start(minimal_site, monkeypatch):
    kurs, path = minimal_site
    monkeypatch.setenv("BENCH_MINIMAL_LESSON", "module-1/lesson-1")
    cookie, _ = signed_in(kurs, 1)
    response = _client(minimal.app(), cookie).get("/learn/module-1/lesson-1")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "Answering in public (1)" in body
    ours = _client(kurs, cookie).get("/learn/module-1/lesson-1")
    # the same links (the minimal page is German only, so only the addresses are compared)
    assert re.findall(r'(?:href|action)="([^"]*)"', body) == re.findall(r'(?:href|action)="([^"]*)"', ours.get_data(as_text=True))
    for name in (*HEADERS, "Cache-Control"):
        assert response.headers[name] == ours.headers[name]
    assert 0.8 < len(response.data) / len(ours.data) < 1.2  # the same ~7 KB page
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT user_id, lesson_id FROM lesson_progress").fetchall() == [(1, "lesson-1")]
    conn.close()


def test_a_minimal_quiz_submission_writes_one_attempt_its_answers_and_the_progress(minimal_site, monkeypatch):
    kurs, path = minimal_site
    monkeypatch.setenv("BENCH_MINIMAL_LESSON", "module-1/lesson-5")
    lesson = kurs.extensions["kurs_catalog"].course().lesson("module-1", "lesson-5")
    token = "the-open-attempt"
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO quiz_attempt (user_id, module_id, lesson_id, token, content_hash, started_at)"
                     " VALUES (2, 'module-1', 'lesson-5', ?, 'x', '2025-06-01 00:00:00')", (token,))
    cookie, csrf = signed_in(kurs, 2)
    client = _client(minimal.app(), cookie)
    form = [("attempt", token), *right_answers(lesson)]
    assert client.post("/learn/module-1/lesson-5/quiz", data=MultiDict(form)).status_code == 400  # no CSRF token
    for _ in range(2):  # submitted twice: recorded once
        assert client.post("/learn/module-1/lesson-5/quiz", data=MultiDict([("csrf_token", csrf), *form])).status_code == 302
    assert conn.execute("SELECT user_id, score_percent, passed FROM quiz_attempt WHERE submitted_at IS NOT NULL").fetchall() == [
        (2, 100.0, 1)]
    assert conn.execute("SELECT count(*), sum(right) FROM question_response").fetchone() == (4, 4)
    assert conn.execute("SELECT user_id, completed_at IS NOT NULL FROM lesson_progress").fetchall() == [(2, 1)]
    conn.close()
