"""Single sign-on: a trusted proxy names the person in a header (KURS_TRUSTED_HEADER)."""

from __future__ import annotations

import pytest


@pytest.fixture
def sso_client(make_app, make_user):
    from conftest import reset_database

    from course.migrate import apply_migrations

    app = make_app(KURS_TRUSTED_HEADER="X-Remote-Email")
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
