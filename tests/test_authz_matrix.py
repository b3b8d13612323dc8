"""Who may do what: every route of app.url_map x {signed out, learner, manager, trainer, admin}.

The table RULES holds the expected answer of every (endpoint, method). A route without a rule
fails test_every_route_has_a_rule, so a page added later cannot be left without one; a rule
whose route is gone fails it too. To add a route: give it sample URL arguments in ARGS (and
form data in DATA for a POST), then its expected answers in RULES.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from builders import quiz_form
from conftest import PASSWORD, csrf_token
from werkzeug.routing import IntegerConverter

from course.db import database
from course.domain import attempts, managers
from course.models import QuizAttempt, Reply, User

ROLES = ("anon", "learner", "manager", "trainer", "admin")
IGNORED_METHODS = {"HEAD", "OPTIONS"}
LOGIN = "login"  # a redirect to the sign-in page, with next= pointing back
PRACTICE = {"module_id": "basics", "lesson_id": "quiz", "key": "x"}  # an exercise gone from the files, with replies


def rule(anon, learner, trainer, admin, manager=None) -> dict:
    """Expected answers by role: a status code, or LOGIN; a manager is a learner unless told otherwise."""
    return dict(zip(ROLES, (anon, learner, learner if manager is None else manager, trainer, admin), strict=True))


EVERYONE = rule(200, 200, 200, 200)
LEARNER_PAGE = rule(LOGIN, 200, 200, 200)
TRAINER_PAGE = rule(LOGIN, 403, 200, 200)
REPORT_PAGE = rule(LOGIN, 403, 200, 200, manager=200)  # a manager: their own departments (tests/test_managers.py)
ADMIN_PAGE = rule(LOGIN, 403, 403, 200)
LEARNER_ACTION = rule(LOGIN, 302, 302, 302)
TRAINER_ACTION = rule(LOGIN, 403, 302, 302)
ADMIN_ACTION = rule(LOGIN, 403, 403, 302)


@dataclass
class World:
    """The people and records every route's sample arguments refer to."""

    admin: User
    trainer: User
    manager: User  # sees the reports of Service, the learner's department
    learner: User
    other: User  # another learner, whose records the learner must never see
    attempt: object  # the learner's own submitted attempt
    other_attempt: object
    quiz_answers: dict
    reply: object = None  # the learner's reply to a practice exercise
    other_reply: object = None


# endpoint -> sample URL arguments
ARGS: dict[str, Callable[[World], dict]] = {
    "static": lambda w: {"filename": "kurs.css"},
    "learn.module": lambda w: {"module_id": "basics"},
    "learn.lesson": lambda w: {"module_id": "basics", "lesson_id": "welcome"},
    "learn.mark_done": lambda w: {"module_id": "basics", "lesson_id": "welcome"},
    "learn.confirm": lambda w: {"module_id": "basics", "lesson_id": "welcome"},
    "practice.submit": lambda w: {"module_id": "basics", "lesson_id": "welcome", "key": "outage"},
    "learn.submit_quiz": lambda w: {"module_id": "basics", "lesson_id": "quiz"},
    "learn.result": lambda w: {"attempt_id": w.attempt.id},
    "learn.media": lambda w: {"filename": "01-basics/diagram.png"},
    "train.report_person": lambda w: {"user_id": w.learner.id},
    "train.report_item": lambda w: {"module_id": "basics", "lesson_id": "quiz"},
    "train.report_csv": lambda w: {"name": "summary"},
    "train.item_csv": lambda w: {"module_id": "basics", "lesson_id": "quiz"},
    "train.person_csv": lambda w: {"user_id": w.learner.id, "table": "answers"},
    "train.chart": lambda w: {"name": "modules"},
    "people.edit": lambda w: {"user_id": w.learner.id},
    "people.set_active": lambda w: {"user_id": w.learner.id},
    "people.managed": lambda w: {"user_id": w.manager.id},
    "people.password_link": lambda w: {"user_id": w.learner.id},
    "people.unassign": lambda w: {"assignment_id": 1},
    "password.link": lambda w: {"token": "not-a-real-token"},
    "mail.retry": lambda w: {"mail_id": 1},
    "verify.show": lambda w: {"code": "0123-4567-89AB-CDEF-GHJK"},
    "certificates.revoke": lambda w: {"certificate_id": 1},
    "mail.invite_one": lambda w: {"user_id": w.learner.id},
    "publish.edit": lambda w: {"name": "01-basics/01-welcome.md"},
    "publish.preview": lambda w: {"name": "01-basics/01-welcome.md"},
    "publish.history": lambda w: {"name": "01-basics/01-welcome.md"},
    "publish.restore": lambda w: {"version_id": 999999},
    "publish.rename": lambda w: {"name": "01-basics/01-welcome.md"},
    "publish.upload_good_only": lambda w: {"token": "not-a-real-token"},
    "review.queue": lambda w: PRACTICE,
    "review.queue_csv": lambda w: PRACTICE,
    "review.analysis": lambda w: PRACTICE,
    "review.analysis_csv": lambda w: PRACTICE,
    "review.reply": lambda w: {"reply_id": w.reply.id},
    "review.save": lambda w: {"reply_id": w.reply.id},
}

# (endpoint, method) -> form data sent (the CSRF token is added)
DATA: dict[tuple[str, str], Callable[[World], dict]] = {
    ("auth.login", "POST"): lambda w: {"email": "nobody@example.com", "password": "wrong password"},
    # a forged attempt token: refused with a message and a redirect back to the lesson
    ("learn.submit_quiz", "POST"): lambda w: {"attempt": "forged", **w.quiz_answers},
    ("people.create", "POST"): lambda w: {"email": "new.person@example.com", "name": "New Person", "role": "learner"},
    ("people.edit", "POST"): lambda w: {"name": "Learner", "department": "Service", "role": "learner"},
    ("people.set_active", "POST"): lambda w: {"active": "1"},
    ("people.managed", "POST"): lambda w: {"department": "Service"},
    ("people.import_people", "POST"): lambda w: {"csv": "email,name\nimported@example.com,Imported Person\n"},
    ("people.assignments", "POST"): lambda w: {"module_id": "advanced", "department": "Service"},
    ("links.without_password", "POST"): lambda w: {"department": "Service"},  # everyone there has a password
    ("links.download", "POST"): lambda w: {"token": "not-a-real-token"},
    ("password.set_password", "POST"): lambda w: {"password": "a new password", "password2": "a new password"},
    ("settings.settings", "POST"): lambda w: {"language": "en"},
    ("publish.edit", "POST"): lambda w: {"text": "---\ntitle: T\n---\n\nText.\n", "action": "preview"},
    ("publish.preview", "POST"): lambda w: {"text": "---\ntitle: T\n---\n\nText.\n"},
    ("publish.new", "POST"): lambda w: {"kind": "lesson", "folder": "01-basics", "file": "9-new.md"},
    ("review.save", "POST"): lambda w: {"comment": "Good.", "example": "1"},
}

RULES: dict[tuple[str, str], dict] = {
    ("static", "GET"): EVERYONE,
    ("auth.login", "GET"): EVERYONE,
    ("auth.login", "POST"): rule(401, 401, 401, 401),
    ("auth.logout", "POST"): LEARNER_ACTION,
    ("auth.setup", "GET"): rule(404, 404, 404, 404),  # only while no account exists
    ("auth.setup", "POST"): rule(404, 404, 404, 404),
    ("learn.dashboard", "GET"): LEARNER_PAGE,
    ("learn.module", "GET"): LEARNER_PAGE,
    ("learn.lesson", "GET"): LEARNER_PAGE,
    ("learn.mark_done", "POST"): LEARNER_ACTION,
    ("learn.confirm", "POST"): rule(LOGIN, 404, 404, 404),  # the sample lesson asks for no confirmation
    ("practice.submit", "POST"): rule(LOGIN, 404, 404, 404),  # the sample lesson has no exercise (tests/test_practice.py)
    ("learn.submit_quiz", "POST"): LEARNER_ACTION,
    ("learn.result", "GET"): rule(LOGIN, 200, 404, 404, manager=404),  # the learner's own attempt: only theirs
    ("learn.history", "GET"): LEARNER_PAGE,
    ("learn.certificate", "GET"): LEARNER_PAGE,
    ("settings.settings", "GET"): LEARNER_PAGE,
    ("settings.settings", "POST"): LEARNER_ACTION,  # saves the person's own language
    ("learn.media", "GET"): LEARNER_PAGE,
    ("train.content", "GET"): TRAINER_PAGE,
    ("train.reload", "POST"): TRAINER_ACTION,
    ("train.report_index", "GET"): REPORT_PAGE,
    ("train.report_matrix", "GET"): REPORT_PAGE,
    ("train.report_overdue", "GET"): REPORT_PAGE,
    ("train.report_person", "GET"): REPORT_PAGE,
    ("train.report_items", "GET"): REPORT_PAGE,
    ("train.report_item", "GET"): REPORT_PAGE,
    ("train.report_csv", "GET"): REPORT_PAGE,
    ("train.item_csv", "GET"): REPORT_PAGE,
    ("train.person_csv", "GET"): REPORT_PAGE,
    ("train.chart", "GET"): REPORT_PAGE,
    ("people.index", "GET"): ADMIN_PAGE,
    ("people.create", "GET"): ADMIN_PAGE,
    ("people.create", "POST"): ADMIN_PAGE,  # shows the new person's one-time link
    ("people.edit", "GET"): ADMIN_PAGE,
    ("people.edit", "POST"): ADMIN_ACTION,
    ("people.set_active", "POST"): ADMIN_ACTION,
    ("people.managed", "POST"): ADMIN_ACTION,
    ("people.password_link", "POST"): ADMIN_PAGE,  # shows the new link
    ("people.import_people", "GET"): ADMIN_PAGE,
    ("people.import_people", "POST"): ADMIN_PAGE,  # the preview
    ("people.assignments", "GET"): ADMIN_PAGE,
    ("people.assignments", "POST"): ADMIN_ACTION,
    ("people.unassign", "POST"): ADMIN_ACTION,
    ("password.link", "GET"): rule(404, 404, 404, 404),  # an unknown token
    ("password.set_password", "GET"): rule(404, 404, 404, 404),  # no link opened in this browser
    ("mail.index", "GET"): ADMIN_PAGE,
    ("certificates.pdf", "GET"): rule(LOGIN, 404, 404, 404),  # nobody here has completed the course
    ("verify.form", "GET"): EVERYONE,
    ("certificates.revoke", "POST"): rule(LOGIN, 403, 403, 404),  # no certificate is issued here
    ("verify.show", "GET"): rule(404, 404, 404, 404),  # an unknown code shows nothing, to anyone
    ("mail.retry", "POST"): ADMIN_ACTION,
    ("mail.invite_without_password", "POST"): ADMIN_ACTION,
    ("mail.invite_one", "POST"): ADMIN_ACTION,
    ("links.without_password", "POST"): ADMIN_ACTION,  # nobody without a password: back to People
    ("links.download", "POST"): ADMIN_PAGE,  # the CSV (of no valid link here)
    ("password.set_password", "POST"): rule(404, 404, 404, 404),
    ("publish.edit", "GET"): TRAINER_PAGE,
    ("publish.edit", "POST"): TRAINER_PAGE,  # a preview (publishing is tested in tests/test_publish.py)
    ("publish.preview", "POST"): TRAINER_PAGE,
    ("publish.history", "GET"): TRAINER_PAGE,
    ("publish.restore", "POST"): rule(LOGIN, 403, 404, 404),  # no such version
    ("publish.rename", "POST"): TRAINER_ACTION,  # without a name: refused with a message, back to the editor
    ("publish.new", "GET"): TRAINER_PAGE,
    ("publish.new", "POST"): TRAINER_ACTION,  # on to the editor
    ("publish.upload", "GET"): TRAINER_PAGE,
    ("publish.upload", "POST"): rule(LOGIN, 403, 400, 400),  # no file chosen
    ("publish.upload_good_only", "POST"): rule(LOGIN, 403, 404, 404),  # no such upload
    ("review.queue", "GET"): REPORT_PAGE,
    ("review.queue_csv", "GET"): REPORT_PAGE,
    ("review.analysis", "GET"): REPORT_PAGE,
    ("review.analysis_csv", "GET"): REPORT_PAGE,
    ("review.reply", "GET"): REPORT_PAGE,  # a manager: people of their departments (tests/test_practice_review.py)
    ("review.save", "POST"): TRAINER_ACTION,  # reviewing is a trainer's; a manager reads only
}

# URL arguments that name a person's record, and the value that points at the other learner's
ID_OF_OTHER: dict[str, Callable[[World], int]] = {
    "attempt_id": lambda w: w.other_attempt.id,
    "user_id": lambda w: w.other.id,
    "person_id": lambda w: w.other.id,
    "assignment_id": lambda w: 1,  # admin-only: a learner is refused before any lookup
    "mail_id": lambda w: 1,  # admin-only too
    "certificate_id": lambda w: 1,  # admin-only too
    "version_id": lambda w: 999999,  # trainer-only: a learner is refused before any lookup
    "reply_id": lambda w: w.other_reply.id,
}


def routes(app) -> list[tuple[str, str, object]]:
    """Every (endpoint, method, rule) the app answers, reads before writes."""
    found = [
        (r.endpoint, method, r)
        for r in app.url_map.iter_rules()
        for method in sorted(r.methods - IGNORED_METHODS)
    ]
    return sorted(found, key=lambda item: (item[1] != "GET", item[0], item[1]))


def submitted_attempt(user, lesson):
    answers = right_answers(lesson)
    attempt = attempts.open_attempt(user, lesson)
    return QuizAttempt.get_by_id(attempts.submit_attempt(user, lesson, attempt.token, answers).attempt_id)


def right_answers(lesson) -> dict:
    return {
        q.key: tuple(g[0] for g in q.gaps) if q.kind == "gap" else frozenset(o.key for o in q.options if o.correct)
        for q in lesson.questions
    }


@pytest.fixture
def world(app, make_user, course) -> World:
    people = {role: make_user(f"{role}@example.com", role=role) for role in ("admin", "trainer", "manager", "learner")}
    with app.app_context(), database.connection_context():
        managers.set_departments(people["manager"], ["Service"])
    other = make_user("zed.other@example.com", name="Zed Otherperson", department="Secret Department")
    lesson = course.lesson("basics", "quiz")
    with app.app_context(), database.connection_context():
        attempt = submitted_attempt(people["learner"], lesson)
        other_attempt = submitted_attempt(other, lesson)
        reply, other_reply = (Reply.create(user=who, module_id="basics", lesson_id="quiz", exercise_key="x", version=1,
                                           content_hash="h", text="A reply.", passed=False) for who in (people["learner"], other))
    return World(**people, other=other, attempt=attempt, other_attempt=other_attempt, quiz_answers=quiz_form(lesson),
                 reply=reply, other_reply=other_reply)


def client_as(app, role: str):
    """Return a fresh client, signed in with this role (or not at all)."""
    client = app.test_client()
    if role != "anon":
        response = client.post("/login", data={"email": f"{role}@example.com", "password": PASSWORD, "csrf_token": csrf_token(client)})
        assert response.status_code == 302, f"{role} could not sign in"
    return client


def request_route(app, client, world, endpoint: str, method: str, url_rule, args: dict | None = None, token_page="/login"):
    """Send one request to a route with its sample arguments (and a valid CSRF token)."""
    values = args if args is not None else ARGS.get(endpoint, lambda w: {})(world)
    with app.test_request_context():
        path = app.url_for(endpoint, **values) if url_rule.arguments else url_rule.rule
    if method == "GET":
        return path, client.get(path)
    data = {**DATA.get((endpoint, method), lambda w: {})(world), "csrf_token": csrf_token(client, token_page)}
    return path, client.open(path, method=method, data=data)


def answer_matches(expected, response, path: str) -> bool:
    if expected == LOGIN:
        if response.status_code != 302:
            return False
        location = urlsplit(response.location)
        return location.path == "/login" and parse_qs(location.query).get("next", [""])[0].split("?")[0] == path
    return response.status_code == expected


def test_every_route_has_a_rule(app):
    served = {(endpoint, method) for endpoint, method, _ in routes(app)}
    missing = sorted(served - set(RULES))
    stale = sorted(set(RULES) - served)
    assert not missing, f"routes without an authorisation rule (add them to RULES): {missing}"
    assert not stale, f"rules for routes that no longer exist (remove them from RULES): {stale}"


def test_every_argument_has_a_sample(app):
    lacking = sorted(r.endpoint for r in app.url_map.iter_rules() if r.arguments and r.endpoint not in ARGS)
    assert not lacking, f"routes without sample URL arguments (add them to ARGS): {lacking}"


@pytest.mark.parametrize("role", ROLES)
def test_every_route_answers_each_role_as_its_rule_says(app, world, role):
    wrong = []
    for endpoint, method, url_rule in routes(app):
        if (endpoint, method) not in RULES:
            continue  # fails test_every_route_has_a_rule
        expected = RULES[(endpoint, method)][role]
        # a fresh client per route: signing out or a refusal must not colour the next answer
        path, response = request_route(app, client_as(app, role), world, endpoint, method, url_rule)
        if not answer_matches(expected, response, path):
            wrong.append(f"{method} {path}: expected {expected}, got {response.status_code} {response.location or ''}")
        response.close()
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def placeholder_world() -> World:
    """A World before any account exists: every record is a stand-in with id 1."""
    stand_ins = {f.name: SimpleNamespace(id=1, email="nobody@example.com") for f in fields(World)}
    return World(**{**stand_ins, "quiz_answers": {}})


def test_before_the_first_account_everything_leads_to_setup(app):
    client = app.test_client()
    for endpoint, method, url_rule in routes(app):
        if endpoint in ("auth.setup", "static"):
            continue
        path, response = request_route(app, client, placeholder_world(), endpoint, method, url_rule, token_page="/setup")
        assert response.status_code == 302 and response.location == "/setup", f"{method} {path}"


@pytest.mark.parametrize("role", ["anon", "admin"])
def test_methods_a_route_does_not_take_are_refused(app, world, role):
    client = client_as(app, role)
    for endpoint, _, url_rule in routes(app):
        values = ARGS.get(endpoint, lambda w: {})(world)
        with app.test_request_context():
            path = app.url_for(endpoint, **values) if url_rule.arguments else url_rule.rule
        for method in {"GET", "POST", "PUT", "DELETE", "PATCH"} - url_rule.methods:
            response = client.open(path, method=method, data={"csrf_token": csrf_token(client)})
            assert response.status_code == 405, f"{method} {path}"


# ---------------------------------------------------------------- another person's records


def id_routes(app):
    """Every route whose URL names a record by a number."""
    return [
        (endpoint, method, r)
        for endpoint, method, r in routes(app)
        if any(isinstance(r._converters[name], IntegerConverter) for name in r.arguments)
    ]


def test_every_id_argument_is_known(app):
    names = {name for _, _, r in id_routes(app) for name in r.arguments if isinstance(r._converters[name], IntegerConverter)}
    assert names <= set(ID_OF_OTHER), f"number arguments without a record of the other learner (add to ID_OF_OTHER): {names - set(ID_OF_OTHER)}"
    assert id_routes(app), "expected at least one route that names a record by id"


def test_a_learner_never_reaches_another_persons_records(app, world):
    client = client_as(app, "learner")
    wrong = []
    for endpoint, method, url_rule in id_routes(app):
        values = ARGS.get(endpoint, lambda w: {})(world)
        values.update({name: ID_OF_OTHER[name](world) for name in url_rule.arguments if name in ID_OF_OTHER})
        path, response = request_route(app, client, world, endpoint, method, url_rule, values)
        body = response.get_data(as_text=True)
        leaked = [text for text in ("Zed Otherperson", "zed.other@example.com", "Secret Department") if text in body]
        if response.status_code not in (403, 404) or leaked:
            wrong.append(f"{method} {path}: {response.status_code} {leaked}")
    assert not wrong, "\n".join(wrong)


def test_a_learner_reaches_their_own_attempt_only(app, world):
    client = client_as(app, "learner")
    assert client.get(f"/attempts/{world.attempt.id}").status_code == 200
    assert client.get(f"/attempts/{world.other_attempt.id}").status_code == 404
    history = client.get("/history").get_data(as_text=True)
    assert f"/attempts/{world.attempt.id}\"" in history
    assert f"/attempts/{world.other_attempt.id}\"" not in history
