"""Two admins creating the same person at once: the second hears "exists already", not a 500."""

from __future__ import annotations

import pytest
from conftest import csrf_token
from peewee import IntegrityError

from course.db import database
from course.domain import people
from course.models import User


@pytest.fixture
def admin(make_user, auth):
    user = make_user("admin@example.com", role="admin", name="Ada Admin")
    auth.login("admin@example.com")
    return user


@pytest.fixture
def quicker_admin(monkeypatch):
    """Another admin's request creates (and commits) the person after this one checked the address was free."""

    class Quicker:
        def __getattr__(self, name):
            return getattr(database, name)

        def atomic(self):
            User.create(email="nina@example.com", name="Created by the other admin", role="learner")
            return database.atomic()

    monkeypatch.setattr(people, "database", Quicker())


def test_the_slower_of_two_admins_hears_exists_already(app, client, admin, quicker_admin):
    form = {"csrf_token": csrf_token(client, "/people/new"), "email": "nina@example.com", "name": "Nina Neu", "role": "learner"}
    response = client.post("/people/new", data=form)
    assert response.status_code == 400
    assert "An account for nina@example.com exists already." in response.get_data(as_text=True)
    with app.app_context(), database.connection_context():
        assert User.select().where(User.email == "nina@example.com").count() == 1


def test_an_import_that_loses_the_race_is_checked_and_done_again(app, admin, monkeypatch):
    real, calls = people._import, []

    def lose_the_first_race(text, by):
        calls.append(text)
        if len(calls) == 1:
            User.create(email="nina@example.com", name="Created by the other admin", role="learner")
            raise IntegrityError("duplicate key value violates unique constraint")
        return real(text, by)

    monkeypatch.setattr(people, "_import", lose_the_first_race)
    with app.test_request_context(), database.connection_context():
        preview, created = people.apply_import("email,name\nnina@example.com,Nina Neu\nolaf@example.com,Olaf Ost\n", None)
        assert [user.email for user, _ in created] == ["olaf@example.com"] and len(calls) == 2
        assert [row.person["email"] for row in preview.bad] == ["nina@example.com"]
