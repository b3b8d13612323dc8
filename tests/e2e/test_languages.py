"""A learner who switches language in the middle of a two-language course, in a real browser."""

from __future__ import annotations

import pytest
from conftest import PASSWORD

from course.db import database
from course.models import LessonProgress, QuizAttempt, User

from .helpers import sign_in

pytestmark = pytest.mark.lessons("two-languages")


def speak(app, email: str, language: str) -> None:
    """Change a person's language as "My settings" does."""
    with app.app_context(), database.connection_context():
        User.update(language=language).where(User.email == email).execute()


def test_switching_language_mid_course_keeps_progress_attempts_and_place(page, app, make_user):
    make_user("admin@example.com", role="admin")
    make_user("lena@example.com", name="Lena Learner", language="en")
    sign_in(page, "lena@example.com", PASSWORD)
    assert page.inner_text("h1") == "Social media at work"
    with page.expect_navigation():
        page.click("#continue")
    assert page.inner_text("article h1") == "Welcome"
    assert page.get_attribute("article h1", "lang") == "en"
    assert "bild.en.svg" in page.get_attribute(".prose img", "src")
    with page.expect_navigation():
        page.click("#mark-done")
    assert page.inner_text("article h1") == "Knowledge check"
    token = page.get_attribute("input[name=attempt]", "value")

    speak(app, "lena@example.com", "de")  # in the middle of the quiz
    page.reload()
    assert page.inner_text("article h1") == "Wissenstest"
    assert page.get_attribute("input[name=attempt]", "value") == token  # the same attempt
    questions = page.locator("fieldset.question")
    questions.nth(0).get_by_label("Danken und eine private Nachricht anbieten.", exact=True).check()
    for label in ("Bestellnummer", "Telefonnummer"):
        questions.nth(1).get_by_label(label, exact=True).check()
    questions.nth(2).get_by_label("Richtig", exact=True).check()
    questions.nth(3).locator("input.gap").fill("Sie")
    with page.expect_navigation():
        page.click("#submit-quiz")
    assert page.locator(".response.right").count() == 4

    page.goto("/learn/grundlagen/nur-deutsch")
    assert page.locator("#untranslated").count() == 0  # German: no note on a German lesson
    speak(app, "lena@example.com", "en")
    page.reload()
    assert "not available in English yet" in page.inner_text("#untranslated")
    with app.app_context(), database.connection_context():
        done = {row.lesson_id for row in LessonProgress.select() if row.completed_at}
        assert done == {"willkommen", "test"}
        assert QuizAttempt.select().where(QuizAttempt.submitted_at.is_null(False)).count() == 1
    page.goto("/")
    assert "Nur auf Deutsch" in page.inner_text("#continue")  # the place: the next lesson, whatever the language
    assert not page.watch.console_errors and not page.watch.dialogs
