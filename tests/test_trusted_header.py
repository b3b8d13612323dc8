"""Single sign-on: a trusted proxy names the person in a header (KURS_TRUSTED_HEADER)."""

from __future__ import annotations

import pytest


@pytest.fixture
def sso_client(make_app, make_user):
    from conftest import reset_database

    from course.migrate import apply_migrations

    app = make_app(KURS_TRUSTED_HEADER="X-Remote-Email", KURS_TRUSTED_PROXY_ADDRESSES="127.0.0.1, 10.1.0.0/16")
    reset_database(app.extensions["kurs_db"])
    apply_migrations(app.extensions["kurs_db"])
    return app


def test_header_signs_the_person_in(sso_client):
    from course.db import database
    from course.models import User

    with sso_client.app_context(), database.connection_context():
        User.create(email="ann@example.com", name="Ann Sso", role="learner")
        User.create(email="gone@example.com", name="Gone", role="learner", active=False)
    client = sso_client.test_client()
    page = client.get("/", headers={"X-Remote-Email": "Ann@Example.com"})
    assert page.status_code == 200
    assert "Ann Sso" in page.get_data(as_text=True)
    assert client.get("/", headers={"X-Remote-Email": "gone@example.com"}).status_code == 302
    assert client.get("/", headers={"X-Remote-Email": "nobody@example.com"}).status_code == 302
    assert client.get("/").status_code == 302


def test_header_is_ignored_unless_configured(client, make_user):
    make_user("ann@example.com")
    response = client.get("/", headers={"X-Remote-Email": "ann@example.com"})
    assert response.status_code == 302
    assert "/login" in response.location


def _people(app):
    from course.db import database
    from course.models import User

    with app.app_context(), database.connection_context():
        User.create(email="admin@example.com", name="Ada Admin", role="admin")


@pytest.mark.parametrize("address", ["127.0.0.1", "10.1.200.3"])
def test_the_header_counts_from_a_proxy_address(sso_client, address):
    _people(sso_client)
    page = sso_client.test_client().get("/people/", headers={"X-Remote-Email": "admin@example.com"},
                                          environ_overrides={"REMOTE_ADDR": address})
    assert page.status_code == 200 and "Ada Admin" in page.get_data(as_text=True)


def test_the_header_from_any_other_address_is_ignored(sso_client):
    """curl -H 'X-Remote-Email: admin@example.com' straight to gunicorn's port is nobody."""
    _people(sso_client)
    client = sso_client.test_client()
    response = client.get("/people/", headers={"X-Remote-Email": "admin@example.com"}, environ_overrides={"REMOTE_ADDR": "192.168.5.5"})
    assert response.status_code == 302 and "/login" in response.location


def test_x_forwarded_for_does_not_make_a_client_a_proxy(make_app, make_user):
    app = make_app(KURS_TRUSTED_HEADER="X-Remote-Email", KURS_TRUSTED_PROXY_ADDRESSES="10.0.0.1", KURS_TRUSTED_PROXIES=1)
    from conftest import fresh_schema

    fresh_schema(app.extensions["kurs_db"])
    _people(app)
    client = app.test_client()
    forged = {"X-Remote-Email": "admin@example.com", "X-Forwarded-For": "10.0.0.1"}
    response = client.get("/people/", headers=forged, environ_overrides={"REMOTE_ADDR": "192.168.5.5"})
    assert response.status_code == 302
    proxied = {"X-Remote-Email": "admin@example.com", "X-Forwarded-For": "192.168.5.5"}
    assert client.get("/people/", headers=proxied, environ_overrides={"REMOTE_ADDR": "10.0.0.1"}).status_code == 200


@pytest.mark.parametrize(("addresses", "message"), [
    (None, "KURS_TRUSTED_PROXY_ADDRESSES is not"),
    ("", "KURS_TRUSTED_PROXY_ADDRESSES is not"),
    ("10.0.0.300", "KURS_TRUSTED_PROXY_ADDRESSES: "),
])
def test_the_header_without_proxy_addresses_refuses_to_start(make_app, addresses, message):
    with pytest.raises(RuntimeError, match=message):
        make_app(KURS_TRUSTED_HEADER="X-Remote-Email", KURS_TRUSTED_PROXY_ADDRESSES=addresses)
