"""`flask lessons check`: every content error and warning, in the command line's language."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from course.config import project_path
from course.content.loader import isolated_lessons, load_course
from course.content.sandbox import RENDERER
from course.content.values import Course
from course.web.i18n import gettext, lazy_gettext, ngettext, translate

lessons = AppGroup("lessons", help=lazy_gettext("Check the Markdown course."))


@lessons.command("check", help=lazy_gettext("Print every content error (path:line: message), then every warning; exit 1 if there is an "
                                            "error. A warning (a lesson not yet translated) does not fail the check."))
@click.argument("folder", required=False)
def lessons_check(folder: str | None) -> None:
    """Print every content error as path:line: message, then every warning; exit 1 if there is an error.

    Warnings (a lesson not yet translated) do not fail the check: the lesson is shown in the default language.
    """
    root = Path(folder) if folder else project_path(current_app.config["KURS_LESSONS_DIR"])
    # in the render process, under the server's limits: a file that would stall the server fails here
    call = partial(RENDERER.call, seconds=float(current_app.config["KURS_RENDER_SECONDS"]))
    course = load_course(root, isolated_lessons(call), call)
    for line in problem_lines(course):
        click.echo(line)
    warned = ngettext("%(num)d warning", "%(num)d warnings", len(course.warnings)) if course.warnings else ""
    if course.errors:
        errors = ngettext("%(num)d error", "%(num)d errors", len(course.errors))
        click.echo(gettext("%(errors)s, %(warnings)s.", errors=errors, warnings=warned) if warned else f"{errors}.", err=True)
        sys.exit(1)
    click.echo(summary(course, warned))


def problem_lines(course: Course) -> list[str]:
    """Each error as `path:line: message`, then each warning, in the current language (file and line as they are)."""
    lines = [f"{e.path}:{e.line}: {translate(e.message)}" for e in course.errors]
    for warning in course.warnings:
        place = f"{warning.path}:{warning.line}"
        lines.append(gettext("%(place)s: warning: %(message)s", place=place, message=translate(warning.message)))
    return lines


def summary(course: Course, warned: str) -> str:
    """`OK: 7 modules, 28 lessons, 62 questions in de, en, 2 warnings.`"""
    counts = gettext("%(modules)s, %(lessons)s, %(questions)s",
                     modules=ngettext("%(num)d module", "%(num)d modules", len(course.modules)),
                     lessons=ngettext("%(num)d lesson", "%(num)d lessons", course.lesson_count),
                     questions=ngettext("%(num)d question", "%(num)d questions", course.question_count))
    if course.languages:
        counts = gettext("%(counts)s in %(languages)s", counts=counts, languages=", ".join(course.languages))
    counts = f"{counts}, {warned}" if warned else counts
    return gettext("OK: %(counts)s.", counts=counts)
