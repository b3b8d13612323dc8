"""A person's lessons as the dashboard and the module page read them: plain rows, one statement."""

from __future__ import annotations

from datetime import datetime

from test_indexes import captured_sql

from course.db import database
from course.domain import progress
from course.models import LessonProgress

OPENED = datetime(2025, 6, 1, 9, 0)


def test_lesson_times_are_the_stored_lessons_and_times_of_that_person(app, make_user):
    person, other = make_user(), make_user("other@example.com")
    with app.app_context(), database.connection_context():
        LessonProgress.create(user=person, module_id="basics", lesson_id="welcome", started_at=OPENED,
                              completed_at=datetime(2025, 6, 1, 9, 30, 15, 123456))
        LessonProgress.create(user=person, module_id="basics", lesson_id="quiz", started_at=OPENED,
                              completed_at=datetime(2025, 6, 2, 8, 0))  # stored without a fraction of a second
        LessonProgress.create(user=person, module_id="advanced", lesson_id="reading", started_at=OPENED)
        LessonProgress.create(user=other, module_id="advanced", lesson_id="final", started_at=OPENED, completed_at=OPENED)
        started, completed = progress.lesson_times(person)
        stored = {(r.module_id, r.lesson_id): r.completed_at for r in LessonProgress.select().where(LessonProgress.user == person)}
    assert started == set(stored) == {("basics", "welcome"), ("basics", "quiz"), ("advanced", "reading")}
    assert completed == {key: at for key, at in stored.items() if at is not None}
    assert completed[("basics", "welcome")] == datetime(2025, 6, 1, 9, 30, 15, 123456)


def test_the_dashboard_reads_a_persons_lessons_in_one_statement_however_many(client, learner, app):
    assert client.get("/").status_code == 200
    with captured_sql() as few:
        client.get("/")
    with app.app_context(), database.connection_context():
        LessonProgress.insert_many([
            {"user": learner.id, "module_id": "old", "lesson_id": f"lesson-{i}", "started_at": OPENED, "completed_at": OPENED}
            for i in range(300)
        ]).execute()
    with captured_sql() as many:
        html = client.get("/").get_data(as_text=True)
    assert len(many) == len(few)
    assert sum('FROM "lesson_progress"' in sql for sql, _ in many) == 2  # the standings' sums and the lessons themselves
    assert "Basics" in html
