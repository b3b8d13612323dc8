"""The admin's mail page: where mail goes, what failed or waits for a retry; invitations from the browser."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from peewee import fn

from course import reports
from course.domain import newcomers
from course.mail import invite as invitations
from course.mail import ledger
from course.mail.run import deliver
from course.mail.transport import MailSettingsError, OutboxTransport, transport_for
from course.models import Mail, User
from course.views.common import current_course
from course.views.password_links import chosen_department
from course.web.auth import requires
from course.web.i18n import _, ngettext, translate

bp = Blueprint("mail", __name__, url_prefix="/people/mail")
SHOWN = 200  # failed and waiting mails listed; the rest are counted


@bp.route("/")
@requires("admin")
def index():
    """Say where mail goes; list given-up and waiting mails with their last error."""
    try:
        transport, problem = transport_for(current_app.config, current_app.instance_path), None
    except MailSettingsError as error:
        transport, problem = None, error.args[0]  # a Message: the page shows it in the reader's language
    counts = dict(Mail.select(Mail.status, fn.COUNT(Mail.id)).group_by(Mail.status).tuples())
    troubled = (Mail.select(Mail, User).join(User).where((Mail.status == "given-up") | (Mail.attempts > 0) & (Mail.status == "pending"))
                .order_by(Mail.status, Mail.next_attempt_at.desc()).limit(SHOWN))
    return render_template("people/mail.html", transport=transport, outbox=isinstance(transport, OutboxTransport),
                           problem=problem, counts=counts, troubled=list(troubled),
                           without_password=len(newcomers.without_password()), departments=reports.departments())


@bp.route("/<int:mail_id>/retry", methods=["POST"])
@requires("admin")
def retry(mail_id: int):
    """Send a given-up mail again with the next mail run."""
    done = ledger.retry(mail_id)
    flash(_("It goes with the next mail run.") if done else _("That mail is not given up (any more)."), "success" if done else "error")
    return redirect(url_for("mail.index"))


@bp.route("/invite-without-password", methods=["POST"])
@requires("admin")
def invite_without_password():
    """Record an invitation for everyone without a password (in a department, if chosen); the next mail run sends them."""
    rows = invitations.invite(newcomers.without_password(chosen_department()), once_a_day=True)
    flash(ngettext("%(num)d invitation recorded: it goes with the next mail run (flask mail send-due).",
                   "%(num)d invitations recorded: they go with the next mail run (flask mail send-due).", len(rows)), "success")
    return redirect(url_for("mail.index"))


@bp.route("/invite/<int:user_id>", methods=["POST"])
@requires("admin")
def invite_one(user_id: int):
    """Mail one person an invitation with a new set-password link, now."""
    person = User.get_or_none((User.id == user_id) & (User.active == True))  # noqa: E712
    if person is None:
        flash(_("There is no active account to invite."), "error")
        return redirect(url_for("people.index"))
    try:
        outcome = deliver(current_course(), invitations.invite([person]), say=lambda line: None)
    except MailSettingsError as problem:
        flash(translate(problem.args[0]), "error")
        return redirect(url_for("people.edit", user_id=person.id))
    if outcome["sent"]:
        flash(_("Invitation sent to %(email)s.", email=person.email), "success")
    elif outcome["skipped"]:
        flash(_("%(name)s has set a password already: no invitation sent.", name=person.name), "error")
    else:
        flash(_("The invitation to %(email)s did not go; Kurs tries again (see Mail).", email=person.email), "error")
    return redirect(url_for("people.edit", user_id=person.id))
