"""Many people at once, under the real server: gunicorn with two worker processes on a loopback port.

Sixteen people sign in, mark a lesson done and submit a quiz at the same moment, each submitting
the same form twice at once (a double click): every submission is recorded exactly once, and
no request fails ("database is locked" or otherwise).
"""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import PASSWORD, database_url  # noqa: F401 - database_url is a fixture

from course.config import PROJECT_ROOT
from course.db import database
from course.models import LessonProgress, QuestionResponse, QuizAttempt

PEOPLE = 16
WORKERS = 2


class Browser:
    """One person's browser: cookies kept, redirects not followed."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.lock = threading.Lock()

    def request(self, method: str, path: str, form: dict | None = None) -> tuple[int, str, str]:
        """Send one request; return status, Location and body."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        with self.lock:
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        with self.lock:
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, value = cookie.split(";")[0].partition("=")
                self.cookies[name] = value
        return response.status, response.headers.get("Location", ""), text

    def form(self, path: str) -> tuple[str, str]:
        """Open a page; return its CSRF token and quiz attempt token (if any)."""
        status, _, html = self.request("GET", path)
        assert status == 200, (path, status)
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
        attempt = re.search(r'name="attempt" value="([^"]+)"', html)
        return csrf, attempt.group(1) if attempt else ""


@pytest.fixture
def server(app, make_user, lessons_dir, database_url, tmp_path):  # noqa: F811
    """Serve the test's database and course with gunicorn; yield the port."""
    make_user("admin@example.com", role="admin")
    for n in range(PEOPLE):
        make_user(f"p{n}@example.com")
    log = tmp_path / "gunicorn.log"
    env = {**os.environ, "DATABASE_URL": database_url, "KURS_LESSONS_DIR": str(lessons_dir), "SECRET_KEY": "concurrency",
           "KURS_BASE_URL": "http://127.0.0.1"}
    command = [
        sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--threads", "4",
        "--bind", "127.0.0.1:0", "--error-logfile", str(log), "--capture-output", "app:app",
    ]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port = wait_until_listening(process, log)
        yield port, log
    finally:
        process.terminate()
        process.wait(timeout=10)


def wait_until_listening(process, log: Path) -> int:
    """Read gunicorn's port from its log (bound to port 0: no race for a free port), then wait for its workers."""
    deadline = time.monotonic() + 15
    port = None
    while time.monotonic() < deadline and process.poll() is None:
        text = log.read_text() if log.exists() else ""
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", text)
        if found:
            port = int(found.group(1))
        if port and text.count("Booting worker") >= WORKERS:
            return port
        time.sleep(0.05)
    raise AssertionError(f"gunicorn did not start: {log.read_text() if log.exists() else 'no log'}")


def answers_for(course) -> dict:
    data = {}
    for q in course.lesson("basics", "quiz").questions:
        if q.kind == "gap":
            data.update({f"q-{q.key}-{i}": accepted[0] for i, accepted in enumerate(q.gaps)})
        else:
            data[f"q-{q.key}"] = [o.key for o in q.options if o.correct]
    return data


def take_the_course(port: int, email: str, answers: dict, start: threading.Barrier, failures: list) -> None:
    """Sign in, mark the first lesson done, and submit the quiz twice at once."""
    try:
        browser = Browser(port)
        csrf, _ = browser.form("/login")
        start.wait()
        status, location, _ = browser.request("POST", "/login", {"email": email, "password": PASSWORD, "csrf_token": csrf})
        assert (status, location) == (302, "/"), (email, status, location)
        csrf, _ = browser.form("/learn/basics/welcome")
        status, _, _ = browser.request("POST", "/learn/basics/welcome/done", {"csrf_token": csrf})
        assert status == 302, (email, "done", status)
        csrf, token = browser.form("/learn/basics/quiz")
        form = {"csrf_token": csrf, "attempt": token, **answers}
        results = []
        twice = threading.Barrier(2)

        def submit():
            twice.wait()
            results.append(browser.request("POST", "/learn/basics/quiz/quiz", form))

        clicks = [threading.Thread(target=submit) for _ in range(2)]
        for click in clicks:
            click.start()
        for click in clicks:
            click.join()
        assert [r[0] for r in results] == [302, 302], (email, [r[:2] for r in results])
        assert results[0][1] == results[1][1] and "/attempts/" in results[0][1], (email, results[0][1], results[1][1])
    except Exception as exc:  # collected: a thread's assertion would otherwise vanish
        failures.append(repr(exc))


@pytest.mark.slow
def test_many_people_at_once_are_each_recorded_exactly_once(server, app, course):
    port, log = server
    answers = answers_for(course)
    start = threading.Barrier(PEOPLE)
    failures: list[str] = []
    people = [
        threading.Thread(target=take_the_course, args=(port, f"p{n}@example.com", answers, start, failures))
        for n in range(PEOPLE)
    ]
    for person in people:
        person.start()
    for person in people:
        person.join(timeout=60)
    assert not any(person.is_alive() for person in people), "a person's session hung"
    text = log.read_text()
    assert not failures, "\n".join(failures[:5]) + "\n" + text[-3000:]
    assert "database is locked" not in text and "Traceback" not in text, text[-3000:]
    with app.app_context(), database.connection_context():
        submitted = QuizAttempt.select().where(QuizAttempt.submitted_at.is_null(False))
        assert submitted.count() == PEOPLE
        assert len({a.user_id for a in submitted}) == PEOPLE  # one each
        assert all(a.passed for a in submitted)
        assert QuestionResponse.select().count() == PEOPLE * len(course.lesson("basics", "quiz").questions)
        done = LessonProgress.select().where(LessonProgress.completed_at.is_null(False))
        assert done.where(LessonProgress.lesson_id == "welcome").count() == PEOPLE
        assert done.where(LessonProgress.lesson_id == "quiz").count() == PEOPLE
