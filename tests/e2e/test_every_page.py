"""axe-core (WCAG 2 A/AA) on every page, for every role, at 1,280 and 375 px, over the demo company (issue 13).

Zero serious or critical violations is the bar. One server and one company serve the whole module
(building the company costs more than checking it); each role signs in once per width. The pages
are listed in tests/e2e/pages.py, which tests/test_page_coverage.py holds against app.url_map.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from builders import quiz_form
from conftest import FAST_HASH, PASSWORD, fresh_schema
from werkzeug.security import generate_password_hash
from werkzeug.serving import make_server

from course.app import create_app
from course.commands.demo import build_demo
from course.content.scoring import read_answers
from course.db import database
from course.domain import attempts, managers, progress, replies, tokens, verification
from course.domain.certificate import course_completion
from course.models import Mail, QuizAttempt, Reply, ReplyReview, User, utcnow

from .axe import serious
from .helpers import SHIPPED_COURSE, sign_in
from .pages import PAGES

pytestmark = pytest.mark.slow
SIZES = {"1280px": {"width": 1280, "height": 800}, "375px": {"width": 375, "height": 740}}


@dataclass
class Site:
    url: str
    values: dict


def _person(email: str, name: str, department: str, role: str = "learner", password: bool = True) -> User:
    hashed = generate_password_hash(PASSWORD, method=FAST_HASH) if password else ""
    return User.create(email=email, name=name, department=department, role=role, password_hash=hashed)


def _pass_everything(course, person: User, reviewer: User) -> None:
    """Complete every lesson of the course, quizzes passed, confirmations given, exercises answered with their model."""
    for module in course.modules:
        for lesson in module.lessons:
            for exercise in lesson.exercises:
                sent = replies.submit_reply(person, lesson, exercise, exercise.model, course.contract)
                if exercise.done == "review":
                    ReplyReview.create(reply=sent.reply, reviewer=reviewer, comment="Calm and clear.")
            if lesson.has_quiz:
                answers, _ = read_answers(lesson.questions, quiz_form(lesson))
                attempts.submit_attempt(person, lesson, attempts.open_attempt(person, lesson).token, answers)
            elif lesson.asks_confirmation:
                progress.record_confirmed(person, lesson, lesson.content_hash)
            else:
                progress.record_completed(person, lesson)


def _populate(course) -> dict:
    build_demo(course, size=200)
    someone = User.get(User.email.endswith("@nordwind.example") & (User.role == "learner"))
    _person("ada@example.com", "Ada Admin", "IT", role="admin")
    tina = _person("tina@example.com", "Tina Trainer", "Training", role="trainer")
    manager = _person("max@example.com", "Max Manager", someone.department, role="manager")
    managers.set_departments(manager, [someone.department])
    lena = _person("lena@example.com", "Lena Berger", someone.department)
    first = course.modules[0]
    quiz = next(lesson for lesson in first.lessons if lesson.has_quiz)
    for lesson in first.lessons:
        if not lesson.has_quiz:
            progress.record_completed(lena, lesson)
    answers, _ = read_answers(quiz.questions, quiz_form(quiz, right=False))
    attempts.submit_attempt(lena, quiz, attempts.open_attempt(lena, quiz).token, answers)
    gina = _person("gina@example.com", "Gina Graduate", "Service")
    _pass_everything(course, gina, tina)
    completion = course_completion(course, gina)
    certificate = verification.certificate_for(gina, course.title, completion.completed_at, completion.valid_until)
    newcomer = _person("new@example.com", "Nina Neu", "Service", password=False)
    Mail.create(key="invitation:broken", kind="invitation", user=newcomer, status="given-up", attempts=5, error_kind="recipient",
                last_error="550 5.1.1 <new@example.com>: no such mailbox", next_attempt_at=utcnow())
    # a reply to an exercise (the trainer's review pages); the shipped course names none yet, so one gone from the files
    reply = Reply.create(user=lena, module_id=quiz.module_id, lesson_id=quiz.id, exercise_key="practice", version=1,
                         content_hash="x", text="Das tut uns leid! Schreiben Sie uns eine Direktnachricht.\nLena", passed=True)
    table = next(lesson for module in course.modules for lesson in module.lessons if "<table" in lesson.html)
    return {"token": tokens.issue_token(newcomer), "code": certificate.code, "module": first.id, "lesson": first.lessons[0].id,
            "quiz_module": quiz.module_id, "quiz": quiz.id, "attempt": QuizAttempt.get(QuizAttempt.user == lena).id,
            "table_module": table.module_id, "table_lesson": table.id, "someone": someone.id, "colleague": someone.id,
            "lena": lena.id, "gina": gina.id, "reply": reply.id, "newcomer": newcomer.id, "lesson_file": "/".join(Path(first.lessons[0].path).parts[-2:])}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The shipped course and the demo company on one server for the whole module."""
    root = tmp_path_factory.mktemp("every-page")
    shutil.copytree(SHIPPED_COURSE, root / "lessons")
    app = create_app({"DATABASE_URL": f"sqlite:///{root / 'kurs.db'}", "KURS_LESSONS_DIR": str(root / "lessons"),
                      "SECRET_KEY": "test-secret", "KURS_PASSWORD_METHOD": FAST_HASH, "KURS_RELOAD_INTERVAL": 0,
                      "KURS_RENDER_CACHE": str(root / "render-cache"), "KURS_LANGUAGE": "en",
                      "KURS_OUTBOX": str(root / "outbox"), "TESTING": True})
    db = app.extensions["kurs_db"]
    fresh_schema(db)
    with app.app_context(), database.connection_context():
        values = _populate(app.extensions["kurs_catalog"].course())
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield Site(f"http://127.0.0.1:{server.server_port}", values)
    server.shutdown()
    thread.join(timeout=5)
    server.server_close()
    if not database.is_closed():
        database.close()


@pytest.fixture
def visit(browser, site):
    """Open a browser context at a width, signed in as an account (or not); closed after the test."""
    contexts = []

    def open_(size: str, email: str | None = None):
        context = browser.new_context(viewport=SIZES[size], base_url=site.url)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)  # axe over a page of 50 people takes a while on a busy machine
        if email:
            sign_in(page, email, PASSWORD)
        return page

    yield open_
    for context in contexts:
        context.close()


class Findings:
    """Serious and critical violations by page and width."""

    def __init__(self, size: str):
        self.size, self.found = size, {}

    def check(self, page, where: str) -> None:
        for v in serious(page):
            self.found.setdefault(f"{where} @{self.size}", []).append(v)

    def visit(self, page, path: str, status: int = 200) -> None:
        response = page.goto(path)
        assert response.status == status, f"{path} answered {response.status}"
        self.check(page, path)

    def report(self) -> str:
        return "\n".join(f"{where}: {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}"
                         for where, items in self.found.items() for v in items)


def check_pages(page, findings: Findings, role: str, values: dict) -> None:
    for endpoint, paths in PAGES[role].items():
        for path in paths:
            status = 404 if "UNKNOWN" in path or path == "/nowhere" else 403 if endpoint == "errors" else 200
            findings.visit(page, path.format(**values), status)


ACCOUNTS = {"anon": None, "learner": "lena@example.com", "graduate": "gina@example.com", "manager": "max@example.com",
            "trainer": "tina@example.com", "admin": "ada@example.com"}


@pytest.fixture
def axe_session(visit, site):
    """`with axe_session(role, size) as (page, findings):` signs the role in at the width and checks its listed pages;
    the body checks more (forms and what they lead to, findings.check); any serious violation fails at the end."""

    @contextmanager
    def session(role: str, size: str) -> Iterator[tuple[object, Findings]]:
        findings = Findings(size)
        page = visit(size, ACCOUNTS[role])
        check_pages(page, findings, role, site.values)
        yield page, findings
        assert not findings.found, "axe found serious or critical violations:\n" + findings.report()

    return session


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("role", ["anon", "graduate", "manager"])
def test_every_page_of_the_role(axe_session, role, size):
    with axe_session(role, size):
        pass  # the role's listed pages are all there is to check


@pytest.mark.parametrize("size", SIZES)
def test_every_page_of_a_learner_and_a_quiz_with_problems(axe_session, site, size):
    with axe_session("learner", size) as (page, findings):
        page.goto("/learn/{quiz_module}/{quiz}".format(**site.values))
        with page.expect_navigation():
            page.click("#submit-quiz")  # nothing answered: every question marked
        findings.check(page, "quiz with problems")
        page.goto("/login")
        page.evaluate("() => document.querySelector('input[name=csrf_token]').value = 'forged'")
        with page.expect_navigation():
            page.click("button[type=submit]")  # signed in already: the form posts back to the sign-in page
        findings.check(page, "a form sent with a forged token (400)")


@pytest.mark.parametrize("size", SIZES)
def test_every_page_of_a_trainer_and_the_editors_answers(axe_session, site, size):
    with axe_session("trainer", size) as (page, findings):
        page.goto("/train/content/edit/{lesson_file}".format(**site.values))
        page.locator("#source").fill("---\ntitle: Broken\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n![gone](gone.png)\n")
        page.click("#preview-button")
        page.wait_for_selector("#preview .errors, #preview [data-line]")
        findings.check(page, "editor with a preview and an error")
        page.goto("/train/content/upload")
        page.set_input_files("#upload-files", {"name": "broken.md", "mimeType": "text/markdown",
                                               "buffer": b"---\ntitle: Broken\n---\n\n![gone](gone.png)\n"})
        with page.expect_navigation():
            page.click("#upload-button")
        findings.check(page, "upload with an error")


@pytest.mark.parametrize("size", SIZES)
def test_every_page_of_an_admin_and_the_pages_forms_lead_to(axe_session, site, size):
    with axe_session("admin", size) as (page, findings):
        page.goto("/people/{newcomer}".format(**site.values))
        with page.expect_navigation():
            page.click("#issue-link")
        findings.check(page, "a new link for one person")
        page.goto("/people/")
        with page.expect_navigation():
            page.click("#bulk-links")
        findings.check(page, "new links for everyone without a password")
        page.goto("/people/import")
        page.set_input_files("#file", {"name": "people.csv", "mimeType": "text/csv", "buffer": (
            f"email,name,department\n{size}@example.com,Ina Import,Service\nnot-an-email,Nobody,Service\n").encode()})
        with page.expect_navigation():
            page.click("#preview-import")
        findings.check(page, "an import's preview")
        with page.expect_navigation():
            page.click("#confirm-import-button")
        findings.check(page, "an import done, with its links")
