"""Flask commands: init-db, lessons check, users create/import, demo, backup."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from course.commands import click_words, flask_words
from course.commands.backup import backup_command
from course.commands.demo import DemoRefused, build_demo
from course.commands.lessons import lessons
from course.commands.mail import mail
from course.commands.options import option
from course.domain import managers, people
from course.domain.passwords import hash_password, password_problems
from course.migrate import apply_migrations
from course.models import ROLES, User
from course.web.formats import format_number, role_name
from course.web.i18n import _, lazy_gettext, ngettext, translate
from course.web.links import link_for

users = AppGroup("users", help=lazy_gettext("Manage accounts."))


@click.command("init-db", help=lazy_gettext("Create the database or apply pending migrations."))
@with_appcontext  # app.cli is not a FlaskGroup under test_cli_runner, so push the context here
def init_db() -> None:
    """Create the database or apply pending migrations."""
    applied = apply_migrations(current_app.extensions["kurs_db"])
    if applied:
        click.echo(ngettext("Applied %(num)d migration: %(names)s", "Applied %(num)d migrations: %(names)s", len(applied),
                            names=", ".join(applied)))
    else:
        click.echo(_("Database is up to date."))


@users.command("create", help=lazy_gettext("Create an account; the password is asked twice, hidden (or read from a pipe)."))
@click.argument("email")
@option("--name", required=True, help=lazy_gettext("The person's name."))
@option("--role", type=click.Choice(ROLES), default="learner", show_default=True, help=lazy_gettext("The role."))
@option("--department", default="", help=lazy_gettext("Department, for reports."))
def users_create(email: str, name: str, role: str, department: str) -> None:
    """Create an account; the password is asked twice, hidden (or read from a pipe)."""
    person = people.read_person({"email": email, "name": name, "department": department, "role": role})
    problems = people.as_sentences(people.person_problems(person), translate)
    if User.select().where(User.email == person["email"]).exists():
        problems.append(_("An account for %(email)s exists already.", email=person["email"]))
    if problems:
        raise click.ClickException(" ".join(problems))
    password, confirmation = _read_password()
    problems = [translate(problem) for problem in password_problems(password, confirmation)]
    if problems:
        raise click.ClickException(" ".join(problems))
    user = User.create(**person, password_hash=hash_password(password, current_app.config["KURS_PASSWORD_METHOD"]))
    managers.give_own_department(user)  # a manager sees their own department's reports
    click.echo(_("Created the account of %(email)s (%(role)s).", email=person["email"], role=role_name(role)))


@users.command("import", help=lazy_gettext(
    "Import people from a CSV (email,name,department,role); print each bad row and each new person's link."))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@option("--dry-run", is_flag=True, help=lazy_gettext("Check the file and name each bad row; write nothing."))
@option("--base-url", help=lazy_gettext("Kurs's address, for the set-password links (default: KURS_BASE_URL)."))
def users_import(file: Path, dry_run: bool, base_url: str | None) -> None:
    """Import people from a CSV (email,name,department,role); print each bad row and each new person's link."""
    try:
        text, encoding = people.decode(file.read_bytes())
    except people.UnreadableFile as problem:
        raise click.ClickException(f"{file}: {translate(problem.args[0])}.") from None
    if encoding != "UTF-8":
        click.echo(_("%(file)s: read as %(encoding)s.", file=file, encoding=encoding), err=True)
    preview, created = (people.preview_import(text), []) if dry_run else people.apply_import(text, None)
    if preview.file_problems:
        raise click.ClickException(f"{file}: " + "; ".join(map(translate, preview.file_problems)))
    for row in preview.bad:
        email = row.person["email"] or _("(no email)")
        click.echo(f"{file}:{row.line}: {email}: {'; '.join(map(translate, row.problems))}", err=True)
    if dry_run:
        click.echo(ngettext("Dry run: %(num)s row would be imported, %(skipped)s skipped. Nothing was written.",
                            "Dry run: %(num)s rows would be imported, %(skipped)s skipped. Nothing was written.",
                            len(preview.good), skipped=format_number(len(preview.bad))))
    else:
        for person, token in created:
            click.echo(f"{person.email}\t{link_for(token, base_url)}")
        click.echo(ngettext("Imported %(num)s person, skipped %(skipped)s. Hand each person their link: it sets the "
                            "password, once, within 7 days.",
                            "Imported %(num)s people, skipped %(skipped)s. Hand each person their link: it sets the "
                            "password, once, within 7 days.", len(created), skipped=format_number(len(preview.bad))))
    if preview.bad:
        sys.exit(1)


@click.command("demo", help=lazy_gettext("Fill a fresh database with a fictional company to explore the reports."))
@option("--people", "size", default=200, show_default=True, help=lazy_gettext("How many people the company has."))
@with_appcontext
def demo(size: int) -> None:
    """Fill a fresh database with a fictional company to explore the reports."""
    try:
        result = build_demo(current_app.extensions["kurs_catalog"].course(), size)
    except DemoRefused as refusal:
        raise click.ClickException(translate(refusal.args[0])) from None
    counts = {name: format_number(getattr(result, name)) for name in ("people", "assignments", "lessons", "attempts", "responses")}
    click.echo(_("Demo company: %(people)s people, %(assignments)s assignments, %(lessons)s lessons opened, "
                 "%(attempts)s quiz attempts with %(responses)s answers.", **counts))
    for person, token in result.links:
        click.echo(_("Sign in as %(email)s (%(role)s): set the password at %(link)s", email=person.email,
                     role=role_name(person.role), link=link_for(token)))


def _read_password() -> tuple[str, str]:
    """Ask twice with hidden input; a script may pipe the password in (twice, or once)."""
    if not sys.stdin.isatty():
        lines = sys.stdin.read().splitlines() + ["", ""]
        return lines[0], lines[1] or lines[0]
    password = click.prompt(_("Password"), hide_input=True)
    return password, click.prompt(_("Repeat the password"), hide_input=True)


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(init_db)
    app.cli.add_command(backup_command)
    app.cli.add_command(lessons)
    app.cli.add_command(users)
    app.cli.add_command(demo)
    app.cli.add_command(mail)
    click_words.install(app)
    flask_words.install()  # after click_words: it takes the app's language first
