"""When a lesson is done: the done rule of lessons with practice exercises (issue 18).

A lesson is done when its own step is (read and marked as done, its quiz passed, or its statement
confirmed) and, when it has exercises, each exercise is: a reply passed every check, or with
`done: review` a trainer reviewed one. It counts as done at the latest of these. The standing
(course/domain/standing.py) counts a module's lessons by this rule; pages and reports ask here.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

from course.content.exercise import Exercise
from course.content.values import Course, Lesson, Module
from course.domain.facts import Done, Practised

Times = tuple[datetime | None, datetime | None]  # of an exercise: its first reply passing every check, its first review


def exercise_done_at(exercise: Exercise, passed_at: datetime | None, reviewed_at: datetime | None) -> datetime | None:
    """When an exercise is done: its first reply that passed every check, or with `done: review` its first review."""
    return reviewed_at if exercise.done == "review" else passed_at


def lesson_done_at(lesson: Lesson, own_at: datetime | None, times: Mapping[str, Times]) -> datetime | None:
    """When a lesson is done: its own step and each of its exercises, at the latest of them; None while one is open.

    An exercise done once stays done when its module is due again: the lesson's own step is renewed.
    """
    if own_at is None:
        return None
    moments = [own_at]
    for exercise in lesson.exercises:
        at = exercise_done_at(exercise, *times.get(exercise.key, (None, None)))
        if at is None:
            return None
        moments.append(at)
    return max(moments)


def waits_for_review(lesson: Lesson, own_at: datetime | None, times: Mapping[str, Times],
                     answered: Collection[tuple[str, str, str]]) -> bool:
    """Whether only a trainer's review keeps the lesson open: its own step done, each exercise done or a `done: review` one answered."""
    if own_at is None or lesson_done_at(lesson, own_at, times) is not None:
        return False
    return all(exercise_done_at(e, *times.get(e.key, (None, None))) is not None
               or (e.done == "review" and (lesson.module_id, lesson.id, e.key) in answered) for e in lesson.exercises)


def with_practice(module: Module, done: Done | None, practised: Sequence[Practised]) -> Done | None:
    """Add the module's lessons with exercises that are done to what was done of its others (facts count them apart)."""
    count, first, last, once = (done.count, done.first_at, done.last_at, done.once) if done else (0, None, None, 0)
    for row in practised:
        lesson = module.lesson(row.lesson_id)
        if lesson is None:
            continue
        at = lesson_done_at(lesson, row.completed_at, row.times)
        if at is not None:
            count += 1
            first, last = min(first or at, at), max(last or at, at)
        once += lesson_done_at(lesson, row.completed_once, row.times) is not None
    return Done(count, first, last, once) if count or once else None


def finished_with_practice(module: Module, last: datetime, practised: Sequence[Practised]) -> datetime | None:
    """When a module whose every lesson's own step is done (last: the latest of them) was done by the whole rule.

    The latest of last and each lesson with exercises done (its own step in any version of the
    text: the summary's time counts everyone who ever completed the module); None while one is open.
    """
    rows = {row.lesson_id: row for row in practised}
    for lesson in module.lessons:
        if lesson.exercises:
            row = rows.get(lesson.id)
            at = lesson_done_at(lesson, row.completed_once, row.times) if row is not None else None
            if at is None:
                return None
            last = max(last, at)
    return last


def lesson_completions(course: Course, completed: Mapping[tuple[str, str], datetime],
                       practice: Mapping[tuple[str, str], Mapping[str, Times]]) -> dict[tuple[str, str], datetime]:
    """One person's lesson completion times by the whole rule: a lesson with exercises only once they are done too."""
    found = dict(completed)
    for module in course.modules:
        for lesson in module.lessons:
            key = (module.id, lesson.id)
            if lesson.exercises and key in found:
                at = lesson_done_at(lesson, found[key], practice.get(key, {}))
                if at is None:
                    del found[key]
                else:
                    found[key] = at
    return found
