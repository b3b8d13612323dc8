"""The only writer of replies to practice exercises, and the reader of one person's own replies.

A submission is checked on the server and stored as a new version with each check's result, in
one transaction. Submitting the text of one's latest version again (a double click, a refresh)
stores nothing new. Whether an exercise is done is the done rule's (course/domain/lesson_done.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from peewee import IntegrityError, fn

from course.content.exercise import MAX_REPLY, Exercise
from course.content.messages import N_
from course.content.reply_checks import run_checks
from course.content.values import Course, Lesson
from course.db import database
from course.domain.facts import read_practice
from course.domain.reviews import example_text
from course.models import Reply, ReplyCheck, ReplyReview, User, utcnow


class ReplyRefused(Exception):
    """A reply that cannot be stored; the message is for the learner."""


@dataclass(frozen=True)
class Submitted:
    """The version a submission stored, or the one it repeated (duplicate: nothing new was stored)."""

    reply: Reply
    duplicate: bool


def clean_text(text: str) -> str:
    """The reply as stored: the browser's line ends made plain, blank space around it dropped."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _of(user: User, lesson: Lesson, key: str):
    return ((Reply.user == user) & (Reply.module_id == lesson.module_id) & (Reply.lesson_id == lesson.id)
            & (Reply.exercise_key == key))


def submit_reply(user: User, lesson: Lesson, exercise: Exercise, text: str,
                 contract: re.Pattern[str] | None = None, now: datetime | None = None) -> Submitted:
    """Run the exercise's checks on the reply and store it as the person's next version, with every result.

    contract: the course's contract-number pattern (Course.contract) for the personal-data check.
    """
    text = clean_text(text)
    if not text:
        raise ReplyRefused(N_("Write your reply first."))
    if len(text) > MAX_REPLY:
        raise ReplyRefused(N_("Your reply is %(count)s characters long; at most %(limit)s are possible. Please shorten it.",
                              count=len(text), limit=MAX_REPLY))
    results = run_checks(exercise, text, lesson.language or "de", contract)
    for _ in range(3):
        try:
            with database.atomic():
                latest = latest_reply(user, lesson, exercise.key)
                if latest is not None and latest.text == text:
                    return Submitted(latest, duplicate=True)
                return Submitted(_store(user, lesson, exercise, text, results, latest, now or utcnow()), duplicate=False)
        except IntegrityError:
            continue  # a parallel submission took this version number: read again
    raise ReplyRefused(N_("Your reply could not be saved just now. Please send it again."))


def _store(user, lesson, exercise, text, results, latest, now) -> Reply:
    if latest is not None:
        Reply.update(latest=False).where(_of(user, lesson, exercise.key) & Reply.latest).execute()
    reply = Reply.create(user=user, module_id=lesson.module_id, lesson_id=lesson.id, exercise_key=exercise.key,
                         version=(latest.version if latest else 0) + 1, language=lesson.language,
                         content_hash=lesson.content_hash, text=text, passed=all(r.passed for r in results),
                         latest=True, created_at=now)
    ReplyCheck.insert_many([
        {"reply": reply.id, "position": position, "kind": r.check.kind, "passed": r.passed,
         "found": "\n".join(r.found) if not r.passed else "", "feedback": r.check.feedback}
        for position, r in enumerate(results, 1)
    ]).execute()
    return reply


def latest_reply(user: User, lesson: Lesson, key: str) -> Reply | None:
    """The person's newest version of their reply to this exercise, or None."""
    return Reply.select().where(_of(user, lesson, key)).order_by(Reply.version.desc()).first()


def reply_history(user: User, lesson: Lesson, key: str) -> list[Reply]:
    """Every version of the person's reply to this exercise, newest first."""
    return list(Reply.select().where(_of(user, lesson, key)).order_by(Reply.version.desc()))


def check_results(reply: Reply) -> list[ReplyCheck]:
    """The stored result of each check on this version, in the exercise's order."""
    return list(ReplyCheck.select().where(ReplyCheck.reply == reply).order_by(ReplyCheck.position))


def review_of(reply: Reply) -> ReplyReview | None:
    """A trainer's review of this version, or None."""
    return ReplyReview.get_or_none(ReplyReview.reply == reply)


def latest_review(user: User, lesson: Lesson, key: str) -> ReplyReview | None:
    """The trainer's newest review of any version of the person's reply (its comment is what they see)."""
    return (ReplyReview.select(ReplyReview, Reply).join(Reply).where(_of(user, lesson, key))
            .order_by(ReplyReview.reviewed_at.desc(), ReplyReview.id.desc()).first())


def exercise_times(user: User, lesson: Lesson) -> dict[str, tuple[datetime | None, datetime | None]]:
    """Per exercise of the lesson: when the person's first reply passing every check was stored, and when a trainer first reviewed one."""
    where = (Reply.user == user) & (Reply.module_id == lesson.module_id) & (Reply.lesson_id == lesson.id)
    passed = dict(Reply.select(Reply.exercise_key, fn.MIN(Reply.created_at)).where(where & Reply.passed)
                  .group_by(Reply.exercise_key).tuples())
    reviewed = dict(ReplyReview.select(Reply.exercise_key, fn.MIN(ReplyReview.reviewed_at)).join(Reply).where(where)
                    .group_by(Reply.exercise_key).tuples())
    when = Reply.created_at.python_value
    return {key: (when(passed.get(key)), when(reviewed.get(key))) for key in set(passed) | set(reviewed)}


def answered(user: User) -> set[tuple[str, str, str]]:
    """(module, lesson, exercise key) of every exercise the person has sent a reply to."""
    return set(Reply.select(Reply.module_id, Reply.lesson_id, Reply.exercise_key).where(Reply.user == user).distinct().tuples())


def shown_examples(lesson: Lesson, key: str, limit: int = 5) -> list[str]:
    """The texts trainers chose as examples for this exercise, newest first, without any name (as stored with the review).

    An example chosen before its text was stored (migration 0019) is worked out here, reading every name once.
    """
    rows = (Reply.select(ReplyReview.example_text, Reply.text, User.name)
            .join(ReplyReview, on=ReplyReview.reply == Reply.id).switch(Reply).join(User)
            .where(ReplyReview.example & (Reply.module_id == lesson.module_id) & (Reply.lesson_id == lesson.id)
                   & (Reply.exercise_key == key))
            .order_by(ReplyReview.reviewed_at.desc()).limit(limit).tuples())
    exercise = next((e for e in lesson.exercises if e.key == key), None)
    return [shown if shown is not None else example_text(text, name, exercise) for shown, text, name in rows]


def practice_times(course: Course, user: User) -> dict[tuple[str, str], dict[str, tuple[datetime | None, datetime | None]]]:
    """Per lesson with exercises whose own step the person did: each exercise's first passing reply and first review."""
    return {(module_id, row.lesson_id): row.times
            for (_, module_id), rows in read_practice(course, [user.id]).items() for row in rows}
