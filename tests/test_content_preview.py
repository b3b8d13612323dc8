"""The content page links each lesson; a trainer reads it as a preview that records nothing (issue 13, item 9)."""

from __future__ import annotations

from course.db import database
from course.models import LessonProgress, QuizAttempt


def test_the_content_page_links_every_lesson_as_a_preview(client, make_user, auth, course):
    make_user("admin@example.com", role="admin")
    make_user("tina@example.com", role="trainer")
    auth.login("tina@example.com")
    html = client.get("/train/content").get_data(as_text=True)
    for module in course.modules:
        for lesson in module.lessons:
            assert f'<a href="/learn/{module.id}/{lesson.id}?preview=1">{lesson.title}</a>' in html


def test_a_preview_records_no_progress_and_opens_no_attempt(client, make_user, auth, app):
    make_user("admin@example.com", role="admin")
    make_user("tina@example.com", role="trainer")
    auth.login("tina@example.com")
    reading = client.get("/learn/basics/welcome?preview=1").get_data(as_text=True)
    assert 'id="preview-banner"' in reading and 'id="mark-done"' not in reading
    assert 'href="/learn/basics/quiz?preview=1"' in reading  # the next lesson stays a preview
    quiz = client.get("/learn/basics/quiz?preview=1").get_data(as_text=True)
    assert "Question 1 of 4" in quiz and 'id="submit-quiz" disabled' in quiz and 'name="attempt"' not in quiz
    with app.app_context(), database.connection_context():
        assert LessonProgress.select().count() == 0 and QuizAttempt.select().count() == 0
    client.get("/learn/basics/welcome")  # without preview: their own progress, as for anyone
    with app.app_context(), database.connection_context():
        assert LessonProgress.select().count() == 1


def test_a_learner_cannot_preview(client, learner, app):
    html = client.get("/learn/basics/welcome?preview=1").get_data(as_text=True)
    assert 'id="preview-banner"' not in html
    with app.app_context(), database.connection_context():
        assert LessonProgress.select().count() == 1  # recorded as usual


def test_the_person_record_groups_lessons_by_module_title_folded(client, make_user, auth, app, course):
    """Issue 13, item 10: titles, not module ids; one folded group per module instead of a long table of dashes."""
    from course.domain import progress

    make_user("admin@example.com", role="admin")
    make_user("tina@example.com", role="trainer")
    ann = make_user("ann@example.com", name="Ann")
    with app.app_context(), database.connection_context():
        progress.record_completed(ann, course.lesson("basics", "welcome"))
    auth.login("tina@example.com")
    html = client.get(f"/train/reports/people/{ann.id}").get_data(as_text=True)
    basics = html.split('<details class="lesson-group" id="lessons-basics">', 1)[1].split("</details>", 1)[0]
    assert "<summary>Basics <span class=\"hint\">1 of 2 lessons completed</span></summary>" in basics
    assert "Welcome" in basics and "not opened yet" in basics
    assert '<details class="lesson-group" id="lessons-advanced">' in html
    assert '<span class="hint">basics</span>' not in html  # no bare module ids under the titles
