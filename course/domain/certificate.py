"""Whether a person has completed the course, for their certificate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peewee import fn

from course.content.values import Course, Module
from course.domain.wayforward import required_modules
from course.models import LessonProgress, QuizAttempt, User


@dataclass(frozen=True)
class ModuleRecord:
    module: Module
    completed_at: datetime | None  # when its last lesson was completed; None while open
    best_percent: float | None  # the mean of the best scores of its quizzes


@dataclass(frozen=True)
class Completion:
    required: tuple[ModuleRecord, ...]  # the mandatory modules (every module if none is mandatory)
    optional: tuple[ModuleRecord, ...]

    @property
    def complete(self) -> bool:
        return bool(self.required) and all(r.completed_at for r in self.required)

    @property
    def completed_at(self) -> datetime | None:
        return max(r.completed_at for r in self.required) if self.complete else None


def course_completion(course: Course, user: User) -> Completion:
    """Summarise a person's modules: the course is complete when every mandatory module is."""
    done = dict(
        ((m, les), at)
        for m, les, at in LessonProgress.select(LessonProgress.module_id, LessonProgress.lesson_id, LessonProgress.completed_at)
        .where((LessonProgress.user == user) & LessonProgress.completed_at.is_null(False))
        .tuples()
    )
    best = dict(
        ((m, les), score)
        for m, les, score in QuizAttempt.select(QuizAttempt.module_id, QuizAttempt.lesson_id, fn.MAX(QuizAttempt.score_percent))
        .where((QuizAttempt.user == user) & QuizAttempt.submitted_at.is_null(False))
        .group_by(QuizAttempt.module_id, QuizAttempt.lesson_id)
        .tuples()
    )
    records = [_record(module, done, best) for module in course.modules]
    required = {m.id for m in required_modules(course)}
    mandatory = [r for r in records if r.module.id in required]
    return Completion(tuple(mandatory), tuple(r for r in records if r not in mandatory))


def _record(module: Module, done: dict, best: dict) -> ModuleRecord:
    keys = [(module.id, lesson.id) for lesson in module.lessons]
    finished = [done[key] for key in keys if key in done]
    scores = [best[(module.id, lesson.id)] for lesson in module.lessons if lesson.has_quiz and (module.id, lesson.id) in best]
    completed_at = max(finished) if keys and len(finished) == len(keys) else None
    return ModuleRecord(module, completed_at, sum(scores) / len(scores) if scores else None)
