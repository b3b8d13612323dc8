"""The admin's pages: people (list, create, edit, deactivate, import) and assignments."""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from course import reports
from course.domain import managers, newcomers, people
from course.domain.assignments import all_assignments, assign_from_form
from course.domain.assignments import unassign as remove_assignment
from course.models import User
from course.views.common import current_course
from course.views.password_links import shown
from course.web.auth import requires
from course.web.i18n import _, translate

bp = Blueprint("people", __name__, url_prefix="/people")


def _person_or_404(user_id: int) -> User:
    person = User.get_or_none(User.id == user_id)
    if person is None:
        abort(404)
    return person


@bp.route("/")
@requires("admin")
def index():
    """List and search people; deactivated people only when asked for."""
    query, inactive = request.args.get("q", ""), request.args.get("inactive") == "1"
    found, total, pages = people.search(query, inactive, request.args.get("page", 1, type=int))
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    return render_template("people/index.html", people=found, total=total, page=page, pages=pages, q=query,
                           inactive=inactive, departments=reports.departments())


@bp.route("/new", methods=["GET", "POST"])
@requires("admin")
def create():
    """Create a person; they get a one-time link to set their password."""
    if request.method == "POST":
        person, token, problems = people.create_person(request.form, g.user)
        if person is not None:
            return render_template("people/link.html", person=person, links=shown(newcomers.still_valid([token])),
                                   created=True)
        for sentence in people.as_sentences(problems, translate):
            flash(sentence, "error")
        return render_template("people/form.html", person=None, form=request.form, departments=reports.departments()), 400
    return render_template("people/form.html", person=None, form={}, departments=reports.departments())


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@requires("admin")
def edit(user_id: int):
    """Edit a person's name, department and role."""
    person = _person_or_404(user_id)
    if request.method == "POST":
        problems = people.update_person(person, request.form, g.user)
        if not problems:
            flash(_("Saved %(name)s.", name=request.form.get("name", "").strip()), "success")
            return redirect(url_for("people.edit", user_id=person.id))
        for sentence in people.as_sentences(problems, translate):
            flash(sentence, "error")
        return render_template("people/form.html", person=person, form=request.form, departments=reports.departments(),
                               managed=managers.departments_of(person) or []), 400
    return render_template("people/form.html", person=person, form=person.__data__, departments=reports.departments(),
                           managed=managers.departments_of(person) or [])


@bp.route("/<int:user_id>/departments", methods=["POST"])
@requires("admin")
def managed(user_id: int):
    """Give a manager the departments whose reports they see."""
    person = _person_or_404(user_id)
    if person.role != "manager":
        flash(_("Only a manager is given departments: make this person a manager first."), "error")
    else:
        try:
            chosen = managers.set_departments(person, request.form.getlist("department"))
        except ValueError:
            flash(_("A department has at most 100 characters: nothing was changed."), "error")
            return redirect(url_for("people.edit", user_id=person.id))
        flash(_("%(name)s sees the reports of: %(departments)s.", name=person.name,
                departments=", ".join(chosen) or _("no department")), "success")
    return redirect(url_for("people.edit", user_id=person.id))


@bp.route("/<int:user_id>/active", methods=["POST"])
@requires("admin")
def set_active(user_id: int):
    """Deactivate a person (their sessions end, their history stays) or reactivate them."""
    person = _person_or_404(user_id)
    active = request.form.get("active") == "1"
    problem = people.set_active(person, active, g.user)
    done = _("%(name)s is active again.", name=person.name) if active else _("%(name)s is deactivated.", name=person.name)
    flash(translate(problem) if problem else done, "error" if problem else "success")
    return redirect(url_for("people.edit", user_id=person.id))


@bp.route("/<int:user_id>/password-link", methods=["POST"])
@requires("admin")
def password_link(user_id: int):
    """Issue a new one-time link to set the password (earlier links stop working)."""
    person = _person_or_404(user_id)
    if not person.active:
        flash(_("Reactivate this person first."), "error")
        return redirect(url_for("people.edit", user_id=person.id))
    return render_template("people/link.html", person=person, links=shown(newcomers.new_links([person], g.user)))


@bp.route("/import", methods=["GET", "POST"])
@requires("admin")
def import_people():
    """Preview a CSV of people with every row's problem; import the good rows on confirm."""
    if request.method == "GET":
        return render_template("people/import.html", preview=None)
    upload = request.files.get("file")
    text = request.form.get("csv", "")
    if upload and upload.filename:
        try:
            text, encoding = people.decode(upload.read())
        except people.UnreadableFile as problem:
            flash(_("Kurs cannot read this file: %(problem)s.", problem=translate(problem.args[0])), "error")
            return render_template("people/import.html", preview=None), 400
        if encoding != "UTF-8":
            flash(_("Read as %(encoding)s. Check the umlauts in the names below before you import.", encoding=encoding),
                  "info")
    if not text.strip():
        flash(_("Choose a CSV file saved as UTF-8 (or paste its text)."), "error")
        return render_template("people/import.html", preview=None), 400
    if request.form.get("confirm") == "1":
        preview, created = people.apply_import(text, g.user)
        links = shown(newcomers.still_valid([token for _person, token in created]))
        return render_template("people/imported.html", preview=preview, links=links)
    return render_template("people/import.html", preview=people.preview_import(text), text=text)


@bp.route("/assignments", methods=["GET", "POST"])
@requires("admin")
def assignments():
    """List assignments and assign a module to a department or a person."""
    course = current_course()
    if request.method == "POST":
        done, problem = assign_from_form(course, request.form, g.user)
        if done is not None:
            flash(_("Assigned “%(module)s” to %(who)s.", module=course.module(done.module_id).title,
                    who=request.form.get("email") or done.department), "success")
            return redirect(url_for("people.assignments"))
        flash(translate(problem), "error")
    return render_template("people/assignments.html", course=course, rows=all_assignments(),
                           departments=reports.departments(), form=request.values), 400 if request.method == "POST" else 200


@bp.route("/assignments/<int:assignment_id>/delete", methods=["POST"])
@requires("admin")
def unassign(assignment_id: int):
    """Remove one assignment."""
    removed = remove_assignment(assignment_id)
    flash(_("Assignment removed.") if removed else _("That assignment was already gone."), "success" if removed else "error")
    return redirect(url_for("people.assignments"))
