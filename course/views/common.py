"""Small helpers the views share: the current course, its version in the reader's language, lookups that 404."""

from __future__ import annotations

from flask import abort, current_app
from flask_babel import get_locale

from course.content.values import Course, Lesson, Module


def current_course() -> Course:
    """Return the course as currently published (reloaded when files change), in its default language."""
    return current_app.extensions["kurs_catalog"].course()


def content_language(course: Course) -> str:
    """Return the course language to show this request's reader; the one place that chooses it.

    The reader's interface language (their choice, else the browser's, else KURS_LANGUAGE: see
    course/web/i18n.py) when the course has it; the course's default language when it has not.
    """
    if not course.languages:
        return ""
    language = get_locale().language
    return language if language in course.languages else course.languages[0]


def shown_course(language: str | None = None) -> Course:
    """Return the course in the reader's language (or in the given one): lessons without a translation stay in the default."""
    course = current_course()
    return course.in_language(language if language in course.languages else content_language(course))


def module_or_404(module_id: str, course: Course | None = None) -> Module:
    module = (course or shown_course()).module(module_id)
    if module is None:
        abort(404)
    return module


def lesson_or_404(module_id: str, lesson_id: str, course: Course | None = None) -> tuple[Module, Lesson]:
    module = module_or_404(module_id, course)
    lesson = module.lesson(lesson_id)
    if lesson is None:
        abort(404)
    return module, lesson
