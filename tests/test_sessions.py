"""Sessions end on the server at sign-out, and last a working day past the last request."""

from __future__ import annotations

import time

from itsdangerous import TimestampSigner

COOKIE = "kurs_session"


def test_a_cookie_copied_before_sign_out_no_longer_works(app, client, learner, auth):
    assert client.get("/").status_code == 200
    copied = client.get_cookie(COOKIE).value
    auth.logout()
    thief = app.test_client()
    thief.set_cookie(COOKIE, copied)
    response = thief.get("/")
    assert response.status_code == 302 and "/login" in response.location


def test_signing_out_ends_the_persons_other_sessions_too(app, client, learner, auth):
    from conftest import Auth

    phone = app.test_client()
    Auth(phone).login()
    assert phone.get("/").status_code == 200
    auth.logout()
    assert phone.get("/").status_code == 302
    Auth(phone).login()  # and signing in again works
    assert phone.get("/").status_code == 200


def test_the_cookie_lasts_twelve_hours_renewed_by_each_request(client, learner):
    first = client.get_cookie(COOKIE)
    assert first.expires is not None and 11.9 * 3600 < first.expires.timestamp() - time.time() <= 12 * 3600 + 5
    with client.get("/") as response:
        assert any(h.startswith(f"{COOKIE}=") for h in response.headers.getlist("Set-Cookie"))  # sliding renewal


def test_a_cookie_idle_for_longer_than_the_lifetime_is_refused(client, learner, monkeypatch, auth):
    auth.logout()
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: int(time.time()) - 13 * 3600)
    auth.login()  # its cookie signed 13 hours ago, as if nobody had used it since
    monkeypatch.undo()
    response = client.get("/")
    assert response.status_code == 302 and "/login" in response.location
