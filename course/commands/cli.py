"""Flask commands: init-db, lessons check, users create/import, demo, backup."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from course.commands.backup import backup_command
from course.commands.demo import DemoRefused, build_demo
from course.commands.lessons import lessons
from course.commands.mail import mail
from course.domain import managers, people
from course.domain.passwords import hash_password, password_problems
from course.migrate import apply_migrations
from course.models import ROLES, User
from course.web.links import link_for

users = AppGroup("users", help="Manage accounts.")


@click.command("init-db")
@with_appcontext  # app.cli is not a FlaskGroup under test_cli_runner, so push the context here
def init_db() -> None:
    """Create the database or apply pending migrations."""
    applied = apply_migrations(current_app.extensions["kurs_db"])
    click.echo(f"Applied {len(applied)} migration(s): {', '.join(applied)}" if applied else "Database is up to date.")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@users.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The person's name.")
@click.option("--role", type=click.Choice(ROLES), default="learner", show_default=True)
@click.option("--department", default="", help="Department, for reports.")
def users_create(email: str, name: str, role: str, department: str) -> None:
    """Create an account; the password is asked twice, hidden (or read from a pipe)."""
    person = people.read_person({"email": email, "name": name, "department": department, "role": role})
    problems = people.as_sentences(people.person_problems(person))
    if User.select().where(User.email == person["email"]).exists():
        problems.append(f"An account for {person['email']} exists already.")
    if problems:
        raise click.ClickException(" ".join(problems))
    password, confirmation = _read_password()
    problems = password_problems(password, confirmation)
    if problems:
        raise click.ClickException(" ".join(problems))
    user = User.create(**person, password_hash=hash_password(password, current_app.config["KURS_PASSWORD_METHOD"]))
    managers.give_own_department(user)  # a manager sees their own department's reports
    click.echo(f"Created {role} {person['email']}.")


@users.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check the file and name each bad row; write nothing.")
@click.option("--base-url", help="Kurs's address, for the set-password links (default: KURS_BASE_URL).")
def users_import(file: Path, dry_run: bool, base_url: str | None) -> None:
    """Import people from a CSV (email,name,department,role); print each bad row and each new person's link."""
    try:
        text, encoding = people.decode(file.read_bytes())
    except people.UnreadableFile as problem:
        raise click.ClickException(f"{file}: {problem}.") from None
    if encoding != "UTF-8":
        click.echo(f"{file}: read as {encoding}.", err=True)
    preview, created = (people.preview_import(text), []) if dry_run else people.apply_import(text, None)
    if preview.file_problems:
        raise click.ClickException(f"{file}: " + "; ".join(preview.file_problems))
    for row in preview.bad:
        click.echo(f"{file}:{row.line}: {row.person['email'] or '(no email)'}: {'; '.join(row.problems)}", err=True)
    if dry_run:
        click.echo(f"Dry run: {_count(len(preview.good), 'row')} would be imported, {len(preview.bad)} skipped. Nothing was written.")
    else:
        for person, token in created:
            click.echo(f"{person.email}\t{link_for(token, base_url)}")
        click.echo(f"Imported {len(created)} {'person' if len(created) == 1 else 'people'}, skipped {len(preview.bad)}."
                   f" Hand each person their link: it sets the password, once, within 7 days.")
    if preview.bad:
        sys.exit(1)


@click.command("demo")
@click.option("--people", "size", default=200, show_default=True, help="How many people the company has.")
@with_appcontext
def demo(size: int) -> None:
    """Fill a fresh database with a fictional company to explore the reports."""
    try:
        result = build_demo(current_app.extensions["kurs_catalog"].course(), size)
    except DemoRefused as refusal:
        raise click.ClickException(str(refusal)) from None
    click.echo(f"Demo company: {result.people} people, {result.assignments} assignments, {result.lessons} lessons "
               f"opened, {result.attempts} quiz attempts with {result.responses} answers.")
    for person, token in result.links:
        click.echo(f"Sign in as {person.role} {person.email}: set the password at {link_for(token)}")


def _read_password() -> tuple[str, str]:
    """Ask twice with hidden input; a script may pipe the password in (twice, or once)."""
    if not sys.stdin.isatty():
        lines = sys.stdin.read().splitlines() + ["", ""]
        return lines[0], lines[1] or lines[0]
    password = click.prompt("Password", hide_input=True)
    return password, click.prompt("Repeat the password", hide_input=True)


def init_app(app: Flask) -> None:
    """Register the commands."""
    app.cli.add_command(init_db)
    app.cli.add_command(backup_command)
    app.cli.add_command(lessons)
    app.cli.add_command(users)
    app.cli.add_command(demo)
    app.cli.add_command(mail)
