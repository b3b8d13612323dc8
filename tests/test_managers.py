"""Managers: the reports of their departments, a 403 on every other department's page and CSV, nothing else."""

from __future__ import annotations

import pytest
from conftest import PASSWORD, csrf_token
from test_authz_matrix import client_as, world  # noqa: F401 - world is a fixture

from course.db import database
from course.domain import managers
from course.models import ManagedDepartment, User

OTHER = "Secret Department"
LEAKS = ("Zed Otherperson", "zed.other@example.com", OTHER)

# every report page and CSV a manager can reach, by URL (the department filter is added)
REPORT_URLS = [
    "/train/reports", "/train/reports/matrix", "/train/reports/overdue", "/train/reports/items",
    "/train/reports/items/basics/quiz", "/train/reports/summary.csv", "/train/reports/matrix.csv",
    "/train/reports/overdue.csv", "/train/reports/departments.csv", "/train/reports/items/basics/quiz.csv",
    "/train/reports/charts/modules.svg", "/train/reports/charts/departments.svg",
]


def test_a_manager_sees_their_departments_data(app, world):  # noqa: F811
    client = client_as(app, "manager")
    for url in REPORT_URLS:
        response = client.get(url)
        body = response.get_data(as_text=True)
        assert response.status_code == 200, url
        assert not [text for text in LEAKS if text in body], url
    matrix = client.get("/train/reports/matrix").get_data(as_text=True)
    assert "Learner" in matrix and "All departments" not in matrix
    assert client.get(f"/train/reports/people/{world.learner.id}").status_code == 200
    assert client.get(f"/train/reports/people/{world.learner.id}/answers.csv").status_code == 200
    assert 'id="nav-reports"' in client.get("/").get_data(as_text=True)
    assert 'id="nav-content"' not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("url", REPORT_URLS)
def test_a_manager_gets_403_on_another_departments_page_and_csv(app, world, url):  # noqa: F811
    client = client_as(app, "manager")
    response = client.get(url, query_string={"department": OTHER})
    assert response.status_code == 403
    assert not [text for text in LEAKS if text in response.get_data(as_text=True)]


def test_a_manager_gets_403_on_a_person_of_another_department(app, world):  # noqa: F811
    client = client_as(app, "manager")
    for url in (f"/train/reports/people/{world.other.id}", f"/train/reports/people/{world.other.id}/modules.csv",
                f"/train/reports/people/{world.other.id}/answers.csv"):
        assert client.get(url).status_code == 403, url


def test_the_content_page_and_people_stay_closed_to_a_manager(app, world):  # noqa: F811
    client = client_as(app, "manager")
    for url in ("/train/content", "/people/", "/people/assignments"):
        assert client.get(url).status_code == 403, url


def test_a_manager_given_two_departments_sees_both_one_at_a_time(app, world, make_user):  # noqa: F811
    make_user("sal@example.com", name="Sal Sales", department="Sales")
    with app.app_context(), database.connection_context():
        assert managers.set_departments(world.manager, [" Sales ", "Service", ""]) == ["Sales", "Service"]
    client = client_as(app, "manager")
    page = client.get("/train/reports/matrix", query_string={"department": "Sales"}).get_data(as_text=True)
    assert "Sal Sales" in page and "Learner" not in page
    default = client.get("/train/reports/matrix").get_data(as_text=True)
    assert "Sal Sales" in default  # the first of their departments
    assert '<option value="Service"' in default and OTHER not in default


def test_a_learner_or_a_manager_without_departments_sees_no_report(app, world):  # noqa: F811
    with app.app_context(), database.connection_context():
        managers.set_departments(world.manager, [])
    assert client_as(app, "manager").get("/train/reports").status_code == 403
    assert client_as(app, "learner").get("/train/reports").status_code == 403


def test_the_people_page_gives_a_manager_more_departments(app, world, make_user):  # noqa: F811
    make_user("sal@example.com", department="Sales")
    admin = client_as(app, "admin")
    page = admin.get(f"/people/{world.manager.id}").get_data(as_text=True)
    assert 'id="managed"' in page
    response = admin.post(f"/people/{world.manager.id}/departments", data={
        "department": ["Sales", "Service"], "csrf_token": csrf_token(admin, f"/people/{world.manager.id}")})
    assert response.status_code == 302
    with app.app_context(), database.connection_context():
        assert managers.departments_of(User.get_by_id(world.manager.id)) == ["Sales", "Service"]
    refused = admin.post(f"/people/{world.learner.id}/departments", data={
        "department": ["Sales"], "csrf_token": csrf_token(admin, f"/people/{world.learner.id}")})
    assert refused.status_code == 302
    with app.app_context(), database.connection_context():
        assert not ManagedDepartment.select().where(ManagedDepartment.user == world.learner.id).exists()


def test_a_department_name_longer_than_a_department_is_refused_and_changes_nothing(app, world):  # noqa: F811
    admin = client_as(app, "admin")
    with app.app_context(), database.connection_context():
        before = managers.departments_of(User.get_by_id(world.manager.id))
    response = admin.post(f"/people/{world.manager.id}/departments", data={
        "department": ["Sales", "x" * 101], "csrf_token": csrf_token(admin, f"/people/{world.manager.id}")},
        follow_redirects=True)
    assert response.status_code == 200
    assert "nothing was changed" in response.get_data(as_text=True)
    with app.app_context(), database.connection_context():
        assert managers.departments_of(User.get_by_id(world.manager.id)) == before


def test_making_someone_a_manager_gives_them_their_own_department(app, world):  # noqa: F811
    admin = client_as(app, "admin")
    admin.post(f"/people/{world.learner.id}", data={"name": "Learner", "department": "Service", "role": "manager",
                                                    "csrf_token": csrf_token(admin, f"/people/{world.learner.id}")})
    with app.app_context(), database.connection_context():
        assert managers.departments_of(User.get_by_id(world.learner.id)) == ["Service"]


def test_users_create_a_manager_with_their_department(runner, app):
    result = runner.invoke(args=["users", "create", "mia@example.com", "--name", "Mia", "--role", "manager",
                                 "--department", "Service"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    with app.app_context(), database.connection_context():
        mia = User.get(User.email == "mia@example.com")
        assert (mia.role, managers.departments_of(mia)) == ("manager", ["Service"])
    refused = runner.invoke(args=["users", "create", "max@example.com", "--name", "Max", "--role", "manager"],
                            input=f"{PASSWORD}\n{PASSWORD}\n")
    assert refused.exit_code == 1 and "a manager needs a department" in refused.output.lower()
