"""The trainer's pages: the course as loaded (with a reload), reports, CSV downloads and charts."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for

from course import reports
from course.models import User
from course.reports.filters import STATES, PeopleFilter
from course.reports.replies import practice_exercises
from course.views.common import current_course
from course.views.tables import (
    REPORT_TABLES,
    department_choices,
    department_rows,
    item_table,
    page_of,
    person_in_reach,
    person_table,
    scope_from_request,
)
from course.web.auth import requires
from course.web.charts import Bar, bar_chart
from course.web.csvout import csv_response
from course.web.formats import format_number, format_percent, state_names
from course.web.i18n import _

bp = Blueprint("train", __name__, url_prefix="/train")


@bp.app_template_filter("duration")
def duration(seconds: float | None) -> str:
    """Write a span of time the way people say it: 40 min, 5.5 h, 3.2 days."""
    if seconds is None:
        return "—"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h" if seconds < 2 * 86400 else f"{seconds / 86400:.1f} days"


@bp.app_template_test("translation_broken")
def translation_broken(language: str, original: str, broken: set[str]) -> bool:
    """Tell whether the translation of a file (x.md: x.en.md) has errors, so it is left out."""
    return original.removesuffix(".md") + f".{language}.md" in broken


@bp.route("/content")
@requires("trainer")
def content():
    """Show every module, lesson and quiz as loaded, and every content error as file:line."""
    course = current_course()
    root = current_app.config["KURS_LESSONS_DIR"].rstrip("/") + "/"
    broken = {error.path for error in course.errors}
    return render_template("train/content.html", course=course, root=root, broken=broken)


@bp.route("/content/reload", methods=["POST"])
@requires("trainer")
def reload():
    """Re-read the lessons folder now and publish what changed."""
    course = current_app.extensions["kurs_catalog"].refresh()
    flash(_("Reloaded: %(modules)s modules, %(lessons)s lessons, %(errors)s error(s).", modules=len(course.modules),
            lessons=course.lesson_count, errors=len(course.errors)), "error" if course.errors else "success")
    return redirect(url_for("train.content"))


@bp.route("/reports")
@requires("manager")  # managers: their departments only (scope_from_request)
def report_index():
    """Show the module summary and the completion charts."""
    scope = scope_from_request()
    summary = reports.module_summary(current_course(), scope)
    return render_template("train/reports.html", summary=summary, scope=scope, departments=department_choices())


@bp.route("/reports/matrix")
@requires("manager")  # managers: their departments only (scope_from_request)
def report_matrix():
    """Show one page of people × modules, each cell a state in words and colour."""
    scope = scope_from_request()
    found = PeopleFilter.read(request.args)
    result = reports.matrix(current_course(), scope, page=request.args.get("page", 1, type=int), found=found)
    # each state's name translated once for the page's 250 cells (a fifth of the page's time as a filter per cell)
    return render_template("train/matrix.html", matrix=result, scope=scope, found=found, states=STATES,
                           departments=department_choices(), state_names=state_names())


@bp.route("/reports/overdue")
@requires("manager")  # managers: their departments only (scope_from_request)
def report_overdue():
    """List who is past a due date, with module, due date and department."""
    scope = scope_from_request()
    found = PeopleFilter.read(request.args)
    rows = reports.overdue(current_course(), scope, found=found)
    shown, page, pages = page_of(rows, request.args.get("page", 1, type=int))
    return render_template("train/overdue.html", rows=shown, total=len(rows), page=page, pages=pages, scope=scope, found=found,
                           departments=department_choices())


@bp.route("/reports/people/<int:user_id>")
@requires("manager")  # managers: their departments only (scope_from_request)
def report_person(user_id: int):
    """Show one person's record: modules with due dates, lessons, every attempt with its answers."""
    person = person_in_reach(User.get_or_none(User.id == user_id) or abort(404))
    course = current_course()
    return render_template("train/person.html", record=reports.person_record(course, person), course=course)


@bp.route("/reports/items")
@requires("manager")  # managers: their departments only (scope_from_request)
def report_items():
    """List the quiz lessons and the practice exercises to analyse, retired ones last."""
    scope = scope_from_request()
    course = current_course()
    return render_template("train/items.html", lessons=reports.quiz_lessons(course, scope), scope=scope,
                           exercises=practice_exercises(course, scope), departments=department_choices())


@bp.route("/reports/items/<module_id>/<lesson_id>")
@requires("manager")  # managers: their departments only (scope_from_request)
def report_item(module_id: str, lesson_id: str):
    """Analyse one lesson's questions: right on first attempt, right overall, commonest wrong answer."""
    scope = scope_from_request()
    analysis = reports.item_analysis(current_course(), module_id, lesson_id, scope) or abort(404)
    return render_template("train/item.html", analysis=analysis, scope=scope, departments=department_choices())


@bp.route("/reports/<name>.csv")
@requires("manager")  # managers: their departments only (scope_from_request)
def report_csv(name: str):
    """Download a report table as CSV (UTF-8 with BOM), with the page's filters."""
    if name not in REPORT_TABLES:
        abort(404)
    return csv_response(*REPORT_TABLES[name](current_course(), scope_from_request()))


@bp.route("/reports/items/<module_id>/<lesson_id>.csv")
@requires("manager")  # managers: their departments only (scope_from_request)
def item_csv(module_id: str, lesson_id: str):
    """Download one lesson's item analysis as CSV."""
    return csv_response(*item_table(current_course(), module_id, lesson_id, scope_from_request()))


@bp.route("/reports/people/<int:user_id>/<table>.csv")
@requires("manager")  # managers: their departments only (scope_from_request)
def person_csv(user_id: int, table: str):
    """Download one table of a person's record (modules, lessons or answers) as CSV."""
    person = person_in_reach(User.get_or_none(User.id == user_id) or abort(404))
    return csv_response(*person_table(current_course(), person, table))


def _module_bars(course, scope) -> tuple[str, str, list[Bar]]:
    rows = reports.module_summary(course, scope)
    return _("Completion by module"), _("Share of people who completed each module"), [
        Bar(r.title, r.completed_percent, _("%(completed)s of %(people)s", completed=format_number(r.completed),
                                            people=format_number(r.people))) for r in rows]


def _department_bars(course, scope) -> tuple[str, str, list[Bar]]:
    rows = department_rows(course, scope)
    return _("Completion by department"), _("Modules completed per department, out of people × modules"), [
        Bar(r.department or _("(no department)"), r.percent, format_percent(r.percent)) for r in rows]


CHARTS = {"modules": _module_bars, "departments": _department_bars}


@bp.route("/reports/charts/<name>.svg")
@requires("manager")  # managers: their departments only (scope_from_request)
def chart(name: str):
    """Draw a completion chart as SVG on the server."""
    if name not in CHARTS:
        abort(404)
    title, description, bars = CHARTS[name](current_course(), scope_from_request())
    svg = bar_chart(title, bars, description, empty=_("No data yet."))
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "no-store"})
