"""Replies to practice exercises over many people: the exercises with their counts, and one exercise's review queue.

Each function issues a fixed number of queries however many people replied. The queue reads
`reply.latest` (each person's newest version) on the index (module, lesson, exercise, latest,
created at), joined to people for the department.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peewee import JOIN, Expression, fn

from course.content.values import Course
from course.models import Reply, ReplyCheck, ReplyReview, User
from course.reports.common import EVERYONE, Scope, scoped

QUEUE_PAGE = 50


def of_exercise(module_id: str, lesson_id: str, key: str) -> Expression:
    """Match the replies to one exercise, every person and version."""
    return (Reply.module_id == module_id) & (Reply.lesson_id == lesson_id) & (Reply.exercise_key == key)


@dataclass(frozen=True)
class PracticeExercise:
    """An exercise in today's course, or one gone from the files that has replies (retired)."""

    module_id: str
    lesson_id: str
    key: str
    title: str  # the lesson's title
    module_title: str
    people: int  # who replied
    open: int  # whose newest version no trainer has reviewed
    retired: bool


LATEST = Reply.latest == True  # noqa: E712 - an equality, so the index (module, lesson, exercise, latest, created at) serves it


def _counts(where: Expression, scope: Scope) -> dict[tuple[str, str, str], tuple[int, int]]:
    """Per exercise: who replied, and whose newest version no trainer has reviewed."""
    return {
        (m, x, k): (n, n - (reviewed or 0)) for m, x, k, n, reviewed in scoped(
            Reply.select(Reply.module_id, Reply.lesson_id, Reply.exercise_key, fn.COUNT(Reply.id), fn.COUNT(ReplyReview.id))
            .join(User).switch(Reply).join(ReplyReview, JOIN.LEFT_OUTER, on=ReplyReview.reply == Reply.id)
            .where(where & LATEST), scope,
        ).group_by(Reply.module_id, Reply.lesson_id, Reply.exercise_key).tuples()
    }


def _exercise(course: Course, module_id: str, lesson_id: str, key: str, counts: tuple[int, int] | None) -> PracticeExercise | None:
    module, lesson = course.module(module_id), course.lesson(module_id, lesson_id)
    today = lesson is not None and any(e.key == key for e in lesson.exercises)
    if not today and counts is None:
        return None
    return PracticeExercise(module_id, lesson_id, key, lesson.title if lesson else lesson_id,
                            module.title if module else module_id, *(counts or (0, 0)), not today)


def practice_exercises(course: Course, scope: Scope = EVERYONE) -> list[PracticeExercise]:
    """Return every exercise in course order with who replied and how many wait for a review, then retired ones."""
    counts = _counts(Reply.id.is_null(False), scope)
    found = [_exercise(course, m.id, x.id, e.key, counts.pop((m.id, x.id, e.key), None))
             for m in course.modules for x in m.lessons for e in x.exercises]
    return found + [_exercise(course, *ids, n) for ids, n in sorted(counts.items())]


def find_exercise(course: Course, module_id: str, lesson_id: str, key: str, scope: Scope = EVERYONE) -> PracticeExercise | None:
    """Return one exercise with its counts, or None if it is neither in the course nor has replies."""
    counts = _counts(of_exercise(module_id, lesson_id, key), scope)
    return _exercise(course, module_id, lesson_id, key, counts.get((module_id, lesson_id, key)))


def versions_of(reply: Reply) -> list[Reply]:
    """Every version of the same person's reply to the same exercise, newest first."""
    return list(Reply.select().where(of_exercise(reply.module_id, reply.lesson_id, reply.exercise_key)
                                     & (Reply.user == reply.user_id)).order_by(Reply.version.desc()))


@dataclass(frozen=True)
class CheckMark:
    """One check's result on a version: its place in the exercise, its kind, passed or not, what it found."""

    position: int
    kind: str
    passed: bool
    found: str


@dataclass(frozen=True)
class QueueRow:
    """A person's newest version of their reply, its checks, and the trainers' review of it."""

    reply_id: int
    user_id: int
    name: str
    email: str
    department: str
    versions: int  # the newest version's number: how many times the person sent a reply
    created_at: datetime
    passed: bool
    text: str
    checks: tuple[CheckMark, ...]
    reviewed: bool  # this version has a review
    reviewed_before: bool  # an earlier version has one (the person revised after a comment)
    comment: str
    example: bool


@dataclass(frozen=True)
class ReviewQueue:
    rows: tuple[QueueRow, ...]
    total: int  # every matching person, over all pages
    page: int
    pages: int


def review_queue(module_id: str, lesson_id: str, key: str, scope: Scope = EVERYONE, page: int = 1,
                 only_open: bool = False, size: int | None = None) -> ReviewQueue:
    """Return one page of an exercise's newest replies, newest first (only those no trainer reviewed yet, if asked)."""
    query = scoped(Reply.select(Reply, User, ReplyReview).join(User).switch(Reply)
                   .join(ReplyReview, JOIN.LEFT_OUTER, on=ReplyReview.reply == Reply.id)
                   .where(of_exercise(module_id, lesson_id, key) & LATEST), scope)
    if only_open:
        query = query.where(ReplyReview.id.is_null())
    size = size or QUEUE_PAGE
    total = query.count()
    pages = max(1, -(-total // size))
    page = min(max(page, 1), pages)
    replies = list(query.order_by(Reply.created_at.desc(), Reply.id.desc()).paginate(page, size))
    return ReviewQueue(tuple(_rows(replies, module_id, lesson_id, key)), total, page, pages)


def _rows(replies: list[Reply], module_id: str, lesson_id: str, key: str) -> list[QueueRow]:
    if not replies:
        return []
    checks: dict[int, list[CheckMark]] = {}
    for reply_id, position, kind, passed, found in (
            ReplyCheck.select(ReplyCheck.reply, ReplyCheck.position, ReplyCheck.kind, ReplyCheck.passed, ReplyCheck.found)
            .where(ReplyCheck.reply.in_([r.id for r in replies])).order_by(ReplyCheck.reply, ReplyCheck.position).tuples()):
        checks.setdefault(reply_id, []).append(CheckMark(position, kind, bool(passed), found))
    earlier = of_exercise(module_id, lesson_id, key) & ~LATEST & Reply.user.in_([r.user_id for r in replies])
    reviewed_earlier = {user_id for (user_id,) in (
        Reply.select(Reply.user).join(ReplyReview, on=ReplyReview.reply == Reply.id).where(earlier).distinct().tuples())}
    rows = []
    for r in replies:
        review = getattr(r, "replyreview", None)
        reviewed = review is not None and review.id is not None
        rows.append(QueueRow(r.id, r.user.id, r.user.name, r.user.email, r.user.department, r.version, r.created_at, r.passed,
                             r.text, tuple(checks.get(r.id, ())), reviewed, r.user_id in reviewed_earlier,
                             review.comment if reviewed else "", bool(review.example) if reviewed else False))
    return rows
