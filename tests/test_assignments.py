"""Assignments: due dates, which assignment counts, the admin's page and the learner's dashboard (states: test_standing.py)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest
from builders import NOW, ago, assignment, attempt, lesson, person
from conftest import csrf_token

from course import clock
from course.db import database
from course.domain.assignments import AssignmentError, assign, assign_from_form, dues_by_person, resolve_dues, unassign
from course.models import Assignment


@pytest.fixture
def db(app):
    with app.app_context(), database.connection_context():
        yield


def test_assign_by_due_days_or_date_and_again_replaces(db, course):
    basics, advanced = course.modules  # basics: due_days 14; advanced: none
    first = assign(basics, None, department="Service", now=NOW)
    assert first.due_at == clock.due_after(NOW, 14)  # the end of that local day (tests/test_clock.py)
    assert assign(advanced, None, department="Service", now=NOW).due_at is None
    again = assign(basics, None, department="Service", due_at=datetime(2030, 1, 31), now=NOW)
    assert again.id == first.id and again.due_at == datetime(2030, 1, 31)
    assert Assignment.select().count() == 2
    with pytest.raises(AssignmentError):
        assign(basics, None, now=NOW)
    assert unassign(first.id) and not unassign(first.id)


def test_own_assignment_beats_department_beats_mandatory(db, course):
    ann, ben, cem = person("ann@example.com", "Sales"), person("ben@example.com", "Sales"), person("cem@example.com", "IT")
    rows = [assignment("basics", ago(-30), department="Sales"), assignment("basics", ago(-60), user=ann),
            assignment("advanced", None, department="Sales")]
    dues = resolve_dues(course, [ann, ben, cem], rows)
    assert (dues[(ann.id, "basics")].source, dues[(ann.id, "basics")].due_at) == ("person", ago(-60))
    assert (dues[(ben.id, "basics")].source, dues[(ben.id, "basics")].due_at) == ("department", ago(-30))
    assert (dues[(cem.id, "basics")].source, dues[(cem.id, "basics")].due_at) == ("mandatory", clock.due_after(ago(30), 14))
    assert dues[(ben.id, "advanced")].due_at is None and (cem.id, "advanced") not in dues


def test_people_whom_only_their_department_is_assigned_share_its_dues(db, course):
    """A whole company is 100,000 people: one mapping per department, not one pair per person and module."""
    ann, ben, cem = person("ann@example.com", "Sales"), person("ben@example.com", "Sales"), person("cem@example.com", "Sales")
    rows = [assignment("advanced", ago(-30), department="Sales"), assignment("advanced", ago(-60), user=cem)]
    optional = replace(course, modules=tuple(replace(m, mandatory=False) for m in course.modules))
    dues = dues_by_person(optional, [ann, ben, cem], rows)
    assert dues[ann.id] is dues[ben.id] and list(dues[ann.id].values()) == [resolve_dues(optional, [ann], rows)[(ann.id, "advanced")]]
    assert dues[cem.id]["advanced"].source == "person" and dues[ann.id]["advanced"].source == "department"
    mandatory = dues_by_person(course, [ann, ben], rows)  # a mandatory module is due from each one's start
    assert mandatory[ann.id] is not mandatory[ben.id] and mandatory[ann.id]["advanced"] == dues[ann.id]["advanced"]


@pytest.mark.parametrize(("form", "problem"), [
    ({"module_id": "nope", "department": "Sales"}, "Choose a module."),
    ({"module_id": "basics"}, "Choose either one person or one department."),
    ({"module_id": "basics", "department": "Sales", "email": "ann@example.com"}, "Choose either one person or one department."),
    ({"module_id": "basics", "email": "ghost@example.com"}, "There is no active account for ghost@example.com."),
    ({"module_id": "basics", "department": "Sales", "due": "31.01.2030"}, "Enter the due date as YYYY-MM-DD"),
])
def test_assignment_form_problems(db, course, form, problem):
    person("ann@example.com")
    done, message = assign_from_form(course, form, None)
    assert done is None and message.startswith(problem)


def test_a_due_date_counts_to_the_end_of_that_day_in_the_local_zone(db, course):
    done, _ = assign_from_form(course, {"module_id": "advanced", "department": "Sales", "due": "2030-01-31"}, None)
    assert done.due_at == datetime(2030, 1, 31, 22, 59, 59)  # midnight in Berlin (winter, UTC+1)
    summer, _ = assign_from_form(course, {"module_id": "advanced", "department": "IT", "due": "2030-07-31"}, None)
    assert summer.due_at == datetime(2030, 7, 31, 21, 59, 59)  # midnight in Berlin (summer, UTC+2)


def test_admin_assigns_on_the_page_and_removes(client, make_user, auth, app):
    make_user("admin@example.com", role="admin")
    make_user("ann@example.com", name="Ann")
    auth.login("admin@example.com")
    token = csrf_token(client, "/people/assignments")
    response = client.post("/people/assignments", data={"csrf_token": token, "module_id": "advanced",
                                                         "email": "ann@example.com", "due": "2030-03-01"})
    assert response.status_code == 302
    page = client.get("/people/assignments").get_data(as_text=True)
    assert "Assigned “Advanced” to ann@example.com." in page and "March 1, 2030" in page
    refused = client.post("/people/assignments", data={"csrf_token": token, "module_id": "advanced"})
    assert refused.status_code == 400 and "Choose either one person or one department." in refused.get_data(as_text=True)
    with app.app_context(), database.connection_context():
        row = Assignment.get()
    removed = client.post(f"/people/assignments/{row.id}/delete", data={"csrf_token": token})
    assert removed.status_code == 302
    with app.app_context(), database.connection_context():
        assert Assignment.select().count() == 0


def test_learner_sees_what_is_assigned_and_overdue_in_red(client, app, make_user, auth, course):
    make_user("admin@example.com", role="admin")
    learner = make_user("learner@example.com", created_at=ago(30))
    q = course.lesson("basics", "quiz").questions
    with app.app_context(), database.connection_context():
        for n in range(3):  # three failed attempts: basics is failed
            attempt(learner, "basics", "quiz", ago(2, n), [(x.key, x.text, "no", False) for x in q])
        lesson(learner, "basics", "quiz", ago(3))
        assignment("advanced", ago(4), user=learner)
    auth.login()
    page = client.get("/").get_data(as_text=True)
    assigned = page.split('id="assigned"')[1].split("</section>")[0]
    assert "Assigned to you" in page
    assert assigned.index("Basics") < assigned.index("Advanced")  # soonest due first
    with app.app_context():
        due = clock.local_day(ago(4))  # the page shows the local day: from 23:00 UTC Berlin's is the next one
    assert 'class="due-overdue">was due ' + f"{due:%B} {due.day}, {due.year}" in assigned
    assert 'class="state state-failed">Failed' in assigned and 'class="state state-overdue">Overdue' in assigned
    modules = page.split('id="assigned"')[1].split("</section>")[1]
    assert 'class="state state-failed">Failed' in modules  # the module cards show the same states
    module_page = client.get("/learn/advanced").get_data(as_text=True)
    assert 'class="state state-overdue">Overdue' in module_page  # and so does the module's own page


def test_a_new_person_sees_the_mandatory_module_due_later(client, learner):
    page = client.get("/").get_data(as_text=True)
    assigned = page.split('id="assigned"')[1].split("</section>")[0]
    assert "Basics" in assigned and "Advanced" not in assigned
    assert "due-overdue" not in assigned and 'class="state state-not-started">Not started' in assigned


def test_nothing_assigned_means_no_section(client, learner, lessons_dir):
    module = lessons_dir / "01-basics" / "module.md"
    module.write_text(module.read_text(encoding="utf-8").replace("mandatory: true\n", ""), encoding="utf-8")
    page = client.get("/").get_data(as_text=True)
    assert "Basics" in page and "Assigned to you" not in page
