"""Set-password links: built from KURS_BASE_URL (never the request's Host), the token out of the URL at once."""

from __future__ import annotations

import re
import sys
import types

import pytest
from conftest import csrf_token

from course.config import checked_base_url
from course.web.links import link_for


@pytest.fixture
def admin(make_user, auth):
    user = make_user("admin@example.com", role="admin", name="Ada Admin")
    auth.login("admin@example.com")
    return user


@pytest.fixture
def evil_admin(app, client, make_user, auth):
    """An admin whose every request says `Host: evil.example` (as curl -H would)."""
    client.environ_base["HTTP_HOST"] = "evil.example"
    user = make_user("admin@example.com", role="admin")
    auth.login("admin@example.com")
    return user


def new_person_link(client) -> str:
    form = {"csrf_token": csrf_token(client, "/people/new"), "email": "nina@example.com", "name": "Nina Neu", "role": "learner"}
    page = client.post("/people/new", data=form).get_data(as_text=True)
    return re.search(r'<code class="link-text"[^>]*>([^<]*/set-password/[^<]+)</code>', page).group(1)


def test_a_forged_host_header_does_not_reach_the_link(app, client, evil_admin):
    app.config["KURS_BASE_URL"] = "https://kurs.example.com"
    link = new_person_link(client)
    assert link.startswith("https://kurs.example.com/set-password/") and "evil" not in link


def test_a_reset_link_ignores_the_host_too(app, client, evil_admin, make_user):
    person = make_user("forgetful@example.com")
    page = client.post(f"/people/{person.id}/password-link",
                       data={"csrf_token": csrf_token(client, f"/people/{person.id}")}).get_data(as_text=True)
    assert re.search(r'<code class="link-text"[^>]*>http://127.0.0.1:5000/set-password/[\w-]+</code>', page) and "evil.example" not in page


def test_the_link_builder_needs_no_request(app):
    with app.app_context():
        assert link_for("abc") == "http://127.0.0.1:5000/set-password/abc"
        assert link_for("abc", "https://intra.example/kurs/") == "https://intra.example/kurs/set-password/abc"


def test_the_base_url_is_checked_at_start(monkeypatch):
    assert checked_base_url("https://kurs.example.com/") == "https://kurs.example.com"
    for bad in ("kurs.example.com", "ftp://kurs.example.com", "https://kurs.example.com/?a=1"):
        with pytest.raises(RuntimeError, match="KURS_BASE_URL must be an address"):
            checked_base_url(bad)
    assert checked_base_url(None) == "http://127.0.0.1:5000"  # make run, on this machine
    monkeypatch.setitem(sys.modules, "gunicorn", types.ModuleType("gunicorn"))
    with pytest.raises(RuntimeError, match="KURS_BASE_URL is not set"):
        checked_base_url(None)  # production (gunicorn) refuses to start without it


def test_the_token_moves_into_the_session_and_the_address_is_clean(app, client, admin):
    link = new_person_link(client).removeprefix("http://127.0.0.1:5000")
    token = link.rsplit("/", 1)[1]
    stranger = app.test_client()
    with stranger.get(link) as opened:
        assert opened.status_code == 302 and opened.location == "/set-password"
        assert opened.headers["Referrer-Policy"] == "no-referrer"
    with stranger.get("/set-password") as form:
        page = form.get_data(as_text=True)
        assert form.status_code == 200 and "Nina Neu" in page and token not in page
    data = {"csrf_token": csrf_token(stranger, "/set-password"), "password": "long enough 1", "password2": "long enough 1"}
    assert stranger.post("/set-password", data=data).location == "/"
    assert app.test_client().get(link).status_code == 404  # used up


def test_the_form_needs_a_link_opened_in_this_browser(app, client, make_user):
    make_user("admin@example.com", role="admin")
    assert client.get("/set-password").status_code == 404
