"""Every report table as (filename, header, rows) for the CSV downloads: a registry, one entry per table."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import abort, g, has_request_context, request

from course import clock, reports
from course.content.values import Course
from course.domain import managers
from course.models import User, utcnow
from course.reports.common import whole_company
from course.reports.filters import NO_FILTER, PeopleFilter
from course.web.formats import assignment_source, state_name, state_names
from course.web.i18n import _

Table = tuple[str, tuple[str, ...], list[tuple]]


def scope_from_request() -> reports.Scope:
    """Read the department filter and the 'include deactivated' checkbox; a manager gets 403 outside their departments."""
    department = request.args.get("department") or None
    allowed = managers.departments_of(g.user)
    if allowed is not None:  # a manager: one of their departments at a time, the first by default
        if department is None and allowed:
            department = allowed[0]
        if department not in allowed:
            abort(403)
    return reports.Scope(department, request.args.get("inactive") == "1")


def department_choices() -> list[str]:
    """The departments the report filter offers this person: a manager's own, or every one."""
    allowed = managers.departments_of(g.user)
    return reports.departments() if allowed is None else allowed


def person_in_reach(person: User) -> User:
    """Return the person if the signed-in trainer or manager may see their record, else 403."""
    if not managers.may_see(g.user, person.department):
        abort(403)
    return person


def found_from_request() -> PeopleFilter:
    """Read the name search and the state filter (none outside a request, as for the command line)."""
    return PeopleFilter.read(request.args) if has_request_context() else NO_FILTER


def page_of(items: list, page: int, size: int = 100) -> tuple[list, int, int]:
    """Return one page of a list, the page number (kept in range) and the page count."""
    pages = max(1, -(-len(items) // size))
    page = min(max(page, 1), pages)
    return items[(page - 1) * size : page * size], page, pages


def percent(value: float | None) -> float | str:
    return "" if value is None else round(value, 1)


def summary_table(course: Course, scope: reports.Scope) -> Table:
    rows = [(r.module_id, r.title, r.people, r.assigned, r.started, r.completed, "" if r.passed is None else r.passed,
             percent(r.average_best), "" if r.median_seconds is None else round(r.median_seconds / 3600, 2))
            for r in reports.module_summary(course, scope)]
    header = (_("module id"), _("module"), _("people"), _("assigned"), _("started"), _("completed"), _("passed"),
              _("average best score %"), _("median hours to complete"))
    return "modules.csv", header, rows


@whole_company
def matrix_table(course: Course, scope: reports.Scope) -> Table:
    header = (_("name"), _("email"), _("department"), _("active")) + tuple(m.title for m in course.modules)
    found = found_from_request()  # the CSV keeps the page's search and state filter
    names = state_names()
    rows = [(p.name, p.email, p.department, p.active, *map(names.__getitem__, states))
            for p, states in reports.matrix_states(course, scope, found=found)]
    return "matrix.csv", header, rows


@whole_company
def overdue_table(course: Course, scope: reports.Scope) -> Table:
    now = utcnow()
    rows = [(r.person.name, r.person.email, r.person.department, r.module_title, clock.local_day(r.due_at),
             r.days_overdue(now), assignment_source(r.source)) for r in reports.overdue(course, scope, now, found_from_request())]
    header = (_("name"), _("email"), _("department"), _("module"), _("due date"), _("days overdue"), _("assigned by"))
    return "overdue.csv", header, rows


def department_rows(course: Course, scope: reports.Scope) -> list[reports.DepartmentCompletion]:
    """Completion per department: every department for trainers, a manager's own for a manager."""
    allowed = managers.departments_of(g.user) if has_request_context() and g.get("user") else None
    return [r for r in reports.completion_by_department(course, scope) if allowed is None or r.department in allowed]


def departments_table(course: Course, scope: reports.Scope) -> Table:
    rows = [(r.department, r.people, r.completed, r.possible, percent(r.percent))
            for r in department_rows(course, scope)]
    header = (_("department"), _("people"), _("modules completed"), _("possible"), _("completed %"))
    return "departments.csv", header, rows


REPORT_TABLES: dict[str, Callable[[Course, reports.Scope], Table]] = {
    "summary": summary_table,
    "matrix": matrix_table,
    "overdue": overdue_table,
    "departments": departments_table,
}


def item_table(course: Course, module_id: str, lesson_id: str, scope: reports.Scope) -> Table:
    analysis = reports.item_analysis(course, module_id, lesson_id, scope)
    if analysis is None:
        abort(404)
    rows = [(r.question_key, r.text, r.retired, r.answers, percent(r.right_share), r.first_answers,
             percent(r.first_right_share), r.top_wrong or "", r.top_wrong_count) for r in analysis.rows]
    header = (_("question key"), _("question"), _("retired"), _("answers"), _("right %"), _("first attempts"),
              _("right on first attempt %"), _("most chosen wrong answer"), _("times chosen"))
    return f"items-{module_id}-{lesson_id}.csv", header, rows


def _modules(record: reports.PersonRecord) -> tuple[tuple[str, ...], list[tuple]]:
    header = (_("module"), _("state"), _("lessons done"), _("lessons"), _("due date"), _("assigned by"), _("valid until"))
    return header, [(c.title, state_name(c.state), c.done, c.total, _day(c.due_at),
                     assignment_source(c.due.source) if c.due else "", _day(c.valid_until)) for c in record.modules]


def _day(value) -> date | None:
    return clock.local_day(value) if value else None


def _lessons(record: reports.PersonRecord) -> tuple[tuple[str, ...], list[tuple]]:
    return (_("module id"), _("lesson id"), _("lesson"), _("started"), _("completed"), _("retired")), [
        (x.module_id, x.lesson_id, x.title, x.started_at, x.completed_at, x.retired) for x in record.lessons]


def _answers(record: reports.PersonRecord) -> tuple[tuple[str, ...], list[tuple]]:
    header = (_("attempt"), _("submitted"), _("module id"), _("lesson"), _("score %"), _("passed"), _("question"),
              _("answer given"), _("right"), _("retired"))
    return header, [(a.id, a.submitted_at, a.module_id, a.title, percent(a.score_percent), a.passed, r.question_text,
                     r.answer_given, r.right, a.retired or r.retired) for a in record.attempts for r in a.responses]


PERSON_TABLES = {"modules": _modules, "lessons": _lessons, "answers": _answers}


def person_table(course: Course, person: User, table: str) -> Table:
    if table not in PERSON_TABLES:
        abort(404)
    header, rows = PERSON_TABLES[table](reports.person_record(course, person))
    return f"person-{person.id}-{table}.csv", header, rows
