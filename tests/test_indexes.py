"""The report and learner queries read through indexes (SQLite's EXPLAIN QUERY PLAN says so)."""

from __future__ import annotations

import logging
import re
from contextlib import contextmanager
from datetime import datetime, timedelta

import pytest

from course import reports
from course.db import database
from course.models import LessonProgress, QuizAttempt, User

BIG_TABLES = {"lesson_progress", "quiz_attempt", "question_response"}
ALIAS = re.compile(r'"(\w+)" AS "(\w+)"')


@contextmanager
def captured_sql():
    """Collect every statement peewee runs (it logs each one at DEBUG)."""
    statements: list[tuple[str, tuple]] = []

    class Collect(logging.Handler):
        def emit(self, record):
            if record.name != "peewee":
                return  # e.g. peewee.pool's "returning connection to pool"
            sql, params = record.msg
            statements.append((sql, tuple(params or ())))

    logger = logging.getLogger("peewee")
    handler, level = Collect(level=logging.DEBUG), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def plans(statements) -> list[tuple[str, list[str]]]:
    """Return (sql, plan lines) for every SELECT."""
    found = []
    for sql, params in statements:
        if sql.lstrip().upper().startswith("SELECT"):
            rows = database.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
            found.append((sql, [row[3] for row in rows]))
    return found


def full_scans(sql: str, plan: list[str]) -> list[str]:
    """Return the plan lines that read a big table row by row, without an index."""
    aliases = {alias: table for table, alias in ALIAS.findall(sql)}
    bad = []
    for line in plan:
        match = re.match(r"SCAN (\w+)$", line.strip())
        if match and aliases.get(match.group(1), match.group(1)) in BIG_TABLES:
            bad.append(line)
    return bad


def joined_through_indexes(plan: list[str]) -> bool:
    """Whether each part of a UNION ALL looks its rows up through an index (or the key), never scanning both tables."""
    arms, arm = [], []
    for line in plan:
        if line.strip() == "UNION ALL":
            arms.append(arm)
            arm = []
        elif line.startswith(("SCAN", "SEARCH")):
            arm.append(line)
    arms.append(arm)
    return len(arms) == 2 and all(any(line.startswith("SEARCH") and "USING" in line for line in a) for a in arms)


@pytest.fixture
def company(app, course):
    """A few people with progress and attempts in every lesson of the fixture course."""
    if not type(app.extensions["kurs_db"]).__name__.endswith("SqliteDatabase"):
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    now = datetime(2025, 6, 1)
    with app.app_context(), database.connection_context():
        for i in range(6):
            user = User.create(email=f"p{i}@example.com", name=f"P {i}", department="Service" if i % 2 else "Sales")
            for module in course.modules:
                for lesson in module.lessons:
                    LessonProgress.create(user=user, module_id=module.id, lesson_id=lesson.id, started_at=now,
                                          completed_at=now + timedelta(minutes=5) if i % 3 else None)
                    if lesson.has_quiz:
                        QuizAttempt.create(user=user, module_id=module.id, lesson_id=lesson.id, token=f"t{i}{lesson.id}",
                                           content_hash="x", submitted_at=now, score_percent=75.0, passed=True)
    return course


def add_people(course, first: int, count: int) -> None:
    """Bulk-insert `count` people (half in Service) with progress in the first module: 10,000 in about a second."""
    now = datetime(2025, 6, 1)
    module = course.modules[0]
    with database.atomic():
        for start in range(first, first + count, 500):
            User.insert_many([{"email": f"bulk{i}@example.com", "name": f"Bulk {i}", "sort_name": f"bulk {i}",
                               "department": "Service" if i % 2 else "Sales"}
                              for i in range(start, min(start + 500, first + count))]).execute()
        ids = [uid for (uid,) in User.select(User.id).where(User.email.startswith("bulk")).order_by(User.id)
               .tuples()][-count:]
        rows = [{"user": uid, "module_id": module.id, "lesson_id": lesson.id, "started_at": now,
                 "completed_at": now if uid % 3 else None} for uid in ids for lesson in module.lessons]
        for start in range(0, len(rows), 500):
            LessonProgress.insert_many(rows[start : start + 500]).execute()


def pretend_analysed(people: int, lessons: int) -> None:
    """Give SQLite's planner the statistics of a company of `people` with `lessons` progress rows each (what ANALYZE writes)."""
    rows, attempts = people * lessons, people * lessons // 2
    database.execute_sql("ANALYZE")
    stats = {
        "people_by_sort_name_active": f"{people} 1 1 1", "people_by_department_sort_name_active": f"{people} {people // 10} 1 1 1",
        "progress_covering": f"{rows} {lessons} 10 1 1 1", "progress_by_module_user": f"{rows} {rows // 5} 10",
        "attempt_covering": f"{attempts} {lessons // 2} 5 2 2 1 1", "attempts_by_lesson": f"{attempts} {attempts // 5} 4000 4000 2",
    }
    for index, stat in stats.items():
        database.execute_sql("UPDATE sqlite_stat1 SET stat = ? WHERE idx = ?", (stat, index))
    database.execute_sql("ANALYZE sqlite_schema")  # the planner reads the statistics again


def run_reports(course) -> None:
    person = User.get(User.email == "p1@example.com")
    reports.module_summary(course)
    reports.matrix(course, reports.Scope(department="Service"))
    reports.completion_by_department(course)
    reports.overdue(course)
    reports.person_record(course, person)
    for module in course.modules:
        for lesson in module.lessons:
            if lesson.has_quiz:
                reports.item_analysis(course, module.id, lesson.id)


def test_no_report_reads_a_big_table_row_by_row(app, company):
    with app.app_context(), database.connection_context():
        with captured_sql() as statements:
            run_reports(company)
        checked = plans(statements)
        assert len(checked) >= 10
        problems = {sql: full_scans(sql, plan) for sql, plan in checked if full_scans(sql, plan)}
        assert problems == {}


def test_started_per_module_reads_the_module_user_index_alone(app, company):
    with app.app_context(), database.connection_context():
        with captured_sql() as statements:
            reports.module_summary(company)
        lines = [line for sql, plan in plans(statements) if "COUNT(DISTINCT" in sql.upper() for line in plan]
        assert any("COVERING INDEX progress_by_module_user" in line for line in lines), lines


def test_a_persons_quiz_status_is_answered_from_the_attempt_index(app, company):
    from course.domain import attempts

    lesson = next(x for m in company.modules for x in m.lessons if x.has_quiz)
    with app.app_context(), database.connection_context():
        person = User.get(User.email == "p1@example.com")
        with captured_sql() as statements:
            attempts.quiz_status(person, lesson)
        (sql, plan), = plans(statements)
        assert any("COVERING INDEX attempt_covering" in line for line in plan), plan


def test_a_persons_completed_lessons_are_answered_from_the_progress_index(app, company):
    from course.domain import progress

    with app.app_context(), database.connection_context():
        person = User.get(User.email == "p1@example.com")
        with captured_sql() as statements:
            progress.completed_lessons(person)
        (sql, plan), = plans(statements)
        assert any("COVERING INDEX progress_covering" in line for line in plan), plan


@pytest.mark.slow
@pytest.mark.parametrize("department", [None, "Service"])
def test_the_matrix_pager_counts_people_from_an_index_alone(app, company, department):
    """The count on every page reads a name index that carries `active`, never each person's whole row."""
    scope = reports.Scope(department=department)
    with app.app_context(), database.connection_context():
        with captured_sql() as statements:
            page = reports.matrix(company, scope, page=2, per_page=2)
        (sql, plan), = [(sql, plan) for sql, plan in plans(statements) if "COUNT(" in sql.upper() and 'FROM "user"' in sql]
        assert plan and all("COVERING INDEX people_by_" in line and "_sort_name_active" in line for line in plan), plan
        assert page.total == (3 if department else 6)
        add_people(company, 0, 1_000)
        with captured_sql() as some:
            reports.matrix(company, scope, page=2, per_page=2)
        add_people(company, 1_000, 9_000)
        with captured_sql() as more:
            bigger = reports.matrix(company, scope, page=2, per_page=2)
        assert len(more) == len(some) == len(statements) and bigger.total == (5_003 if department else 10_006)
        assert [plan for _, plan in plans(more)] == [plan for _, plan in plans(some)]


@pytest.mark.parametrize("department", [None, "Service"])
def test_a_matrix_page_reads_people_in_name_order_without_sorting_everyone(app, company, department):
    with app.app_context(), database.connection_context():
        with captured_sql() as statements:
            reports.matrix(company, reports.Scope(department=department), page=2, per_page=2)
        people = [(sql, plan) for sql, plan in plans(statements) if 'FROM "user"' in sql and "ORDER BY" in sql]
        assert people, statements
        for _sql, plan in people:
            assert not any("TEMP B-TREE FOR ORDER BY" in line for line in plan), plan


def test_the_assigned_count_joins_people_to_assignments_through_indexes(app, company):
    """Own and department assignments as two indexed joins: never every person against every assignment."""
    from course.models import Assignment

    module = next(m.id for m in company.modules if not m.mandatory)  # a mandatory one counts everyone
    with app.app_context(), database.connection_context():
        Assignment.create(module_id=module, department="Service", assigned_at=datetime(2025, 1, 1))
        Assignment.create(module_id=module, user=User.get(User.email == "p0@example.com"), assigned_at=datetime(2025, 1, 1))
        with captured_sql() as statements:
            summary = {row.module_id: row for row in reports.module_summary(company)}
        (sql, plan), = [(sql, plan) for sql, plan in plans(statements) if "UNION ALL" in sql.upper()]
        assert "OR" not in sql.upper().split("UNION ALL")[0].split("WHERE")[0], sql
        assert joined_through_indexes(plan), plan
        assert summary[module].assigned == 4  # p0 by name, p1, p3 and p5 through Service


@pytest.mark.slow
def test_the_summary_runs_the_same_queries_and_plans_for_1k_and_10k_people(app, company):
    """No query of the summary joins everyone with everything: ten times the people, the same statements and plans."""
    from course.models import Assignment

    module = next(m.id for m in company.modules if not m.mandatory)
    with app.app_context(), database.connection_context():
        Assignment.create(module_id=module, department="Service", assigned_at=datetime(2025, 1, 1))
        Assignment.create(module_id=module, user=User.get(User.email == "p0@example.com"), assigned_at=datetime(2025, 1, 1))
        add_people(company, 0, 1_000)
        with captured_sql() as thousand:
            small = {row.module_id: row for row in reports.module_summary(company)}
        add_people(company, 1_000, 9_000)
        with captured_sql() as ten_thousand:
            large = {row.module_id: row for row in reports.module_summary(company)}
        assert len(ten_thousand) == len(thousand)
        before, after = plans(thousand), plans(ten_thousand)
        assert [plan for _, plan in after] == [plan for _, plan in before]
        assert {sql: full_scans(sql, plan) for sql, plan in after if full_scans(sql, plan)} == {}
        (_, assigned), = [(sql, plan) for sql, plan in after if "UNION ALL" in sql.upper()]
        assert joined_through_indexes(assigned), assigned
        assert (small[module].assigned, large[module].assigned) == (4 + 500, 4 + 5_000)
        assert large[module].people == 10_006


def test_the_summary_reads_progress_and_attempts_in_index_order_not_person_by_person(app, company):
    """Whom a report counts is `active` tested as a flag, as SQLite's planner reads it best.

    With `active = ?` SQLite guesses that a quarter of the people are active, loops over them
    and looks each one's rows up and sorts them (the started count took three times as long,
    the summary 1.5x the raw SQL); as a bare flag it reads the progress and attempt indexes
    in their order, as the bench's raw SQL (`active = 1`) does.
    """
    with app.app_context(), database.connection_context():
        pretend_analysed(10_000, 50)
        with captured_sql() as statements:
            reports.module_summary(company)
        assert all("active" not in sql or '"active" = ?' not in sql for sql, _ in statements), statements
        big = [(sql, plan) for sql, plan in plans(statements) if "lesson_progress" in sql or "quiz_attempt" in sql]
        assert len(big) >= 4
        for sql, plan in big:
            outer = next(line for line in plan if line.startswith(("SCAN", "SEARCH")))
            assert "progress" in outer or "attempt" in outer, (sql, plan)
