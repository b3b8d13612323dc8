"""Whether a person has completed the course, for their certificate."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peewee import fn

from course.content.values import Course, Module
from course.domain.standing import Standing, State, person_standing
from course.domain.wayforward import required_modules
from course.models import QuizAttempt, User


@dataclass(frozen=True)
class ModuleRecord:
    module: Module
    completed_at: datetime | None  # when its last lesson was completed; None while open (or due again)
    best_percent: float | None  # the mean of the best scores of its quizzes
    valid_until: datetime | None = None  # when the completion expires (recertify_months); None: never


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

    @property
    def valid_until(self) -> datetime | None:
        """When the certificate stops counting: the first of its modules' completions to expire."""
        ends = [r.valid_until for r in self.required if r.valid_until is not None]
        return min(ends) if self.complete and ends else None


def course_completion(course: Course, user: User, now: datetime | None = None) -> Completion:
    """Summarise a person's modules: the course is complete when every mandatory module is (standing rule)."""
    standing = person_standing(course, user, now)
    best = dict(
        ((m, les), score)
        for m, les, score in QuizAttempt.select(QuizAttempt.module_id, QuizAttempt.lesson_id, fn.MAX(QuizAttempt.score_percent))
        .where((QuizAttempt.user == user) & QuizAttempt.submitted_at.is_null(False))
        .group_by(QuizAttempt.module_id, QuizAttempt.lesson_id)
        .tuples()
    )
    records = [_record(module, standing[module.id], best) for module in course.modules]
    required = {m.id for m in required_modules(course)}
    mandatory = [r for r in records if r.module.id in required]
    return Completion(tuple(mandatory), tuple(r for r in records if r not in mandatory))


def _record(module: Module, standing: Standing, best: dict) -> ModuleRecord:
    scores = [best[(module.id, lesson.id)] for lesson in module.lessons if lesson.has_quiz and (module.id, lesson.id) in best]
    completed = standing.state == State.COMPLETED
    return ModuleRecord(module, standing.completed_at if completed else None,
                        sum(scores) / len(scores) if scores else None, standing.valid_until if completed else None)
