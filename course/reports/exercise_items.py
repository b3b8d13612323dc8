"""Item analysis of a practice exercise: which checks fail most, on people's first and newest replies, and how often they revise."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import fn

from course.content.values import Course
from course.models import Reply, ReplyCheck, User
from course.reports.common import EVERYONE, Scope, count_true, scoped
from course.reports.replies import LATEST, PracticeExercise, find_exercise, of_exercise


@dataclass(frozen=True)
class CheckFailures:
    """One check: how many people's first reply failed it, and how many people's newest reply still does."""

    position: int
    kind: str
    feedback: str  # today's feedback text where the check is still in its place, else as stored
    first_failed: int
    first_people: int  # whose first reply ran this check (a check added later ran on fewer)
    latest_failed: int
    latest_people: int

    @property
    def first_share(self) -> float | None:
        return 100 * self.first_failed / self.first_people if self.first_people else None

    @property
    def latest_share(self) -> float | None:
        return 100 * self.latest_failed / self.latest_people if self.latest_people else None


@dataclass(frozen=True)
class ExerciseAnalysis:
    exercise: PracticeExercise
    people: int
    passed: int  # whose newest version passes every check
    median_revisions: float | None  # versions after the first, per person
    checks: tuple[CheckFailures, ...]  # the checks failed most on first replies first


def median_of_counts(counts: dict[int, int]) -> float | None:
    """The median of values given as {value: how often}; None when there are none."""
    total = sum(counts.values())
    if not total:
        return None
    ordered = sorted(counts.items())

    def nth(index: int) -> int:
        seen = 0
        for value, n in ordered:
            seen += n
            if index < seen:
                return value
        raise IndexError(index)

    return (nth((total - 1) // 2) + nth(total // 2)) / 2


def exercise_analysis(course: Course, module_id: str, lesson_id: str, key: str, scope: Scope = EVERYONE) -> ExerciseAnalysis | None:
    """Analyse one exercise's stored replies; None if it is neither in the course nor has replies."""
    exercise = find_exercise(course, module_id, lesson_id, key, scope)
    if exercise is None:
        return None
    mine = of_exercise(module_id, lesson_id, key)
    versions = dict(scoped(Reply.select(Reply.version, fn.COUNT(Reply.id)).join(User).where(mine & LATEST), scope)
                    .group_by(Reply.version).tuples())
    people = sum(versions.values())
    passed = scoped(Reply.select(fn.COUNT(Reply.id)).join(User).where(mine & LATEST & Reply.passed), scope).scalar() or 0
    median = median_of_counts(versions)

    def failures(which):
        failed = count_true(ReplyCheck.passed == False)  # noqa: E712
        rows = scoped(ReplyCheck.select(ReplyCheck.position, ReplyCheck.kind, fn.COUNT(ReplyCheck.id), failed,
                                        fn.MAX(ReplyCheck.feedback)).join(Reply).join(User).where(mine & which), scope)
        return {(p, k): (n, f or 0, text) for p, k, n, f, text in rows.group_by(ReplyCheck.position, ReplyCheck.kind).tuples()}

    first, latest = failures(Reply.version == 1), failures(LATEST)
    lesson = course.lesson(module_id, lesson_id)
    today = next((e for e in lesson.exercises if e.key == key), None) if lesson else None
    checks = []
    for position, kind in sorted(set(first) | set(latest)):
        current = today.checks[position - 1] if today and position <= len(today.checks) else None
        ran_first, failed_first, text = first.get((position, kind), (0, 0, ""))
        ran_latest, failed_latest, text_latest = latest.get((position, kind), (0, 0, ""))
        feedback = current.feedback if current and current.kind == kind else text or text_latest
        checks.append(CheckFailures(position, kind, feedback, failed_first, ran_first, failed_latest, ran_latest))
    checks.sort(key=lambda c: (-c.first_failed, -c.latest_failed, c.position))
    return ExerciseAnalysis(exercise, people, passed, None if median is None else median - 1, tuple(checks))
