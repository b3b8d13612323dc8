"""The reports give the course's lesson lists to SQL as one parameter each: statements that do not grow with the course."""

from __future__ import annotations

from builders import ago, assignment, attempt, person
from conftest import fresh_schema
from test_indexes import captured_sql
from test_performance import PLEDGE, write_course

from course import reports
from course.db import database
from course.domain.facts import Done, read_progress
from course.domain.sql_lists import one_of
from course.models import LessonProgress, User


def test_one_of_matches_exactly_the_listed_values(app):
    values = ["welcome", "quiz", "Grüße", 'say "hi"', "a,b", "[x]"]
    with app.app_context(), database.connection_context():
        who = person("p@example.com")
        for value in [*values, "other", "welcome-2", "Grüsse"]:
            LessonProgress.create(user=who, module_id="m", lesson_id=value, started_at=ago(1))
        found = {lesson for (lesson,) in LessonProgress.select(LessonProgress.lesson_id)
                 .where(one_of(LessonProgress.lesson_id, values)).tuples()}
        sql, parameters = LessonProgress.select().where(one_of(LessonProgress.lesson_id, values)).sql()
    assert found == set(values)
    assert len(parameters) == 1, (sql, parameters)  # the whole list is one value


def report_statements(make_app, tmp_path, lessons: int) -> tuple[int, int]:
    """Run every report over a course of 3 modules x `lessons` lessons; return (statements, the longest's length)."""
    root = tmp_path / f"course-{lessons}"
    root.mkdir()
    write_course(root, 3, lessons)
    (root / "02-module-2" / "00-pledge.md").write_text(PLEDGE)  # a confirmation lesson: its own list
    app = make_app(KURS_LESSONS_DIR=str(root))
    db = app.extensions["kurs_db"]
    fresh_schema(db)
    course = app.extensions["kurs_catalog"].course()
    assert not course.errors, course.errors
    with app.app_context(), database.connection_context():
        people = [person(f"p{i}@example.com", department="Service" if i % 2 else "Sales") for i in range(4)]
        for who in people[:3]:
            for module in course.modules:
                for lesson in module.lessons[:2]:
                    LessonProgress.create(user=who, module_id=module.id, lesson_id=lesson.id, started_at=ago(3),
                                          completed_at=ago(2))
        quiz = course.modules[0].lessons[-1]
        attempt(people[0], course.modules[0].id, quiz.id, ago(1), [("q1", "Right?", "Yes", True)])
        assignment(course.modules[1].id, ago(1), department="Service")
        with captured_sql() as statements:
            reports.module_summary(course)
            reports.completion_by_department(course)
            reports.matrix(course)
            reports.matrix(course, reports.Scope(department="Service"))
            reports.full_matrix(course)
            reports.overdue(course)
            reports.quiz_lessons(course)
            reports.item_analysis(course, course.modules[0].id, quiz.id)
    db.close()
    return len(statements), max(len(sql) for sql, _ in statements)


def test_the_reports_statements_stay_the_same_length_for_a_longer_course(make_app, tmp_path):
    # SQLite keeps every statement compiled in each connection (thread) that ran it: with one
    # placeholder per lesson, a 5,000-lesson course's report statements took about 1 MB each
    assert report_statements(make_app, tmp_path, 2) == report_statements(make_app, tmp_path, 30)


def test_the_query_for_many_counts_a_confirmation_of_todays_text_and_only_that(app, lessons_dir):
    (lessons_dir / "02-advanced" / "03-pledge.md").write_text(PLEDGE)
    course = app.extensions["kurs_catalog"].course()
    pledge = course.lesson("advanced", "pledge")
    with app.app_context(), database.connection_context():
        today, earlier, other = person("today@example.com"), person("earlier@example.com"), person("o@example.com")
        for who, confirmed in ((today, pledge.content_hash), (earlier, "an-earlier-text")):
            LessonProgress.create(user=who, module_id="advanced", lesson_id="pledge", started_at=ago(3),
                                  completed_at=ago(2), confirmed_hash=confirmed)
        ids = [today.id, earlier.id, other.id]
        many = read_progress(course, ids)
        everyone = read_progress(course, User.select(User.id))
        alone = {who: read_progress(course, [who]) for who in ids}
    assert many[(today.id, "advanced")] == Done(1, ago(2), ago(2), 1)
    assert many[(earlier.id, "advanced")] == Done(0, None, None, 1)
    assert everyone == many == {k: v for who in ids for k, v in alone[who].items()}

