"""Flask commands: init-db, lessons check, users create."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from course.auth import hash_password
from course.config import project_path
from course.content.loader import load_course
from course.forms import validate_password, validate_person
from course.migrate import apply_migrations
from course.models import ROLES, User

lessons = AppGroup("lessons", help="Check the Markdown course.")
users = AppGroup("users", help="Manage accounts.")


@click.command("init-db")
@with_appcontext  # app.cli is not a FlaskGroup under test_cli_runner, so push the context here
def init_db() -> None:
    """Create the database or apply pending migrations."""
    applied = apply_migrations(current_app.extensions["kurs_db"])
    click.echo(f"Applied {len(applied)} migration(s): {', '.join(applied)}" if applied else "Database is up to date.")


@lessons.command("check")
@click.argument("folder", required=False)
def lessons_check(folder: str | None) -> None:
    """Print every content error as path:line: message; exit 1 if there is any."""
    root = Path(folder) if folder else project_path(current_app.config["KURS_LESSONS_DIR"])
    course = load_course(root)
    for error in course.errors:
        click.echo(str(error))
    if course.errors:
        click.echo(f"{_count(len(course.errors), 'error')}.", err=True)
        sys.exit(1)
    counts = (_count(len(course.modules), "module"), _count(course.lesson_count, "lesson"), _count(course.question_count, "question"))
    click.echo(f"OK: {', '.join(counts)}.")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@users.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The person's name.")
@click.option("--role", type=click.Choice(ROLES), default="learner", show_default=True)
@click.option("--department", default="", help="Department, for reports.")
def users_create(email: str, name: str, role: str, department: str) -> None:
    """Create an account; the password is asked twice, hidden (or read from a pipe)."""
    person = {"email": email.strip().lower(), "name": name.strip(), "department": department.strip()}
    problems = validate_person(person)
    if User.select().where(User.email == person["email"]).exists():
        problems.append(f"An account for {person['email']} exists already.")
    if problems:
        raise click.ClickException(" ".join(problems))
    password, confirmation = _read_password()
    problems = validate_password(password, confirmation)
    if problems:
        raise click.ClickException(" ".join(problems))
    User.create(**person, role=role, password_hash=hash_password(password))
    click.echo(f"Created {role} {person['email']}.")


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
    app.cli.add_command(lessons)
    app.cli.add_command(users)
