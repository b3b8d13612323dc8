"""Small helpers the views share: the current course and lookups that 404."""

from __future__ import annotations

from flask import abort, current_app

from course.content.values import Course, Lesson, Module


def current_course() -> Course:
    """Return the course as currently published (reloaded when files change)."""
    return current_app.extensions["kurs_catalog"].course()


def module_or_404(module_id: str) -> Module:
    module = current_course().module(module_id)
    if module is None:
        abort(404)
    return module


def lesson_or_404(module_id: str, lesson_id: str) -> tuple[Module, Lesson]:
    module = module_or_404(module_id)
    lesson = module.lesson(lesson_id)
    if lesson is None:
        abort(404)
    return module, lesson
