"""The trainer's side of practice exercises (blueprint `review`): each exercise's review queue, one reply with its review, the item analysis.

Managers read the queue, the replies and the analysis of their own departments, as they read the
other reports; writing a review (comment, reviewed, example) is a trainer's.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for

from course import reports
from course.domain import replies, reviews
from course.models import Reply, User
from course.reports.exercise_items import exercise_analysis
from course.reports.replies import find_exercise, review_queue, versions_of
from course.views.common import current_course
from course.views.review_tables import analysis_table, queue_table
from course.views.tables import department_choices, person_in_reach, scope_from_request
from course.web.auth import requires
from course.web.csvout import csv_response
from course.web.i18n import _, translate

bp = Blueprint("review", __name__, url_prefix="/train")


def _exercise_or_404(module_id: str, lesson_id: str, key: str, scope: reports.Scope):
    return find_exercise(current_course(), module_id, lesson_id, key, scope) or abort(404)


@bp.route("/practice/<module_id>/<lesson_id>/<key>")
@requires("manager")  # managers: their departments only (scope_from_request)
def queue(module_id: str, lesson_id: str, key: str):
    """Show one exercise's newest reply per person, newest first, with checks and review state."""
    scope = scope_from_request()
    exercise = _exercise_or_404(module_id, lesson_id, key, scope)
    only_open = request.args.get("open") == "1"
    found = review_queue(module_id, lesson_id, key, scope, request.args.get("page", 1, type=int), only_open)
    return render_template("review/queue.html", exercise=exercise, queue=found, scope=scope, only_open=only_open,
                           departments=department_choices())


@bp.route("/practice/<module_id>/<lesson_id>/<key>.csv")
@requires("manager")  # managers: their departments only (scope_from_request)
def queue_csv(module_id: str, lesson_id: str, key: str):
    """Download one exercise's newest replies, with checks and reviews, as CSV."""
    scope = scope_from_request()
    _exercise_or_404(module_id, lesson_id, key, scope)
    return csv_response(*queue_table(module_id, lesson_id, key, scope))


def _reply_in_reach(reply_id: int) -> tuple[Reply, User]:
    reply = Reply.select(Reply, User).join(User).where(Reply.id == reply_id).first() or abort(404)
    return reply, person_in_reach(reply.user)


@bp.route("/replies/<int:reply_id>")
@requires("manager")  # managers: people of their departments only (person_in_reach)
def reply(reply_id: int):
    """Show one version of a reply, every version of the person's, and the trainer's review form."""
    return _reply_page(*_reply_in_reach(reply_id))


@bp.route("/replies/<int:reply_id>/review", methods=["POST"])
@requires("trainer")
def save(reply_id: int):
    """Save the trainer's review of this version: comment, reviewed, and whether it is shown as an example."""
    shown, person = _reply_in_reach(reply_id)
    comment, example = request.form.get("comment", ""), request.form.get("example") == "1"
    try:
        reviews.review_reply(g.user, shown.id, comment, example, exercise=_exercise_of(shown)[1])
    except reviews.ReviewRefused as refusal:
        flash(translate(refusal.args[0]), "error")
        return _reply_page(shown, person, typed=(comment, example)), 400  # the typed comment stays in its field
    flash(_("Review saved."), "success")
    return redirect(url_for("review.reply", reply_id=reply_id))


def _exercise_of(shown: Reply):
    """The lesson and exercise a reply answered, as the course has them today (None where gone)."""
    lesson = current_course().lesson(shown.module_id, shown.lesson_id)
    return lesson, next((e for e in lesson.exercises if e.key == shown.exercise_key), None) if lesson else None


def _reply_page(shown: Reply, person: User, typed: tuple[str, bool] | None = None) -> str:
    lesson, exercise = _exercise_of(shown)
    review = replies.review_of(shown)
    comment, example = typed or ((review.comment, review.example) if review else ("", False))
    # what learners see: the stored example, else what choosing it would store (one read of every name: a trainer's page)
    shown_as = review.example_text if review and review.example and review.example_text is not None \
        else reviews.example_text(shown.text, person.name, exercise)
    return render_template("review/reply.html", reply=shown, person=person, lesson=lesson, exercise=exercise,
                           history=versions_of(shown), checks=replies.check_results(shown), review=review,
                           comment=comment, example=example, shown_as=shown_as, max_comment=reviews.MAX_COMMENT)


@bp.route("/reports/exercises/<module_id>/<lesson_id>/<key>")
@requires("manager")  # managers: their departments only (scope_from_request)
def analysis(module_id: str, lesson_id: str, key: str):
    """Analyse one exercise: which checks fail most on first and newest replies, and the median revisions."""
    scope = scope_from_request()
    found = exercise_analysis(current_course(), module_id, lesson_id, key, scope) or abort(404)
    return render_template("review/analysis.html", analysis=found, scope=scope, departments=department_choices())


@bp.route("/reports/exercises/<module_id>/<lesson_id>/<key>.csv")
@requires("manager")  # managers: their departments only (scope_from_request)
def analysis_csv(module_id: str, lesson_id: str, key: str):
    """Download one exercise's item analysis as CSV."""
    return csv_response(*analysis_table(current_course(), module_id, lesson_id, key, scope_from_request()))
