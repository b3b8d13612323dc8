"""Security headers on every response, session cookie flags, and the generated secret key."""

from __future__ import annotations

import stat
import threading
from pathlib import Path

import pytest
from conftest import PASSWORD, csrf_token
from flask import Flask

from course import config
from course.web.security import CONTENT_SECURITY_POLICY

EXPECTED = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


def directives(policy: str) -> dict[str, list[str]]:
    """Split a Content-Security-Policy into {directive: [sources]}."""
    parts = [p.split() for p in policy.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def assert_protected(response):
    for name, value in EXPECTED.items():
        assert response.headers.get(name) == value, (name, response.request.path)
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'none'"], response.request.path


def test_policy_allows_no_inline_script_and_no_outside_origin():
    policy = directives(CONTENT_SECURITY_POLICY)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    for sources in policy.values():
        for source in sources:
            # only keywords: no host, no scheme, no 'unsafe-inline', no nonce that could be reused
            assert source in ("'self'", "'none'"), source


@pytest.mark.parametrize(
    "path, status",
    [
        ("/login", 200),
        ("/", 302),
        ("/no-such-page", 404),
        ("/static/kurs.css", 200),
        ("/logout", 405),
    ],
)
def test_signed_out_responses_carry_the_headers(client, make_user, path, status):
    make_user("admin@example.com", role="admin")
    with client.get(path) as response:
        assert response.status_code == status
        assert_protected(response)


@pytest.mark.parametrize(
    "path, status",
    [
        ("/", 200),
        ("/learn/basics/welcome", 200),
        ("/learn/basics/nope", 404),
        ("/media/01-basics/diagram.png", 200),
        ("/media/01-basics/missing.png", 404),
        ("/attempts/abc", 404),
        ("/history", 200),
    ],
)
def test_learner_responses_carry_the_headers(client, learner, path, status):
    with client.get(path) as response:
        assert response.status_code == status
        assert_protected(response)


def test_error_responses_carry_the_headers(client, learner):
    assert_protected(client.post("/learn/basics/welcome/done"))  # CSRF 400


def test_images_keep_their_sandbox_and_forbid_framing(client, learner):
    with client.get("/media/01-basics/diagram.png") as response:
        policy = directives(response.headers["Content-Security-Policy"])
        assert "sandbox" in policy and policy["default-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]


def test_pages_hold_no_inline_script_or_style(client, learner):
    html = client.get("/learn/basics/quiz").get_data(as_text=True)
    assert "<script" not in html and "<style" not in html and " style=" not in html


# ---------------------------------------------------------------- cookies


def session_cookie_header(client) -> str:
    token = csrf_token(client)
    response = client.post("/login", data={"email": "learner@example.com", "password": PASSWORD, "csrf_token": token})
    assert response.status_code == 302
    return next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("kurs_session="))


@pytest.fixture
def people(make_user):
    make_user("admin@example.com", role="admin")
    make_user()


def test_session_cookie_is_httponly_and_lax(client, people):
    cookie = session_cookie_header(client)
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain HTTP on an intranet works unless told otherwise


def test_session_cookie_is_secure_when_configured(monkeypatch, people, make_app):
    monkeypatch.setenv("KURS_SECURE_COOKIES", "1")
    app = make_app()
    assert app.config["SESSION_COOKIE_SECURE"] is True
    cookie = session_cookie_header(app.test_client())
    assert "Secure" in cookie and "HttpOnly" in cookie


# ---------------------------------------------------------------- the secret key


def test_secret_key_is_generated_once_with_owner_only_rights(tmp_path):
    instance = tmp_path / "instance"
    first = config.instance_secret(instance)
    path = instance / "secret_key"
    assert len(first) >= 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert config.instance_secret(instance) == first  # a second start reuses it
    assert [p.name for p in instance.iterdir()] == ["secret_key"]  # no draft left behind


def test_workers_starting_together_share_one_key(tmp_path):
    instance = tmp_path / "instance"
    keys, errors = [], []

    def start():
        try:
            keys.append(config.instance_secret(instance))
        except Exception as exc:  # any failure fails the test below
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(keys)) == 1 and len(keys) == 8


def configured(instance: Path, **settings) -> Flask:
    app = Flask("kurs-test", instance_path=str(instance))
    config.init_app(app, settings or None)
    return app


def test_app_generates_and_reuses_the_instance_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = configured(tmp_path / "instance").config["SECRET_KEY"]
    assert first == (tmp_path / "instance" / "secret_key").read_text().strip()
    assert configured(tmp_path / "instance").config["SECRET_KEY"] == first


def test_a_given_key_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "from the environment")
    assert configured(tmp_path / "instance").config["SECRET_KEY"] == "from the environment"
    assert not (tmp_path / "instance").exists()


# ---------------------------------------------------------------- caching (issue 11, item 6)


@pytest.mark.parametrize("path", ["/", "/learn/basics/welcome", "/history", "/certificate"])
def test_signed_in_pages_are_never_stored(client, learner, path):
    with client.get(path) as response:
        assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"


def test_csv_downloads_are_never_stored(client, make_user, auth):
    make_user("trainer@example.com", role="trainer")
    make_user("admin@example.com", role="admin")
    auth.login("trainer@example.com")
    with client.get("/train/reports/summary.csv") as response:
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert response.headers["Cache-Control"] == "no-store"


def test_lesson_images_are_private(client, learner):
    with client.get("/media/01-basics/diagram.png") as response:
        assert response.status_code == 200
        directives = {d.strip() for d in response.headers["Cache-Control"].split(",")}
        assert "private" in directives and "public" not in directives


def test_static_files_stay_cacheable(client, learner):
    with client.get("/static/kurs.css") as response:
        assert response.status_code == 200 and "no-store" not in response.headers.get("Cache-Control", "")
