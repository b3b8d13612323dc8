"""The benchmarks' own parts: generated data is valid, and the raw SQL computes what Kurs computes."""

from __future__ import annotations

import sqlite3

import pytest

from bench import common
from bench.data import add_people, lesson_text, make_course, make_database
from bench.quiz import right_answers
from bench.reports import raw_matrix_rows, raw_summary
from course import reports
from course.content.catalog import Catalog
from course.content.scoring import read_answers, score_quiz
from course.db import database, open_database


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


def test_the_raw_sql_computes_what_the_reports_compute(generated, tmp_path):
    path = tmp_path / "r.db"
    make_database(path)
    add_people(path, 60, [(m.id, x.id) for m in generated.modules for x in m.lessons], 150)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO assignment (module_id, department, assigned_at, due_at)"
                     " VALUES ('module-1', 'Service', '2025-01-01', '2025-03-01')")
        conn.execute("INSERT INTO assignment (module_id, user_id, assigned_at, due_at) VALUES ('module-1', 1, '2025-01-01', NULL)")
    db = open_database(f"sqlite:///{path}")
    database.initialize(db)
    with db.connection_context():
        summary = [(r.module_id, r.people, r.assigned, r.started, r.completed, r.passed)
                   for r in reports.module_summary(generated)]
        page = reports.matrix(generated, reports.Scope(department="Service"), page=1, per_page=4)
    assert summary == [row[:6] for row in raw_summary(conn, generated)]
    assert [(r.person.name, *(c.state for c in r.cells)) for r in page.rows] == [
        (row[0], *row[4:]) for row in raw_matrix_rows(conn, generated, "Service", 4, 0)
    ]
    conn.close()
    db.close()


def test_a_metric_prints_as_one_line_with_its_target(capsys):
    assert common.report("speed", 41.5, ">= 35 %", True, " %") is True
    assert common.report("errors", 3, "0", False) is False
    assert capsys.readouterr().out.splitlines() == ["speed: 41.50 % (target: >= 35 %) ok", "errors: 3 (target: 0) MISS"]
