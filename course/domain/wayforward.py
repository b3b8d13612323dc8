"""The learner's next step: where to continue, what follows a lesson, how far the course is done.

One place decides "what next" for the dashboard, the module page, the lesson pager and the
result page, so every step that ends offers the same way on.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from course.content.values import Course, Lesson, Module
from course.domain.standing import Standing, State

Done = set[tuple[str, str]]


@dataclass(frozen=True)
class Step:
    """A lesson to go to, with its module (the link needs both; the page names the module)."""

    module: Module
    lesson: Lesson


def lesson_after(course: Course, module_id: str, lesson_id: str) -> Step | None:
    """Return the lesson after this one in course order: the next in its module, else the next module's first."""
    module = course.module(module_id)
    if module is None or module.lesson(lesson_id) is None:
        return None
    _before, after = module.neighbours(lesson_id)
    if after is not None:
        return Step(module, after)
    following = next((m for m in course.modules_after(module_id) if m.lessons), None)
    return Step(following, following.lessons[0]) if following else None


def next_in_module(module: Module, done: Done) -> Step | None:
    """Return the first lesson of a module not yet completed."""
    for lesson in module.lessons:
        if (module.id, lesson.id) not in done:
            return Step(module, lesson)
    return None


def module_after(course: Course, module_id: str) -> Module | None:
    """Return the module that follows this one (with lessons), or None at the end of the course."""
    ids = [m.id for m in course.modules]
    if module_id not in ids:
        return None
    return next((m for m in course.modules[ids.index(module_id) + 1 :] if m.lessons), None)


def course_done(course: Course, done: Done) -> tuple[int, int]:
    """Return (lessons completed, lessons in the course), counting only lessons the course has today."""
    keys = {(m.id, les.id) for m in course.modules for les in m.lessons}
    return len(keys & done), len(keys)


def required_modules(course: Course) -> list[Module]:
    """The modules a certificate needs: the mandatory ones, or every module when none is mandatory."""
    return [m for m in course.modules if m.mandatory] or list(course.modules)


def certificate_ready(course: Course, states: Mapping[str, Standing]) -> bool:
    """Whether every required module is completed by the standing rule, as the certificate itself counts it."""
    required = required_modules(course)
    return bool(required) and all(m.id in states and states[m.id].state == State.COMPLETED for m in required)
