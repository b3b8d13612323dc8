"""Certificates that can be checked: the learner's PDF, and /verify/<code> for anyone holding one."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale

from course.content.values import Course
from course.domain import verification
from course.domain.certificate import Completion, course_completion
from course.models import Certificate, User, utcnow
from course.views.common import shown_course
from course.web.auth import public, requires
from course.web.certificate_pdf import certificate_pdf
from course.web.i18n import _
from course.web.links import verify_link

bp = Blueprint("certificates", __name__)
verify_bp = Blueprint("verify", __name__, url_prefix="/verify")
bp.add_app_template_filter(verification.shown, "verification_code")
bp.add_app_template_filter(verify_link, "verify_link")


def issued(course: Course, user: User, completion: Completion) -> Certificate | None:
    """The certificate of a complete course (issued on first sight, then the same); None while open."""
    if not completion.complete:
        return None
    return verification.certificate_for(user, course.title, completion.completed_at, completion.valid_until)


@bp.route("/certificate.pdf")
@requires("learner")
def pdf():
    """Download your certificate as a PDF, in your language, with its verification code."""
    course = shown_course()
    completion = course_completion(course, g.user)
    certificate = issued(course, g.user, completion) or abort(404)
    if certificate.revoked_at is not None:
        abort(404)
    body = certificate_pdf(course, g.user, completion, certificate, get_locale().language)
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="certificate-{verification.shown(certificate.code)}.pdf"',
        "Cache-Control": "no-store"})


@bp.route("/people/certificates/<int:certificate_id>/revoke", methods=["POST"])
@requires("admin")
def revoke(certificate_id: int):
    """Revoke a certificate issued in error: its code shows nothing from now on."""
    certificate = Certificate.get_or_none(Certificate.id == certificate_id) or abort(404)
    verification.revoke(certificate.id)
    flash(_("Certificate %(code)s revoked.", code=verification.shown(certificate.code)), "success")
    return redirect(url_for("people.edit", user_id=certificate.user_id))


@verify_bp.route("/")
@public
def form():
    """Ask for a code (a QR-less paper certificate is checked by typing it)."""
    code = request.args.get("code", "").strip()
    if code:
        return redirect(url_for("verify.show", code=code))
    return render_template("verify/form.html")


@verify_bp.route("/<code>")
@public
def show(code: str):
    """Show only name, course, date and validity of a valid code; the same "nothing found" for any other."""
    certificate = verification.find(code)
    if certificate is None:
        return render_template("verify/unknown.html"), 404
    expired = certificate.valid_until is not None and certificate.valid_until < utcnow()
    return render_template("verify/show.html", certificate=certificate, expired=expired)


@verify_bp.after_request
def _private(response):
    # a checked certificate names a person: no caches, no search engines, no Referer to elsewhere
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
