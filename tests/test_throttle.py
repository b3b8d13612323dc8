"""Sign-in hardening: throttling kept in the database, a fresh session, safe next=, password length."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
from conftest import PASSWORD, csrf_token

from course.db import database
from course.domain.passwords import MIN_PASSWORD
from course.domain.passwords import password_problems as validate_password
from course.models import User, utcnow
from course.views.auth import SIGN_IN_FAILED
from course.web import throttle
from course.web.forms import safe_next
from course.web.throttle import ACCOUNT_LIMIT, ADDRESS_LIMIT, LoginFailure


def sign_in(client, email="learner@example.com", password=PASSWORD, **kwargs):
    token = csrf_token(client)
    return client.post("/login", data={"email": email, "password": password, "csrf_token": token}, **kwargs)


def flashes(response) -> list[str]:
    return [html.unescape(m) for m in re.findall(r'<p class="flash [a-z]+">(.*?)</p>', response.get_data(as_text=True))]


def fail(client, times, email="learner@example.com", **kwargs):
    for _ in range(times):
        assert sign_in(client, email, "wrong password!", **kwargs).status_code == 401


@pytest.fixture
def people(make_user):
    make_user("admin@example.com", role="admin")
    return make_user()


def test_account_is_throttled_after_repeated_failures_even_with_the_right_password(client, people):
    fail(client, ACCOUNT_LIMIT)
    wrong = sign_in(client, password="wrong password!")
    right = sign_in(client)
    assert right.status_code == wrong.status_code == 401
    # one message for both: a throttled answer tells a guesser nothing
    assert flashes(right) == flashes(wrong) == [SIGN_IN_FAILED]
    assert client.get("/").status_code == 302  # not signed in


def test_below_the_limit_the_right_password_works_and_clears_the_count(client, people, app):
    fail(client, ACCOUNT_LIMIT - 1)
    assert sign_in(client).status_code == 302
    with app.app_context(), database.connection_context():
        assert LoginFailure.select().where(LoginFailure.account == "learner@example.com").count() == 0


def test_other_accounts_are_not_throttled_by_one_accounts_failures(client, people, make_user):
    make_user("second@example.com")
    fail(client, ACCOUNT_LIMIT)
    assert sign_in(client, "second@example.com").status_code == 302


def test_an_address_is_throttled_after_failures_on_many_accounts(client, people):
    for n in range(ADDRESS_LIMIT):
        fail(client, 1, email=f"guess{n}@example.com")
    assert sign_in(client).status_code == 401
    # another address is not affected
    assert sign_in(client, environ_base={"REMOTE_ADDR": "10.9.9.9"}).status_code == 302


def test_failures_expire_after_the_window(client, people, app):
    fail(client, ACCOUNT_LIMIT)
    with app.app_context(), database.connection_context():
        LoginFailure.update(failed_at=utcnow() - throttle.WINDOW - timedelta(seconds=1)).execute()
    assert sign_in(client).status_code == 302


def test_old_failures_are_pruned(client, people, app):
    fail(client, 2)
    with app.app_context(), database.connection_context():
        LoginFailure.update(failed_at=utcnow() - throttle.WINDOW).execute()
    fail(client, 1)
    with app.app_context(), database.connection_context():
        assert LoginFailure.select().count() == 1


def test_throttling_holds_across_processes(client, people, make_app):
    """A second app on the same database (another server process) sees the same count."""
    fail(client, ACCOUNT_LIMIT)
    other = make_app().test_client()
    assert sign_in(other).status_code == 401


def test_forwarded_for_is_ignored_without_a_trusted_proxy(client, people):
    for n in range(ADDRESS_LIMIT):
        fail(client, 1, email=f"guess{n}@example.com", headers={"X-Forwarded-For": f"10.0.0.{n}"})
    assert sign_in(client, headers={"X-Forwarded-For": "10.0.1.1"}).status_code == 401


def test_forwarded_for_names_the_client_behind_a_trusted_proxy(people, make_app):
    client = make_app(KURS_TRUSTED_PROXIES=1).test_client()
    for n in range(ADDRESS_LIMIT):
        fail(client, 1, email=f"guess{n}@example.com", headers={"X-Forwarded-For": "10.0.0.1"})
    assert sign_in(client, headers={"X-Forwarded-For": "10.0.0.1"}).status_code == 401
    assert sign_in(client, headers={"X-Forwarded-For": "10.0.0.2"}).status_code == 302


def test_trusted_proxies_can_be_set_in_the_environment(monkeypatch, people, make_app):
    monkeypatch.setenv("KURS_TRUSTED_PROXIES", "1")
    client = make_app().test_client()
    fail(client, 1, email="guess@example.com", headers={"X-Forwarded-For": "10.0.0.7"})
    with make_app().app_context(), database.connection_context():
        assert [f.address for f in LoginFailure.select()] == ["10.0.0.7"]


# ---------------------------------------------------------------- a fresh session


def test_sign_in_starts_a_fresh_session(client, people):
    with client.session_transaction() as planted:
        planted["planted"] = "by an attacker"
        planted["uid"] = 999
    before = client.get_cookie("kurs_session").value
    assert sign_in(client).status_code == 302
    after = client.get_cookie("kurs_session").value
    assert after != before
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["uid"] != 999


def test_csrf_token_changes_on_sign_in(client, people):
    before = csrf_token(client)
    sign_in(client)
    assert csrf_token(client) != before


def test_sign_out_ends_the_session(client, people, auth):
    auth.login()
    auth.logout()
    assert client.get("/").status_code == 302
    with client.session_transaction() as session:
        assert "uid" not in session


def test_a_deactivated_account_loses_its_session(client, people, auth, app):
    auth.login()
    with app.app_context(), database.connection_context():
        User.update(active=False).where(User.email == "learner@example.com").execute()
    assert client.get("/").status_code == 302


# ---------------------------------------------------------------- next=

HOSTILE_TARGETS = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example/path",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    " //evil.example",
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "https:evil.example",
    "/%09/evil.example",
]


@pytest.mark.parametrize("target", HOSTILE_TARGETS)
def test_next_never_leaves_the_app(target):
    assert safe_next(target) in (None, "/%09/evil.example")  # an encoded path stays on this host


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example", "javascript:alert(1)"])
def test_sign_in_ignores_a_hostile_next(client, people, target):
    token = csrf_token(client, "/login?next=" + target)
    response = client.post("/login", data={"email": "learner@example.com", "password": PASSWORD, "csrf_token": token, "next": target})
    assert response.status_code == 302
    assert response.location == "/"


def test_sign_in_follows_a_path_of_this_app(client, people):
    token = csrf_token(client)
    response = client.post(
        "/login", data={"email": "learner@example.com", "password": PASSWORD, "csrf_token": token, "next": "/learn/basics/welcome"}
    )
    assert response.location == "/learn/basics/welcome"


# ---------------------------------------------------------------- passwords


@pytest.mark.parametrize("password", ["", "short", "x" * (MIN_PASSWORD - 1)])
def test_short_passwords_are_refused(password):
    assert validate_password(password, password)


def test_setup_refuses_a_short_password(client, app):
    token = csrf_token(client, "/setup")
    short = "x" * (MIN_PASSWORD - 1)
    response = client.post(
        "/setup", data={"email": "a@example.com", "name": "A", "password": short, "password2": short, "csrf_token": token}
    )
    assert response.status_code == 400
    assert f"at least {MIN_PASSWORD} characters" in response.get_data(as_text=True)
    with app.app_context(), database.connection_context():
        assert User.select().count() == 0
