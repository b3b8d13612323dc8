"""Where a lesson page's time goes, measured in one process: the figures behind the README's limits."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import note, work_dir
from bench.data import EARLY_LESSONS, bench_site
from bench.sessions import signed_in

LESSON = "/learn/module-7/lesson-301"
SUBMISSIONS = 150  # per timed round of the quiz submission


def per_call(fn: Callable[[], object], n: int = 400) -> float:
    """Return the best of three mean times of fn, in microseconds."""
    fn()
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(n):
            fn()
        best = min(best, (time.perf_counter() - start) / n)
    return best * 1e6


def main() -> bool:
    from flask import g, render_template

    from bench import minimal
    from bench.apps import hello
    from course import create_app
    from course.db import database
    from course.domain import progress
    from course.models import User
    from course.web import auth

    work = work_dir()
    env = bench_site(work, "breakdown", 1000, EARLY_LESSONS)
    db_path = Path(env["BENCH_SQLITE_PATH"])
    os.environ.update({name: env[name] for name in ("DATABASE_URL", "KURS_LESSONS_DIR", "SECRET_KEY")})
    app = create_app({"KURS_RENDER_CACHE": env["BENCH_RENDER_CACHE"]})
    cookie, _ = signed_in(app, 1)
    client = app.test_client()
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie.split("=", 1)[1])
    bare = hello.test_client()
    course = app.extensions["kurs_catalog"].course()
    module = course.module("module-7")
    lesson = module.lesson("lesson-301")
    os.environ.update({"BENCH_RENDER_CACHE": env["BENCH_RENDER_CACHE"], "BENCH_SQLITE_PATH": env["BENCH_SQLITE_PATH"],
                       "BENCH_MINIMAL_LESSON": LESSON.removeprefix("/learn/")})
    same = minimal.app().test_client()
    same.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie.split("=", 1)[1])
    figures = {
        "bare Flask hello world (test client)": per_call(lambda: bare.get("/")),
        "Kurs lesson page (test client)": per_call(lambda: client.get(LESSON)),
        "minimal lesson page, bench/minimal.py (test client)": per_call(lambda: same.get(LESSON)),
    }
    with app.test_request_context(LESSON):
        database.connect(reuse_if_open=True)
        user = User.get_by_id(1)
        g.user = user
        conn = database.connection()
        before, after = module.neighbours(lesson.id)
        figures.update({
            "  load the signed-in person (peewee)": per_call(lambda: User.get_or_none(User.id == 1)),
            "  the same row, SQL prepared once (auth.load_user)": per_call(lambda: auth._USER_BY_ID.first(User, id=1)),
            "  the same row by raw sqlite3": per_call(lambda: conn.execute('SELECT * FROM "user" WHERE id = ?', (1,)).fetchone()),
            "  peewee building that SQL, not running it": per_call(lambda: User.select().where(User.id == 1).limit(1).sql()),
            "  record 'started', read 'done' (one query)": per_call(lambda: progress.record_started(user, lesson)),
            "  (dashboard) the person's completed lessons": per_call(lambda: progress.completed_lessons(user)),
            "  render the lesson template": per_call(lambda: render_template(
                "learn/lesson.html", module=module, lesson=lesson, before=before, after=after, quiz=None, done=False,
                language=course.language, position=1)),
        })
    figures.update(quiz_submission(app, course, db_path))
    for name, micro in figures.items():
        note(f"{name}: {micro:.0f} µs")
    return True


def quiz_submission(app, course, db_path) -> dict[str, float]:
    """Time quiz submissions in process and count the SQL statements each one runs."""
    import logging
    from urllib.parse import urlencode

    from bench.quiz import LESSON as QUIZ_LESSON
    from bench.quiz import MODULE, PATH, open_attempts, right_answers

    lesson = course.lesson(MODULE, QUIZ_LESSON)
    # one submission per person, as in bench/quiz.py (a person's status reads only their attempts)
    people = range(100, 100 + 4 * SUBMISSIONS + 2)
    tokens = open_attempts(db_path, list(people), lesson, 1)
    forms = iter([(signed_in(app, uid), tokens[uid][0]) for uid in people])
    client = app.test_client()
    answers = right_answers(lesson)
    statements = []

    def submit():
        (cookie, csrf), token = next(forms)
        client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie.split("=", 1)[1])
        body = urlencode([("csrf_token", csrf), ("attempt", token), *answers])
        response = client.post(PATH, data=body, content_type="application/x-www-form-urlencoded")
        assert response.status_code == 302, response.status_code

    class Count(logging.Handler):
        def emit(self, record):
            statements.append(record.msg)

    logger = logging.getLogger("peewee")
    handler = Count()
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    submit()
    logger.removeHandler(handler)
    logger.setLevel(logging.WARNING)
    micro = per_call(submit, n=SUBMISSIONS)
    return {f"quiz submission, {len(statements)} SQL statements (test client)": micro}


if __name__ == "__main__":
    sys.exit(0 if main() else 1)
