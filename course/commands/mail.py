"""`flask mail send-due` (for cron) and `flask mail invite`: the mail package (course/mail/) run from the command line."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from course.commands.options import option
from course.mail import invite as invitations
from course.mail import ledger, run
from course.mail.kinds import kind_name
from course.mail.transport import MailSettingsError, transport_for
from course.models import User, utcnow
from course.web.i18n import _, cli_locale, lazy_gettext, ngettext, translate

mail = AppGroup("mail", help=lazy_gettext("Send invitations, reminders and digests."))

# the outcomes of sending, as the summary line names them
OUTCOMES = {"sent": lazy_gettext("sent"), "skipped": lazy_gettext("skipped"), "retry": lazy_gettext("to retry"),
            "given-up": lazy_gettext("given up")}


def _context():
    """A request context for absolute links in mails (KURS_BASE_URL, else where `make run` serves)."""
    return current_app.test_request_context(base_url=current_app.config.get("KURS_BASE_URL") or "http://127.0.0.1:5000")


def _transport_line() -> str:
    try:
        return translate(transport_for(current_app.config, current_app.instance_path).describe())
    except MailSettingsError as problem:
        raise click.ClickException(translate(problem.args[0])) from None


def _counts(outcomes) -> str:
    """'3 sent, 1 to retry': each outcome with its count, in the order of OUTCOMES."""
    return ", ".join(_("%(num)s %(outcome)s", num=outcomes[what], outcome=OUTCOMES[what])
                     for what in OUTCOMES if outcomes.get(what))


@mail.command("send-due", help=lazy_gettext(
    "Record the reminders and digests due now, then send every mail that may go (run it from cron)."))
@option("--dry-run", is_flag=True, help=lazy_gettext("List what would go; record and send nothing."))
def send_due(dry_run: bool) -> None:
    """Record the reminders and digests due now, then send every mail that may go (run it from cron)."""
    course = current_app.extensions["kurs_catalog"].course()
    where = _transport_line()
    now = utcnow()
    if dry_run:
        new, waiting = ledger.unrecorded(run.plan(course, now)), ledger.sendable(now)
        people = {u.id: u for u in User.select()}
        for planned in new:
            click.echo(run.describe(planned, people, translate))
        for row in waiting:
            click.echo(f"{translate(kind_name(row.kind))}\t{people[row.user_id].email}\t" + _("(recorded, attempt %(num)s)", num=row.attempts + 1))
        click.echo(ngettext("Dry run: %(num)s mail would go (%(where)s). Nothing was recorded or sent.",
                            "Dry run: %(num)s mails would go (%(where)s). Nothing was recorded or sent.",
                            len(new) + len(waiting), where=where))
        return
    with _context(), cli_locale():  # a request for the links; each mail is written in its reader's language
        result = run.send_due(course, now, say=lambda line: click.echo(translate(line), err=True))
    click.echo(ngettext("Recorded %(num)s new mail; %(counts)s (%(where)s).", "Recorded %(num)s new mails; %(counts)s (%(where)s).",
                        result.recorded, counts=_counts(result.outcomes) or _("nothing to send"), where=where))
    if result.outcomes["retry"] or result.outcomes["given-up"]:
        sys.exit(1)


@mail.command("invite", help=lazy_gettext("Mail each person named (or everyone without a password) a link to set their password."))
@click.argument("emails", nargs=-1)
@option("--without-password", is_flag=True, help=lazy_gettext("Invite every active person who has not set a password."))
def invite(emails: tuple[str, ...], without_password: bool) -> None:
    """Mail each person named (or everyone without a password) a link to set their password."""
    if bool(emails) == without_password:
        raise click.UsageError(_("Name people by email, or give --without-password."))
    if without_password:
        people = invitations.without_password()
    else:
        wanted = [e.strip().lower() for e in emails]
        people = list(User.select().where(User.email.in_(wanted) & (User.active == True)))  # noqa: E712
        missing = sorted(set(wanted) - {p.email for p in people})
        if missing:
            raise click.ClickException(_("No active account for %(emails)s.", emails=", ".join(missing)))
    where = _transport_line()
    course = current_app.extensions["kurs_catalog"].course()
    with _context(), cli_locale():
        rows = invitations.invite(people, once_a_day=without_password)
        outcomes = run.deliver(course, rows, say=lambda line: click.echo(translate(line), err=True))
    click.echo(_("Invitations: %(counts)s (%(where)s).", counts=_counts(outcomes) or _("nobody to invite"), where=where))
    if outcomes["retry"] or outcomes["given-up"]:
        sys.exit(1)


def init_app(app) -> None:
    """Register the commands."""
    app.cli.add_command(mail)
