"""The main journeys in a real browser: first run, and a learner from sign-in to a passed quiz."""

from __future__ import annotations

from urllib.parse import urlsplit

from conftest import PASSWORD

from course.db import database
from course.models import QuizAttempt, User

from .helpers import sign_in


def progress_of(page, module_title: str) -> int:
    """Return the value of a module's progress bar on the dashboard."""
    return int(page.get_attribute(f"progress[aria-label='Progress in {module_title}']", "value"))


def test_first_run_setup_creates_the_admin_who_lands_on_the_dashboard(page, app):
    page.goto("/")
    assert page.url.endswith("/setup")
    page.fill("#name", "Ada Admin")
    page.fill("#email", "Ada@Example.com")
    page.fill("#department", "IT")
    page.fill("#password", PASSWORD)
    page.fill("#password2", PASSWORD)
    with page.expect_navigation():
        page.click("text=Create the admin account")
    assert urlsplit(page.url).path == "/"  # the dashboard
    assert "Your admin account is ready" in page.inner_text(".messages")
    assert page.inner_text("h1") == "Fixture course"
    assert page.inner_text(".who") == "Ada Admin"
    with app.app_context(), database.connection_context():
        admin = User.get(User.email == "ada@example.com")
        assert admin.role == "admin" and admin.department == "IT"
    page.goto("/setup")
    assert "Page not found" in page.inner_text("h1")  # setup is closed once someone exists


def test_learner_goes_from_sign_in_to_a_passed_quiz(page, make_user):
    make_user("admin@example.com", role="admin")
    make_user("lena@example.com", name="Lena Learner")
    sign_in(page, "lena@example.com", PASSWORD)
    assert progress_of(page, "Basics") == 0
    with page.expect_navigation():
        page.click("#continue")
    assert page.inner_text("h1") == "Welcome"
    with page.expect_navigation():
        page.click("#mark-done")
    assert page.inner_text("article h1") == "First check"
    assert "3 attempts left" in page.inner_text(".quiz .hint")

    # a wrong answer to every question
    answer_quiz(page, first="Hide the comment.", several=["First name"], true_false="True", gap="48")
    assert "Not passed yet" in page.inner_text(".result h1")
    assert "attempts left: 2" in page.inner_text(".result")
    assert "Hiding looks like censorship." in page.inner_text(".responses")  # the chosen answer's feedback
    assert page.locator(".response.wrong").count() == 4

    with page.expect_navigation():
        page.click("text=Try again")
    assert "2 attempts left" in page.inner_text(".quiz .hint")
    answer_quiz(page, first="Thank them and offer a private message.", several=["Order number", "Phone number"],
                true_false="False", gap="twenty-four")
    assert "Passed" in page.inner_text(".result h1")
    assert "100%" in page.inner_text(".score")  # English; German: 100\u00a0%
    assert page.locator(".response.right").count() == 4

    with page.expect_navigation():
        page.click("a.brand")
    assert progress_of(page, "Basics") == 100
    assert "2 of 2 lessons done" in page.inner_text(".module-card:has-text('Basics')")
    assert "Continue: Reading" in page.inner_text("#continue")
    assert not page.watch.console_errors and not page.watch.dialogs


def answer_quiz(page, first: str, several: list[str], true_false: str, gap: str, submit: bool = True) -> None:
    """Answer the fixture quiz by clicking labels and typing, then submit it (unless told not to)."""
    questions = page.locator("fieldset.question")
    questions.nth(0).get_by_label(first, exact=True).check()
    for text in several:
        questions.nth(1).get_by_label(text, exact=True).check()
    questions.nth(2).get_by_label(true_false, exact=True).check()
    questions.nth(3).locator("input.gap").fill(gap)
    if not submit:
        return
    with page.expect_navigation():
        page.click("#submit-quiz")


def test_quiz_sent_without_its_csrf_token_is_refused(page, make_user, app):
    make_user("admin@example.com", role="admin")
    make_user("lena@example.com")
    sign_in(page, "lena@example.com", PASSWORD)
    page.goto("/learn/basics/quiz")
    page.evaluate("document.querySelector('.quiz-form input[name=csrf_token]').remove()")
    with page.expect_navigation() as navigation:
        answer_quiz(page, first="Thank them and offer a private message.", several=["Order number", "Phone number"],
                    true_false="False", gap="24", submit=False)
        page.click("#submit-quiz")
    assert navigation.value.status == 400
    assert "The form had expired or was sent from elsewhere" in page.inner_text("main")
    with app.app_context(), database.connection_context():
        assert QuizAttempt.select().where(QuizAttempt.submitted_at.is_null(False)).count() == 0
    # the same answers with the token intact are accepted: only the token was missing
    page.goto("/learn/basics/quiz")
    answer_quiz(page, first="Thank them and offer a private message.", several=["Order number", "Phone number"],
                true_false="False", gap="24")
    assert "Passed" in page.inner_text(".result h1")
