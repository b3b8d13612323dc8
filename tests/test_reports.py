"""Every report against a small company built by hand, with the expected numbers worked out below."""

from __future__ import annotations

from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from builders import NOW, ago, assignment, attempt, lesson, person

from course import clock, reports
from course.db import database
from course.reports import Scope

ALL = Scope(include_inactive=True)


@pytest.fixture
def db(app):
    with app.app_context(), database.connection_context():
        yield app.extensions["kurs_db"]


@pytest.fixture
def company(db, course):
    """Ann done, Ben failed, Cem new, Dora overdue, Eve deactivated (see the module docstring of each test)."""
    q = [x.key for x in course.lesson("basics", "quiz").questions]
    text = {x.key: x.text for x in course.lesson("basics", "quiz").questions}

    def answers(*spec):
        return [(k, text[k], answer, right) for k, (answer, right) in zip(q, spec, strict=True)]

    ann = person("ann@example.com", "Service")
    ben = person("ben@example.com", "Service")
    cem = person("cem@example.com", "Sales", created_days_ago=2)
    dora = person("dora@example.com", "Sales")
    eve = person("eve@example.com", "Sales", active=False)
    # Ann: basics in three hours, quiz passed at the second attempt; one lesson and one question since retired
    lesson(ann, "basics", "welcome", ago(10), ago(10) + (ago(0, 1) - ago(0, 2)))
    lesson(ann, "basics", "quiz", ago(10, -1), ago(10, -3))
    lesson(ann, "basics", "gone", ago(11), ago(11))
    first = answers(("Thank them", True), ("Order number", False), ("False", True), ("12", False))
    attempt(ann, "basics", "quiz", ago(10, -2), first + [("old-q", "A retired question", "Yes", True)], percent=50, passed=False)
    attempt(ann, "basics", "quiz", ago(10, -3), answers(("Thank them", True), ("Order number; Phone number", True),
                                                         ("False", True), ("24", True)))
    attempt(ann, "basics", "old-quiz", ago(12), [("gone-q", "Gone", "No", False)])
    # Ben: welcome done, three failed attempts at the quiz (max_attempts 3): failed
    lesson(ben, "basics", "welcome", ago(9), ago(9))
    lesson(ben, "basics", "quiz", ago(9))
    for n, wrong in enumerate(["Order number; First name", "Order number", "Order number"]):
        attempt(ben, "basics", "quiz", ago(9 - n), answers(("Thank them", True), (wrong, False), ("True", False), ("48", False)))
    # Dora: opened the welcome lesson only, 30 days after joining: basics is overdue
    lesson(dora, "basics", "welcome", ago(3))
    # Eve (deactivated): basics in one hour
    lesson(eve, "basics", "welcome", ago(5), ago(5, -0.5))
    lesson(eve, "basics", "quiz", ago(5, -0.5), ago(5, -1))
    attempt(eve, "basics", "quiz", ago(5, -1), answers(*[("x", True)] * 4))
    # advanced: Sales overdue since 5 days, Ann personally due in 10 days
    assignment("advanced", ago(5), department="Sales")
    assignment("advanced", ago(-10), user=ann)
    return SimpleNamespace(ann=ann, ben=ben, cem=cem, dora=dora, eve=eve, q=q)


def test_module_summary_counts_and_scores(company, course):
    basics, advanced = reports.module_summary(course)
    assert (basics.module_id, basics.people, basics.assigned, basics.started, basics.completed, basics.passed) == (
        "basics", 4, 4, 3, 1, 1)
    assert basics.average_best == pytest.approx(62.5)  # Ann 100, Ben 25
    assert basics.median_seconds == pytest.approx(3 * 3600)
    assert (advanced.assigned, advanced.started, advanced.completed, advanced.passed) == (3, 0, 0, 0)
    assert advanced.average_best is None and advanced.median_seconds is None


def test_module_summary_with_deactivated_people(company, course):
    basics, _ = reports.module_summary(course, ALL)
    assert (basics.people, basics.started, basics.completed, basics.passed) == (5, 4, 2, 2)
    assert basics.average_best == pytest.approx(225 / 3)
    assert basics.median_seconds == pytest.approx(2 * 3600)  # median of 3 h and 1 h


def test_module_summary_for_one_department(company, course):
    basics, advanced = reports.module_summary(course, Scope(department="Sales"))
    assert (basics.people, basics.started, basics.completed, advanced.assigned) == (2, 1, 0, 2)


def states(matrix):
    return {row.person.email.split("@")[0]: [cell.state for cell in row.cells] for row in matrix.rows}


def test_matrix_states_in_words(company, course):
    result = reports.matrix(course)
    assert result.modules == (("basics", "Basics"), ("advanced", "Advanced"))
    assert states(result) == {
        "ann": ["completed", "not started"],
        "ben": ["failed", "not started"],
        "cem": ["not started", "overdue"],
        "dora": ["overdue", "overdue"],
    }
    assert [row.person.name for row in result.rows] == ["Ann", "Ben", "Cem", "Dora"]
    ann_basics, ann_advanced = result.rows[0].cells
    assert (ann_basics.done, ann_basics.total) == (2, 2)
    assert ann_advanced.due.source == "person" and ann_advanced.due_at == ago(-10)


def test_matrix_department_filter_and_deactivated(company, course):
    assert list(states(reports.matrix(course, Scope(department="Sales")))) == ["cem", "dora"]
    assert list(states(reports.matrix(course, Scope("Sales", include_inactive=True)))) == ["cem", "dora", "eve"]


def test_matrix_pages(company, course):
    first = reports.matrix(course, page=1, per_page=3)
    second = reports.matrix(course, page=2, per_page=3)
    assert (first.pages, first.total, len(first.rows), len(second.rows)) == (2, 4, 3, 1)
    assert second.rows[0].person.name == "Dora"
    assert reports.matrix(course, page=99, per_page=3).page == 2
    assert len(reports.full_matrix(course)) == 4


def test_overdue_list(company, course):
    rows = reports.overdue(course, now=NOW)
    assert [(r.person.name, r.module_id, r.source) for r in rows] == [
        ("Ben", "basics", "mandatory"), ("Dora", "basics", "mandatory"),
        ("Cem", "advanced", "department"), ("Dora", "advanced", "department"),
    ]
    assert rows[0].due_at == clock.due_after(ago(30), 14) and rows[0].days_overdue(NOW) == 16
    assert rows[2].person.department == "Sales"
    assert [r.person.name for r in reports.overdue(course, Scope(department="Service"), now=NOW)] == ["Ben"]


def test_person_record_lessons_attempts_and_retired(company, course):
    record = reports.person_record(course, company.ann)
    assert [(c.module_id, c.state) for c in record.modules] == [("basics", "completed"), ("advanced", "not started")]
    lessons = {(x.module_id, x.lesson_id): x for x in record.lessons}
    assert lessons[("basics", "quiz")].completed_at == ago(10, -3)
    assert lessons[("advanced", "reading")].started_at is None
    assert lessons[("basics", "gone")].retired and not lessons[("basics", "welcome")].retired
    assert [(a.lesson_id, a.score_percent, a.passed, a.retired) for a in record.attempts] == [
        ("quiz", 100, True, False), ("quiz", 50, False, False), ("old-quiz", 0, False, True)]
    first = record.attempts[1]
    assert [r.answer_given for r in first.responses] == ["Thank them", "Order number", "False", "12", "Yes"]
    assert [r.retired for r in first.responses] == [False] * 4 + [True]
    assert record.attempts[0].title == "First check"


def test_item_analysis(company, course):
    result = reports.item_analysis(course, "basics", "quiz")
    assert result.people == 2 and not result.lesson.retired
    rows = {r.question_key: r for r in result.rows}
    q1, q2, q3, q4 = (rows[k] for k in company.q)
    assert (q1.answers, q1.right, q1.first_answers, q1.first_right, q1.top_wrong) == (5, 5, 2, 2, None)
    assert (q2.right, q2.first_right, q2.top_wrong, q2.top_wrong_count) == (1, 0, "Order number", 3)
    assert (q3.right_share, q3.first_right_share, q3.top_wrong) == (40, 50, "True")
    assert (q4.right, q4.top_wrong, q4.top_wrong_count) == (1, "48", 3)
    assert [r.question_key for r in result.rows][:4] == company.q  # course order, retired last
    assert rows["old-q"].retired and rows["old-q"].text == "A retired question" and not q1.retired
    assert reports.item_analysis(course, "basics", "quiz", ALL).rows[0].answers == 6


def test_item_analysis_of_a_retired_lesson_and_an_unknown_one(company, course):
    retired = reports.item_analysis(course, "basics", "old-quiz")
    assert retired.lesson.retired and retired.rows[0].retired and retired.rows[0].top_wrong == "No"
    assert reports.item_analysis(course, "basics", "nothing-here") is None
    listed = [(x.lesson_id, x.attempts, x.retired) for x in reports.quiz_lessons(course)]
    assert listed == [("quiz", 5, False), ("final", 0, False), ("old-quiz", 1, True)]


def test_completion_by_department(company, course):
    rows = {r.department: r for r in reports.completion_by_department(course)}
    assert (rows["Service"].people, rows["Service"].completed, rows["Service"].possible) == (2, 1, 4)
    assert rows["Service"].percent == 25 and rows["Sales"].completed == 0
    with_eve = {r.department: r for r in reports.completion_by_department(course, ALL)}
    assert (with_eve["Sales"].people, with_eve["Sales"].completed) == (3, 1)
    assert reports.departments() == ["Sales", "Service"]


def test_a_persons_standing_marks_failed_and_overdue_and_lists_what_is_assigned(company, course):
    from course.domain.standing import assigned_first, person_standing

    progress = person_standing(course, company.dora)
    assert progress["basics"].state == "overdue" and progress["basics"].total == 2
    assigned = assigned_first(list(progress.values()), NOW)
    assert [(c.module_id, c.due.source) for c in assigned] == [("basics", "mandatory"), ("advanced", "department")]


@contextmanager
def counting(db):
    """Count the SQL statements the database executes."""
    statements = []
    original = db.execute_sql

    def execute_sql(sql, params=None, *args, **kwargs):
        statements.append(sql)
        return original(sql, params, *args, **kwargs)

    db.execute_sql = execute_sql
    try:
        yield statements
    finally:
        del db.execute_sql


def build_people(n: int, course, batch: str) -> None:
    q = course.lesson("basics", "quiz").questions
    for i in range(n):
        someone = person(f"p{batch}-{i}@example.com", "Sales" if i % 2 else "Service")
        lesson(someone, "basics", "welcome", ago(5), ago(4) if i % 3 else None)
        attempt(someone, "basics", "quiz", ago(3), [(x.key, x.text, "a", i % 2 == 0) for x in q])
        if i % 4 == 0:
            assignment("advanced", ago(1), user=someone)
    assignment("advanced", ago(2), department="Sales")


REPORTS = {
    "summary": lambda c, p: reports.module_summary(c),
    "matrix": lambda c, p: reports.matrix(c, Scope(department="Sales")),
    "overdue": lambda c, p: reports.overdue(c),
    "departments": lambda c, p: reports.completion_by_department(c),
    "items": lambda c, p: reports.item_analysis(c, "basics", "quiz"),
    "lessons": lambda c, p: reports.quiz_lessons(c),
    "person": lambda c, p: reports.person_record(c, p),
}


def test_reports_issue_the_same_number_of_queries_for_5_and_50_people(db, course):
    counts = {}
    for size in (5, 45):  # 5 people, then 50
        build_people(size, course, str(size))
        someone = person(f"last{size}@example.com")
        with counting(db) as statements:
            for run in REPORTS.values():
                run(course, someone)
        counts[size] = len(statements)
        assert 15 <= counts[size] < 40, counts
    assert counts[5] == counts[45], counts


# ---------------------------------------------------------------- the matrix's fast paths (issue 7)


def every_page(course, scope=reports.common.EVERYONE, per_page=2):
    pages = reports.matrix(course, scope, per_page=per_page, now=NOW).pages
    return [row for page in range(1, pages + 1) for row in reports.matrix(course, scope, page, per_page, NOW).rows]


def test_the_matrix_csv_reads_a_fixed_number_of_queries_and_agrees_with_the_pages(db, course):
    from course.views.tables import matrix_table
    from course.web.formats import state_name

    counts = {}
    for size in (5, 45):
        build_people(size, course, str(size))
        with counting(db) as statements:
            filename, header, rows = matrix_table(course, Scope())
        counts[size] = len(statements)
        pages = every_page(course, per_page=15)
        assert len(pages) == {5: 5, 45: 50}[size]
        assert rows == [(r.person.name, r.person.email, r.person.department, r.person.active,
                         *(state_name(c.state) for c in r.cells)) for r in pages]  # named as people read them
    assert counts[5] == counts[45] <= 5, counts


def test_the_full_matrix_is_every_page_in_order(company, course):
    for scope, people in ((Scope(), 4), (ALL, 5), (Scope(department="Sales"), 2)):
        pages = every_page(course, scope)
        assert len(pages) == people
        assert reports.full_matrix(course, scope, now=NOW) == pages
        assert reports.matrix_states(course, scope, now=NOW) == [(r.person, tuple(c.state for c in r.cells)) for r in pages]
    eve = reports.matrix_states(course, ALL)[-1][0]
    assert (eve.name, eve.active, type(eve.created_at).__name__) == ("Eve", False, "datetime")


def test_a_reloaded_course_gets_its_own_sql(company, course):
    from dataclasses import replace

    basics = course.module("basics")
    without_quiz = replace(course, modules=(replace(basics, lessons=basics.lessons[:1]), *course.modules[1:]))
    ann_basics = lambda c: reports.matrix(c).rows[0].cells[0]  # noqa: E731
    assert (ann_basics(course).done, ann_basics(course).total) == (2, 2)
    # the quiz is gone: Ann has done the one lesson left; Ben's used-up attempts no longer count
    assert (ann_basics(without_quiz).done, ann_basics(without_quiz).total) == (1, 1)
    assert states(reports.matrix(without_quiz))["ben"][0] == "completed"
    assert (ann_basics(course).done, states(reports.matrix(course))["ben"][0]) == (2, "failed")


def test_prepared_sql_is_built_once_per_shape_and_owner(db):
    from course.db import Prepared, params
    from course.models import User

    built = []

    def build(count, owner):
        built.append((count, owner.name))
        return User.select(User.email).where(User.id.in_(params("ids", count, User.id))).order_by(User.email)

    class Owner:  # a course, say: held weakly
        name = "first"

    ann, ben = person("ann@example.com"), person("ben@example.com")
    emails, owner = Prepared(build), Owner()
    assert emails.rows((1,), owner, ids=[ann.id]) == [("ann@example.com",)]
    assert emails.rows((1,), owner, ids=[ben.id]) == [("ben@example.com",)]
    assert emails.rows((2,), owner, ids=[ben.id, ann.id]) == [("ann@example.com",), ("ben@example.com",)]
    assert built == [(1, "first"), (2, "first")]  # once per number of ids
    other = Owner()
    other.name = "reloaded"
    assert emails.raw((1,), other, ids=[ann.id]) == [("ann@example.com",)]
    assert built[-1] == (1, "reloaded")  # another course: its own SQL
