"""CSRF, generated from app.url_map: every POST route refuses a missing or wrong token."""

from __future__ import annotations

import pytest
from conftest import csrf_token
from test_authz_matrix import ARGS, DATA, client_as, routes, world  # noqa: F401 - world is a fixture

REFUSAL = "The form had expired or was sent from elsewhere"


def post_routes(app):
    return [(endpoint, url_rule) for endpoint, method, url_rule in routes(app) if method == "POST"]


def post(app, client, people, endpoint, url_rule, token):
    values = ARGS.get(endpoint, lambda w: {})(people)
    with app.test_request_context():
        path = app.url_for(endpoint, **values) if url_rule.arguments else url_rule.rule
    data = DATA.get((endpoint, "POST"), lambda w: {})(people)
    if token is not None:
        data = {**data, "csrf_token": token}
    return path, client.post(path, data=data)


def test_csrf_stays_on(app):
    assert app.config.get("WTF_CSRF_ENABLED", True) is True
    assert app.config.get("WTF_CSRF_CHECK_DEFAULT", True) is True
    assert "csrf" in app.extensions


def test_there_are_post_routes_to_check(app):
    assert len(post_routes(app)) >= 4


WRONG_TOKENS = [None, "", "not-a-token", "forged.token.value"]


@pytest.mark.parametrize("role", ["anon", "learner", "admin"])
def test_every_post_route_refuses_a_missing_or_wrong_token(app, world, role):  # noqa: F811
    client = client_as(app, role)
    wrong = []
    for endpoint, url_rule in post_routes(app):
        for token in WRONG_TOKENS:
            path, response = post(app, client, world, endpoint, url_rule, token)
            if response.status_code != 400 or REFUSAL not in response.get_data(as_text=True):
                wrong.append(f"POST {path} with token {token!r}: {response.status_code}")
    assert not wrong, "\n".join(wrong)
    assert client.get("/").status_code == (302 if role == "anon" else 200)  # still signed in: logout refused too


def test_a_token_from_another_session_is_refused(app, world):  # noqa: F811
    stolen = csrf_token(client_as(app, "admin"))
    client = client_as(app, "learner")
    for endpoint, url_rule in post_routes(app):
        path, response = post(app, client, world, endpoint, url_rule, stolen)
        assert response.status_code == 400, path
        assert REFUSAL in response.get_data(as_text=True), path


def test_the_right_token_passes(app, world):  # noqa: F811
    for endpoint, url_rule in post_routes(app):
        client = client_as(app, "admin")
        path, response = post(app, client, world, endpoint, url_rule, csrf_token(client))
        assert REFUSAL not in response.get_data(as_text=True), path


def test_a_refused_form_changes_nothing(app, world, client, auth):  # noqa: F811
    from course.db import database
    from course.models import LessonProgress

    auth.login()
    client.post("/learn/basics/welcome/done", data={"csrf_token": "forged"})
    with app.app_context(), database.connection_context():
        assert not LessonProgress.select().where(LessonProgress.lesson_id == "welcome").exists()


def test_the_methods_flask_wtf_checks_decide_which_requests_are_checked(app, world):  # noqa: F811
    """Kurs skips the check at once for a method Flask-WTF never checks; the configured methods still decide."""
    client = client_as(app, "learner")
    assert client.get("/").status_code == 200  # a GET carries no token
    app.config["WTF_CSRF_METHODS"] = {"GET", "POST"}
    response = client.get("/")
    assert response.status_code == 400 and REFUSAL in response.get_data(as_text=True)
