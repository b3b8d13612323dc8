"""Several Kurs servers on one database and one course folder (issue 17, item 6).

Two gunicorn processes, each with its own instance folder and render cache, share the test's
database (PostgreSQL when TEST_DATABASE_URL is set) and the course folder: a lesson published in
the browser on the first is served by the second within 2 seconds, with the same history on both.
A session cookie from one is good on the other: they share one SECRET_KEY.
"""

from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import PASSWORD, database_url  # noqa: F401 - database_url is a fixture
from test_concurrency import Browser

from course.config import PROJECT_ROOT

LESSON = "01-basics/01-welcome.md"


def start(name: str, database: str, lessons_dir: Path, tmp_path: Path) -> tuple[subprocess.Popen, int]:
    instance = tmp_path / name
    instance.mkdir()
    log = instance / "gunicorn.log"
    env = {**os.environ, "DATABASE_URL": database, "KURS_LESSONS_DIR": str(lessons_dir), "SECRET_KEY": "one key for all",
           "KURS_BASE_URL": "http://127.0.0.1", "KURS_INSTANCE_PATH": str(instance), "KURS_LANGUAGE": "en"}
    command = [sys.executable, "-m", "gunicorn", "--workers", "1", "--threads", "4", "--bind", "127.0.0.1:0",
               "--error-logfile", str(log), "--capture-output", "app:app"]
    process = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and process.poll() is None:
        text = log.read_text() if log.exists() else ""
        found = re.search(r"Listening at: http://127\.0\.0\.1:(\d+)", text)
        if found and "Booting worker" in text:
            return process, int(found.group(1))
        time.sleep(0.05)
    process.terminate()
    raise AssertionError(f"gunicorn {name} did not start: {log.read_text() if log.exists() else 'no log'}")


def history(browser: Browser) -> list[str]:
    status, _, page = browser.request("GET", f"/train/content/history/{LESSON}")
    assert status == 200
    return [re.sub(r"\s+", " ", html.unescape(h)) for h in re.findall(r'<article class="card version"[^>]*>\s*<h2[^>]*>(.*?)</h2>', page, re.S)]


@pytest.mark.slow
def test_a_publish_on_one_server_is_live_on_the_other_within_two_seconds(app, make_user, lessons_dir, database_url, tmp_path):  # noqa: F811
    make_user("admin@example.com", role="admin")
    make_user("trainer@example.com", role="trainer", name="Tina Trainer")
    servers = [start(name, database_url, lessons_dir, tmp_path) for name in ("first", "second")]
    try:
        first, second = (Browser(port) for _, port in servers)
        csrf, _ = first.form("/login")
        assert first.request("POST", "/login", {"email": "trainer@example.com", "password": PASSWORD, "csrf_token": csrf})[0] == 302
        second.cookies = first.cookies  # the same browser behind a load balancer: one SECRET_KEY signs for both
        assert "Welcome" in second.request("GET", "/learn/basics/welcome")[2]  # warm: the second has loaded the course
        status, _, page = first.request("GET", f"/train/content/edit/{LESSON}")
        base = re.search(r'name="base" value="([^"]*)"', page).group(1)
        text = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S).group(1))
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        form = {"csrf_token": csrf, "base": base, "text": text + "\nPublished on the first server.\n", "action": "publish"}
        assert first.request("POST", f"/train/content/edit/{LESSON}", form)[0] == 302
        published = time.monotonic()
        while "Published on the first server." not in second.request("GET", "/learn/basics/welcome")[2]:
            assert time.monotonic() - published < 2, "the second server did not serve the publish within 2 s"
            time.sleep(0.05)
        versions = history(first)
        assert len(versions) == 2 and "Tina Trainer" in versions[0]
        assert history(second) == versions
    finally:
        for process, _ in servers:
            process.terminate()
            process.wait(timeout=10)
