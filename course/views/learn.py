"""The learner's pages: dashboard, module, lesson, quiz, result, history, lesson images."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import get_locale

from course.content.scoring import check_answers
from course.domain import attempts, progress, reveal, standing, wayforward
from course.domain.certificate import course_completion
from course.models import QuizAttempt, utcnow
from course.views import certificates, practice
from course.views.common import current_course, lesson_or_404, module_or_404, shown_course
from course.web.auth import requires
from course.web.i18n import _, translate

bp = Blueprint("learn", __name__)


@bp.route("/")
@requires("learner")
def dashboard():
    """Show the course, each module's progress and the next lesson to take."""
    course = shown_course()
    states = standing.person_standing(course, g.user)
    started, completed = progress.lesson_times(g.user)
    done = standing.lessons_done(states, _confirmed_only(completed))
    return render_template(
        "learn/dashboard.html",
        course=course,
        done=done,
        progress=states,
        assigned=standing.assigned_first(list(states.values()), utcnow()),
        next_lesson=progress.next_lesson(course, done | practice.waiting(course, completed)),
        returning=bool(done or started),  # the welcome text is folded once someone has begun
        course_done=wayforward.course_done(course, done),
        certificate_ready=wayforward.certificate_ready(course, states),
    )


@bp.route("/learn/<module_id>")
@requires("learner")
def module(module_id: str):
    """Show a module's introduction and its lessons."""
    mod = module_or_404(module_id)
    states = standing.person_standing(shown_course(), g.user)
    started, completed = progress.lesson_times(g.user)
    done = standing.lessons_done(states, _confirmed_only(completed))
    course = shown_course()
    return render_template("learn/module.html", module=mod, done=done, started=started, progress=states[mod.id],
                           next_step=wayforward.next_in_module(mod, done | practice.waiting(course, completed)),
                           begun=any((mod.id, les.id) in done | started for les in mod.lessons),
                           next_module=wayforward.module_after(course, mod.id))


@bp.route("/learn/<module_id>/<lesson_id>")
@requires("learner")
def lesson(module_id: str, lesson_id: str):
    """Show a lesson, record that it was opened, and put its quiz at the end.

    ?preview=1 lets a trainer read any lesson (from the content page) without it counting as their
    own progress: nothing is recorded and the quiz shows its questions without an attempt.
    """
    course = shown_course()
    mod, les = lesson_or_404(module_id, lesson_id, course)
    # `in` first: werkzeug's get() raises and catches an exception for a missing key, as on almost every page
    if "preview" in request.args and request.args["preview"] == "1" and g.user.at_least("trainer"):
        return _render_lesson(course, mod, les, _version(les), preview=True)
    version = _version(les)
    completed_at = progress.record_started(g.user, les, version)
    return _render_lesson(course, mod, les, version, done=standing.counts_now(practice.lesson_done_at(les, completed_at), _renewing(mod)))


def _confirmed_only(completed: dict) -> dict:
    """Completion times, a confirmation lesson's only when it confirms today's text (read again only if the course has one).

    A lesson with exercises counts only once they are done too (practice.completed).
    """
    course = current_course()
    if any(x.asks_confirmation for m in course.modules for x in m.lessons):
        completed = progress.completion_times(g.user, course)
    return practice.completed(course, completed)


def _version(les) -> str | None:
    """A confirmation lesson's version as its default-language text has it (one version whatever language is read)."""
    source = current_course().lesson(les.module_id, les.id)
    return source.content_hash if source is not None and source.asks_confirmation else None


def _statement(les, version: str | None) -> str:
    """What a confirmation lesson (one with a version) asks the reader to confirm, in the lesson's language if translated."""
    if not version:
        return ""
    return les.confirm or current_course().lesson(les.module_id, les.id).confirm


def _renewing(mod) -> standing.Standing | None:
    """The module's standing when it is due again after recertify_months (lessons must be done anew), else None."""
    if not mod.recertify_months:
        return None  # most modules: no extra queries on the lesson page
    if "kurs_standing" not in g:  # once per request
        g.kurs_standing = standing.person_standing(shown_course(), g.user)
    found = g.kurs_standing.get(mod.id)
    return found if found is not None and found.expired else None


@bp.app_template_filter("language_name")
def language_name(code: str) -> str:
    """Name a course language in the reader's language (en: Englisch in German), for the note on an untranslated lesson."""
    try:
        return Locale.parse(code).get_display_name(get_locale()) or code
    except (ValueError, UnknownLocaleError):
        return code


def _render_lesson(course, mod, les, version, chosen=None, status_code=200, done=None, problems=(), preview=False, drafts=None):
    """The lesson page in the shown course; version: _version(les); drafts: refused replies to keep in their boxes."""
    before, after = mod.neighbours(les.id)
    quiz = None
    if les.has_quiz and preview:
        quiz = {"status": None, "attempt": None, "preview": True, "chosen": {}, "problems": {}, "first_problem": None,
                "questions": attempts.ordered_questions(les, "preview")}
    elif les.has_quiz:
        status = attempts.quiz_status(g.user, les, renewing=_renewing(mod))
        attempt = attempts.open_attempt(g.user, les) if status.may_attempt else None
        quiz = {
            "status": status,
            "attempt": attempt,
            "questions": attempts.ordered_questions(les, attempt.token) if attempt else [],
            "chosen": chosen or {},
            "problems": {p.key: p for p in problems},  # marked at their questions, the first one focused
            "first_problem": problems[0].key if problems else None,
        }
    if done is None:  # this one lesson's completion, read without recording anything
        done = standing.counts_now(practice.lesson_done_at(les, progress.completed_at(g.user, les, version)), _renewing(mod))
    page = render_template(
        "learn/lesson.html", module=mod, lesson=les, before=before, after=after, quiz=quiz, done=done,
        language=course.language, preview=preview, confirm_text=_statement(les, version),
        following=wayforward.lesson_after(course, mod.id, les.id), position=mod.position(les.id),
        exercises=practice.panels(g.user, les, preview, drafts),
    )
    return page, status_code


@bp.route("/learn/<module_id>/<lesson_id>/done", methods=["POST"])
@requires("learner")
def mark_done(module_id: str, lesson_id: str):
    """Mark a lesson without questions as done and go on to the next one."""
    mod, les = lesson_or_404(module_id, lesson_id)
    if les.has_quiz:
        flash(_("This lesson is completed by passing its quiz."), "error")
        return redirect(url_for("learn.lesson", module_id=mod.id, lesson_id=les.id))
    if _version(les):
        flash(_("This lesson is completed by confirming its statement."), "error")
        return redirect(url_for("learn.lesson", module_id=mod.id, lesson_id=les.id))
    progress.record_completed(g.user, les, _renewing(mod))
    return _onward(mod, les)


@bp.route("/learn/<module_id>/<lesson_id>/confirm", methods=["POST"])
@requires("learner")
def confirm(module_id: str, lesson_id: str):
    """Record that you confirm a lesson's statement (this version of its text) and go on."""
    mod, les = lesson_or_404(module_id, lesson_id)
    version = _version(les)
    if version is None:
        abort(404)
    if request.form.get("agree") != "1":
        flash(_("Tick the box to confirm the statement, or come back when you can."), "error")
        return redirect(url_for("learn.lesson", module_id=mod.id, lesson_id=les.id))
    progress.record_confirmed(g.user, les, version, _renewing(mod))
    flash(_("Thank you: your confirmation is recorded."), "success")
    return _onward(mod, les)


def _onward(mod, les):
    """After a lesson is done: its next lesson, else the module page."""
    _before, after = mod.neighbours(les.id)
    if after:
        return redirect(url_for("learn.lesson", module_id=mod.id, lesson_id=after.id))
    # the module page names what is still open here, or offers the next module
    flash(_("You have reached the end of “%(module)s”.", module=mod.title), "info")
    return redirect(url_for("learn.module", module_id=mod.id))


@bp.route("/learn/<module_id>/<lesson_id>/quiz", methods=["POST"])
@requires("learner")
def submit_quiz(module_id: str, lesson_id: str):
    """Score a submitted quiz on the server, record it once, and show the result."""
    # scored in the language the form was shown in: its gaps accept that language's answers
    course = shown_course(request.form.get("language"))
    mod, les = lesson_or_404(module_id, lesson_id, course)
    if not les.has_quiz:
        abort(404)
    form = request.form.to_dict(flat=False)
    token = request.form.get("attempt", "")
    # numbered in the order this attempt showed them (a shuffled quiz is not in file order)
    shown = [q for q, _ in attempts.ordered_questions(les, token)]
    answers, problems = check_answers(shown, form)
    if problems:
        return _render_lesson(course, mod, les, _version(les), chosen=form, status_code=400, problems=problems)
    try:
        submission = attempts.submit_attempt(g.user, les, token, answers, _renewing(mod))
    except attempts.QuizRefused as refusal:
        flash(translate(refusal.args[0]), "error")
        return redirect(url_for("learn.lesson", module_id=mod.id, lesson_id=les.id))
    if submission.duplicate:
        flash(_("This attempt was already recorded; here is its result."), "info")
    return redirect(url_for("learn.result", attempt_id=submission.attempt_id))


@bp.route("/attempts/<int:attempt_id>")
@requires("learner")
def result(attempt_id: int):
    """Show one of your own attempts: score, pass or fail, and each question as allowed."""
    attempt = QuizAttempt.get_or_none((QuizAttempt.id == attempt_id) & (QuizAttempt.user == g.user))
    if attempt is None or attempt.submitted_at is None:
        abort(404)
    course = shown_course()
    les = course.lesson(attempt.module_id, attempt.lesson_id)
    status = attempts.quiz_status(g.user, les) if les else None
    shown = reveal.reveal(les, status, attempt)
    responses = attempts.responses_of(attempt)
    return render_template(
        "learn/result.html",
        attempt=attempt,
        lesson=les,
        module=course.module(attempt.module_id),
        status=status,
        responses=responses,
        reveal=shown,
        chosen=reveal.chosen(responses, shown),
        following=wayforward.lesson_after(course, attempt.module_id, attempt.lesson_id) if les else None,
        certificate_ready=attempt.passed and wayforward.certificate_ready(course, standing.person_standing(course, g.user)),
    )


@bp.route("/history")
@requires("learner")
def history():
    """List your completed lessons and every quiz attempt."""
    course = shown_course()
    return render_template(
        "learn/history.html",
        course=course,
        attempts=attempts.attempt_history(g.user),
        done=set(practice.completed(current_course(), progress.lesson_times(g.user)[1])),
        earlier=progress.earlier_completions(g.user),
    )


@bp.route("/certificate")
@requires("learner")
def certificate():
    """Show your certificate once every mandatory module is complete, else what is still open."""
    course = shown_course()
    completion = course_completion(course, g.user)
    return render_template("learn/certificate.html", course=course, completion=completion,
                           certificate=certificates.issued(course, g.user, completion))


@bp.route("/media/<path:filename>")
@requires("learner")
def media(filename: str):
    """Serve an image a loaded lesson shows; nothing else of the course folder, nothing outside it."""
    path = current_app.extensions["kurs_catalog"].media_file(filename)
    if path is None:
        abort(404)
    response = send_file(path, max_age=300)
    # behind a sign-in: a shared cache must not hand it to anybody else
    response.cache_control.public = False
    response.cache_control.private = True
    # an SVG opened on its own must not run script in Kurs's origin
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
