"""`flask mail send-due` (for cron) and `flask mail invite`: the mail package (course/mail/) run from the command line."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from course.mail import invite as invitations
from course.mail import ledger, run
from course.mail.transport import MailSettingsError, transport_for
from course.models import User, utcnow

mail = AppGroup("mail", help="Send invitations, reminders and digests.")


def _context():
    """A request context for absolute links in mails (KURS_BASE_URL, else where `make run` serves)."""
    return current_app.test_request_context(base_url=current_app.config.get("KURS_BASE_URL") or "http://127.0.0.1:5000")


def _transport_line() -> str:
    try:
        return transport_for(current_app.config, current_app.instance_path).describe()
    except MailSettingsError as problem:
        raise click.ClickException(str(problem)) from None


@mail.command("send-due")
@click.option("--dry-run", is_flag=True, help="List what would go; record and send nothing.")
def send_due(dry_run: bool) -> None:
    """Record the reminders and digests due now, then send every mail that may go (run it from cron)."""
    course = current_app.extensions["kurs_catalog"].course()
    where = _transport_line()
    now = utcnow()
    if dry_run:
        new, waiting = ledger.unrecorded(run.plan(course, now)), ledger.sendable(now)
        people = {u.id: u for u in User.select()}
        for planned in new:
            click.echo(run.describe(planned, people))
        for row in waiting:
            click.echo(f"{row.kind}\t{people[row.user_id].email}\t(recorded, attempt {row.attempts + 1})")
        click.echo(f"Dry run: {len(new) + len(waiting)} mail(s) would go to {where}. Nothing was recorded or sent.")
        return
    with _context():
        result = run.send_due(course, now, say=lambda line: click.echo(line, err=True))
    counts = ", ".join(f"{n} {what}" for what, n in sorted(result.outcomes.items())) or "nothing to send"
    click.echo(f"Recorded {result.recorded} new mail(s); {counts} ({where}).")
    if result.outcomes["retry"] or result.outcomes["given-up"]:
        sys.exit(1)


@mail.command("invite")
@click.argument("emails", nargs=-1)
@click.option("--without-password", is_flag=True, help="Invite every active person who has not set a password.")
def invite(emails: tuple[str, ...], without_password: bool) -> None:
    """Mail each person named (or everyone without a password) a link to set their password."""
    if bool(emails) == without_password:
        raise click.UsageError("Name people by email, or give --without-password.")
    if without_password:
        people = invitations.without_password()
    else:
        wanted = [e.strip().lower() for e in emails]
        people = list(User.select().where(User.email.in_(wanted) & (User.active == True)))  # noqa: E712
        missing = sorted(set(wanted) - {p.email for p in people})
        if missing:
            raise click.ClickException(f"No active account for {', '.join(missing)}.")
    where = _transport_line()
    course = current_app.extensions["kurs_catalog"].course()
    with _context():
        rows = invitations.invite(people, once_a_day=without_password)
        outcomes = run.deliver(course, rows, say=lambda line: click.echo(line, err=True))
    counts = ", ".join(f"{n} {what}" for what, n in sorted(outcomes.items())) or "nobody to invite"
    click.echo(f"Invitations: {counts} ({where}).")
    if outcomes["retry"] or outcomes["given-up"]:
        sys.exit(1)


def init_app(app) -> None:
    """Register the commands."""
    app.cli.add_command(mail)
