"""The trainer's pages through the Flask client: who may see them, what they show, CSV and SVG."""

from __future__ import annotations

import csv
import io

import pytest
from builders import ago, assignment, attempt, lesson, person

from course.db import database

TRAINER_PAGES = [
    "/train/content", "/train/reports", "/train/reports/matrix", "/train/reports/overdue", "/train/reports/items",
    "/train/reports/items/basics/quiz", "/train/reports/summary.csv", "/train/reports/matrix.csv",
    "/train/reports/overdue.csv", "/train/reports/departments.csv", "/train/reports/items/basics/quiz.csv",
    "/train/reports/charts/modules.svg", "/train/reports/charts/departments.svg",
]


@pytest.fixture
def staff(make_user):
    """An admin, a trainer and a learner, nobody signed in."""
    return {role: make_user(f"{role}@example.com", role=role) for role in ("admin", "trainer", "learner")}


@pytest.fixture
def trainer(staff, auth):
    auth.login("trainer@example.com")
    return staff["trainer"]


@pytest.fixture
def data(app, staff, course):
    """Jürgen (Vertrieb, with an umlaut and a formula-like name) failed the quiz; Ann completed basics."""
    q = course.lesson("basics", "quiz").questions
    with app.app_context(), database.connection_context():
        jurgen = person("juergen@example.com", "Vertrieb & Süd", name="=Jürgen Müller")
        ann = person("ann@example.com", "Service", name="Ann <b>Berger</b>")
        lesson(ann, "basics", "welcome", ago(3), ago(3))
        lesson(ann, "basics", "quiz", ago(3), ago(2))
        attempt(ann, "basics", "quiz", ago(2), [(x.key, x.text, "richtig", True) for x in q])
        for n in range(3):
            attempt(jurgen, "basics", "quiz", ago(1, n), [(x.key, x.text, "Größe", False) for x in q])
        assignment("advanced", ago(1), department="Vertrieb & Süd")
    return {"jurgen": jurgen, "ann": ann}


@pytest.mark.parametrize("path", TRAINER_PAGES)
def test_trainer_pages_need_sign_in_and_refuse_learners(client, auth, staff, path):
    signed_out = client.get(path)
    assert signed_out.status_code == 302 and signed_out.location.startswith("/login?next=")
    auth.login("learner@example.com")
    assert client.get(path).status_code == 403
    auth.logout()
    auth.login("trainer@example.com")
    assert client.get(path).status_code == 200
    auth.logout()
    auth.login("admin@example.com")
    assert client.get(path).status_code == 200


def test_person_record_page_permissions(client, auth, staff, data):
    path = f"/train/reports/people/{data['jurgen'].id}"
    assert client.get(path).status_code == 302
    auth.login("learner@example.com")
    assert client.get(path).status_code == 403
    assert client.get(path + "/answers.csv").status_code == 403
    auth.logout()
    auth.login("trainer@example.com")
    page = client.get(path).get_data(as_text=True)
    assert "=Jürgen Müller" in page and "Größe" in page and "Failed" in page
    assert client.get(path + "/nothing.csv").status_code == 404
    assert client.get("/train/reports/people/99999").status_code == 404


def test_staff_navigation_by_role(client, auth, staff):
    auth.login("learner@example.com")
    page = client.get("/").get_data(as_text=True)
    assert 'id="nav-reports"' not in page and 'id="nav-people"' not in page
    auth.logout()
    auth.login("trainer@example.com")
    page = client.get("/").get_data(as_text=True)
    assert 'id="nav-content"' in page and 'id="nav-reports"' in page and 'id="nav-people"' not in page
    auth.logout()
    auth.login("admin@example.com")
    page = client.get("/").get_data(as_text=True)
    assert 'id="nav-people"' in page and 'id="nav-assignments"' in page


def test_content_page_lists_modules_lessons_quizzes_and_errors(client, trainer, lessons_dir):
    (lessons_dir / "01-basics" / "03-broken.md").write_text("---\ntitle: Broken\nfoo: 1\n---\nText\n", encoding="utf-8")
    page = client.get("/train/content").get_data(as_text=True)
    assert "Basics" in page and "First check" in page and "Final check" in page
    assert "pass 75%" in page and "3 attempts" in page and "wait 1 h after a fail" in page
    assert "01-basics/03-broken.md:3" in page and "unknown front matter key" in page
    assert 'id="reload-now"' in page


def read_csv(response) -> list[list[str]]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_csv_downloads_keep_umlauts_and_neutralise_formulas(client, trainer, data):
    response = client.get("/train/reports/matrix.csv")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == ["name", "email", "department", "active", "Basics", "Advanced"]
    by_email = {row[1]: row for row in rows[1:]}
    assert by_email["juergen@example.com"] == ["'=Jürgen Müller", "juergen@example.com", "Vertrieb & Süd", "yes",
                                               "Failed", "Overdue"]
    assert by_email["ann@example.com"][4] == "Completed"
    summary = read_csv(client.get("/train/reports/summary.csv"))
    assert summary[1][:6] == ["basics", "Basics", "5", "5", "1", "1"]
    items = read_csv(client.get("/train/reports/items/basics/quiz.csv"))
    assert items[1][7:] == ["Größe", "3"]
    overdue = read_csv(client.get("/train/reports/overdue.csv?department=Vertrieb+%26+S%C3%BCd"))
    assert [(row[0], row[3]) for row in overdue[1:]] == [("'=Jürgen Müller", "Basics"), ("'=Jürgen Müller", "Advanced")]
    answers = read_csv(client.get(f"/train/reports/people/{data['jurgen'].id}/answers.csv"))
    assert len(answers) == 1 + 3 * 4 and answers[1][7] == "Größe"


def test_report_pages_show_states_in_words_and_escape_names(client, trainer, data):
    page = client.get("/train/reports/matrix").get_data(as_text=True)
    assert 'class="state state-failed">Failed' in page and 'class="state state-overdue">Overdue' in page
    assert "Ann &lt;b&gt;Berger&lt;/b&gt;" in page and "<b>Berger" not in page
    filtered = client.get("/train/reports/matrix?department=Service").get_data(as_text=True)
    assert "Ann &lt;b&gt;" in filtered and "Jürgen" not in filtered
    overdue = client.get("/train/reports/overdue").get_data(as_text=True)
    assert "=Jürgen Müller" in overdue and "Vertrieb &amp; Süd" in overdue
    items = client.get("/train/reports/items/basics/quiz").get_data(as_text=True)
    assert "Größe" in items and "(3×)" in items
    summary = client.get("/train/reports").get_data(as_text=True)
    assert 'id="csv-summary"' in summary and 'id="chart-modules"' in summary and "style=" not in summary


def test_charts_are_svg_with_escaped_labels(client, trainer, data):
    response = client.get("/train/reports/charts/departments.svg")
    assert response.mimetype == "image/svg+xml"
    svg = response.get_data(as_text=True)
    assert svg.startswith("<svg") and "Vertrieb &amp; Süd" in svg and "style=" not in svg
    assert client.get("/train/reports/charts/nothing.svg").status_code == 404
    assert client.get("/train/reports/nothing.csv").status_code == 404


def test_deactivated_people_only_when_asked_for(client, trainer, data, app):
    from course.models import User

    with app.app_context(), database.connection_context():
        User.update(active=False).where(User.id == data["jurgen"].id).execute()
    assert "Jürgen" not in client.get("/train/reports/matrix").get_data(as_text=True)
    page = client.get("/train/reports/matrix?inactive=1").get_data(as_text=True)
    assert "Jürgen" in page and "deactivated" in page
