"""Accounts: first-run setup, sign in and out, safe redirects, cookies and stored passwords."""

from __future__ import annotations

import pytest
from conftest import PASSWORD, csrf_token

from course.db import database
from course.domain.people import MAX_FIELD
from course.models import User

ADMIN = {"name": "Ada Admin", "email": "Ada@Example.com", "department": "IT", "password": "a long password", "password2": "a long password"}


def accounts(app) -> list[User]:
    with app.app_context(), database.connection_context():
        return list(User.select())


def setup_token(client) -> str:
    return csrf_token(client, "/setup")


# ---------------------------------------------------------------- first run


@pytest.mark.parametrize("path", ["/", "/login", "/history", "/learn/basics", "/learn/basics/welcome", "/media/01-basics/diagram.png"])
def test_before_the_first_account_every_page_leads_to_setup(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.location == "/setup"


def test_setup_page_asks_for_the_first_admin(client):
    response = client.get("/setup")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Set up Kurs" in html
    for field in ("name", "email", "department", "password", "password2", "csrf_token"):
        assert f'name="{field}"' in html
    with client.get("/static/kurs.css") as css:
        assert css.status_code == 200  # the page keeps its style


def test_setup_creates_the_admin_who_lands_on_the_dashboard(client, app):
    response = client.post("/setup", data={**ADMIN, "csrf_token": setup_token(client)})
    assert response.status_code == 302 and response.location == "/"
    dashboard = client.get("/")
    assert dashboard.status_code == 200
    assert "Ada Admin" in dashboard.get_data(as_text=True)
    (admin,) = accounts(app)
    assert (admin.email, admin.name, admin.department, admin.role, admin.active) == ("ada@example.com", "Ada Admin", "IT", "admin", True)
    assert client.get("/setup").status_code == 404
    assert client.post("/setup", data={**ADMIN, "email": "eve@example.com", "csrf_token": csrf_token(client, "/")}).status_code == 404
    assert len(accounts(app)) == 1


def test_setup_is_404_when_an_account_exists(client, make_user):
    make_user("someone@example.com")
    assert client.get("/setup").status_code == 404
    assert client.get("/").location.startswith("/login")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "not an email"}, "“not an email” is not a valid email address."),
        ({"email": ""}, "Email is missing."),
        ({"name": "   "}, "Name is missing."),
        ({"password": "short", "password2": "short"}, "Choose a password of at least 10 characters."),
        ({"password2": "another long password"}, "The two passwords differ."),
        ({"department": "x" * (MAX_FIELD + 1)}, f"Name and department may have at most {MAX_FIELD} characters."),
    ],
)
def test_setup_explains_what_is_wrong(client, app, changes, message):
    response = client.post("/setup", data={**ADMIN, **changes, "csrf_token": setup_token(client)})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert "Set up Kurs" in html
    assert accounts(app) == []
    if "email" not in changes:
        assert 'value="Ada@Example.com"' in html  # what was typed stays in the form


def test_setup_needs_csrf(client, app):
    assert client.post("/setup", data=ADMIN).status_code == 400
    assert accounts(app) == []


def test_setup_fields_missing_entirely_give_messages_not_a_500(client, app):
    response = client.post("/setup", data={"csrf_token": setup_token(client)})
    assert response.status_code == 400
    assert "Email is missing." in response.get_data(as_text=True)


# ---------------------------------------------------------------- sign in and out


def test_login_with_the_right_password(client, auth, make_user):
    make_user("ben@example.com")
    response = auth.login("BEN@example.com ", PASSWORD)
    assert response.status_code == 302 and response.location == "/"
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    ("email", "password"),
    [("ben@example.com", "wrong password"), ("nobody@example.com", PASSWORD), ("ben@example.com", ""), ("", "")],
)
def test_failed_login_gives_one_generic_message(client, auth, make_user, email, password):
    make_user("ben@example.com")
    response = auth.login(email, password)
    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert "That email and password do not match an active account." in html
    assert "wrong password" not in html.lower() and "no such" not in html.lower()
    assert client.get("/").location.startswith("/login")


def test_deactivated_account_cannot_sign_in(client, auth, make_user):
    make_user("gone@example.com", active=False)
    response = auth.login("gone@example.com", PASSWORD)
    assert response.status_code == 401
    assert "That email and password do not match an active account." in response.get_data(as_text=True)


def test_deactivation_ends_a_running_session(client, auth, app, make_user):
    user = make_user("ben@example.com")
    auth.login("ben@example.com")
    with app.app_context(), database.connection_context():
        User.update(active=False).where(User.id == user.id).execute()
    assert client.get("/").location.startswith("/login")


def test_logout_is_post_only_and_needs_csrf(client, learner):
    assert client.get("/logout").status_code == 405
    assert client.post("/logout").status_code == 400
    assert client.post("/logout", data={"csrf_token": "forged"}).status_code == 400
    assert client.get("/").status_code == 200  # still signed in
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert response.status_code == 302 and response.location == "/login"
    assert "You are signed out." in client.get("/login").get_data(as_text=True)
    assert client.get("/").location.startswith("/login")


def test_login_page_keeps_a_local_next(client, make_user):
    make_user("ben@example.com")
    response = client.get("/learn/basics/welcome")
    assert response.location == "/login?next=/learn/basics/welcome"
    html = client.get(response.location).get_data(as_text=True)
    assert 'name="next" value="/learn/basics/welcome"' in html


@pytest.mark.parametrize(
    ("target", "lands_on"),
    [
        ("/learn/basics/welcome", "/learn/basics/welcome"),
        ("/history?page=2", "/history?page=2"),
        ("//evil.example", "/"),
        ("//evil.example/path", "/"),
        ("https://evil.example", "/"),
        ("http:evil.example", "/"),
        ("/\\evil.example", "/"),
        ("\\\\evil.example", "/"),
        ("/\t/evil.example", "/"),
        ("/\r\nSet-Cookie: planted=1", "/"),
        ("/learn\n", "/"),
        ("javascript:alert(1)", "/"),
        ("learn/basics", "/"),
        ("", "/"),
    ],
)
def test_next_goes_only_to_local_paths(client, make_user, target, lands_on):
    make_user("ben@example.com")
    token = csrf_token(client)
    response = client.post("/login", data={"email": "ben@example.com", "password": PASSWORD, "next": target, "csrf_token": token})
    assert response.status_code == 302
    assert response.location == lands_on


def test_next_in_the_query_string_is_checked_too(client, make_user):
    make_user("ben@example.com")
    token = csrf_token(client)
    response = client.post("/login?next=//evil.example", data={"email": "ben@example.com", "password": PASSWORD, "csrf_token": token})
    assert response.location == "/"
    assert "evil.example" not in client.get("/login?next=//evil.example").get_data(as_text=True)


def test_session_cookie_is_httponly_and_samesite_lax(client, auth, make_user):
    make_user("ben@example.com")
    response = auth.login("ben@example.com")
    cookie = next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("kurs_session="))
    attributes = {part.strip().split("=")[0].lower(): part for part in cookie.split(";")}
    assert "httponly" in attributes
    assert attributes["samesite"].strip().lower() == "samesite=lax"
    assert "secure" not in attributes  # only when KURS_SECURE_COOKIES is set


def test_session_cookie_is_secure_when_configured(make_app):
    app = make_app(KURS_SECURE_COOKIES=True)
    assert app.config["SESSION_COOKIE_SECURE"] is True


def test_signing_in_starts_a_fresh_session(client, auth, make_user):
    make_user("ben@example.com")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    auth.login("ben@example.com")
    with client.session_transaction() as session:
        assert "planted" not in session and "uid" in session


def test_passwords_are_stored_hashed(client, app):
    client.post("/setup", data={**ADMIN, "csrf_token": setup_token(client)})
    (admin,) = accounts(app)
    assert ADMIN["password"] not in admin.password_hash
    assert admin.password_hash.startswith(app.config["KURS_PASSWORD_METHOD"].split(":")[0] + ":")


def test_scrypt_is_the_default_password_hash():
    from course.config import DEFAULTS

    assert DEFAULTS["KURS_PASSWORD_METHOD"] == "scrypt"


def test_unknown_email_costs_the_same_hash_work_as_a_real_one(app, monkeypatch):
    """A missing account is checked against a dummy hash of the configured method (no timing tell)."""
    import course.domain.passwords as passwords_module
    import course.web.auth as auth_module

    seen = []
    real = passwords_module.check_password_hash
    monkeypatch.setattr(passwords_module, "check_password_hash", lambda hashed, pw: seen.append(hashed) or real(hashed, pw))
    for method in ("scrypt", "pbkdf2:sha256:1000"):
        app.config["KURS_PASSWORD_METHOD"] = method
        with app.app_context():
            assert auth_module.password_matches(None, "guess") is False
        assert seen[-1].startswith(method.split(":")[0] + ":")
