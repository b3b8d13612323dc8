"""`flask mail send-due` as cron runs it: separate processes on one database, a real SMTP sink.

Two runs started at the same moment send each mail exactly once; a run killed half-way is
resumed by the next run without sending any mail twice.
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

import pytest
from mailsink import Sink, start

from course.config import PROJECT_ROOT
from course.db import database
from course.models import Mail, utcnow

PEOPLE = 30


@pytest.fixture
def due_soon(app, make_user):
    """PEOPLE learners whose mandatory module is due in four days, and one trainer (a digest)."""
    make_user("trainer@example.com", role="trainer")
    created = utcnow() - timedelta(days=10)
    return [make_user(f"p{n:02d}@example.com", created_at=created).email for n in range(PEOPLE)] + ["trainer@example.com"]


def command(database_url: str, lessons_dir, port: int, tmp_path) -> tuple[list[str], dict]:
    env = {**os.environ, "DATABASE_URL": database_url, "KURS_LESSONS_DIR": str(lessons_dir), "SECRET_KEY": "mail",
           "KURS_SMTP_URL": f"smtp://127.0.0.1:{port}", "KURS_RENDER_CACHE": str(tmp_path / "render-cache")}
    return [sys.executable, "-m", "flask", "--app", "app", "mail", "send-due"], env


def counted(sink: Sink) -> collections.Counter:
    return collections.Counter(sink.to())


@pytest.mark.slow
def test_two_runs_at_the_same_moment_send_each_mail_once(app, due_soon, database_url, lessons_dir, tmp_path):
    sink = Sink()
    controller, _ = start(sink)
    try:
        args, env = command(database_url, lessons_dir, controller.port, tmp_path)
        runs = [subprocess.Popen(args, cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 text=True) for _ in range(2)]
        outputs = [run.communicate(timeout=120)[0] for run in runs]
        assert [run.returncode for run in runs] == [0, 0], outputs
        assert counted(sink) == collections.Counter(due_soon)  # everyone once, nobody twice
        with app.app_context(), database.connection_context():
            assert Mail.select().count() == len(due_soon)
            assert {m.status for m in Mail.select()} == {"sent"}
    finally:
        controller.stop()


@pytest.mark.slow
def test_a_killed_run_is_resumed_without_duplicates(app, due_soon, database_url, lessons_dir, tmp_path):
    sink = Sink(stall_after=10)  # the 11th mail hangs until the run is killed
    controller, _ = start(sink)
    try:
        args, env = command(database_url, lessons_dir, controller.port, tmp_path)
        run = subprocess.Popen(args, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert sink.stalled.wait(60), "the run never reached the 11th mail"
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=10)
        sink.release.set()
        time.sleep(0.1)
        assert len(sink.received) == 10
        with app.app_context(), database.connection_context():
            assert Mail.select().where(Mail.status == "sending").count() == 1  # the one it was sending
            assert Mail.select().count() == len(due_soon)  # all recorded before any was sent
        again = subprocess.run(args, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120)
        assert again.returncode == 0, again.stdout + again.stderr
        assert counted(sink) == collections.Counter(due_soon)
        with app.app_context(), database.connection_context():
            assert {m.status for m in Mail.select()} == {"sent"}
    finally:
        controller.stop()
