"""The demo company's practice replies: now and then a hasty first try, then the careful one, and a trainer's review.

Each version is checked by the exercise's own checks, so the results, the review queue and the
item analysis show what real replies would.
"""

from __future__ import annotations

import random
import zlib
from collections.abc import Callable
from datetime import datetime, timedelta

from course.content.exercise import Exercise
from course.content.reply_checks import run_checks
from course.content.values import Course, Lesson
from course.models import Reply, ReplyCheck, ReplyReview, User

HASTY = {"de": "Da können wir leider nichts machen, rufen Sie die Hotline an: 0421 1234567",
         "en": "Nothing we can do, call the hotline: 0421 1234567"}
COMMENTS = {"de": "Freundlich und klar, gut so.", "en": "Friendly and clear: well done."}


def practise(course: Course, lesson: Lesson, person: int, clock: datetime, now: datetime,
             diligence: float, out: list[dict]) -> tuple[datetime, bool]:
    """Answer each of the lesson's exercises (append the versions to out); return the time after, and whether each is done.

    Its own random numbers, repeatable per person and lesson: the rest of the demo draws the same
    numbers with exercises or without, so the company looks the same.
    """
    rng = random.Random(zlib.crc32(f"{person}/{lesson.module_id}/{lesson.id}".encode()))  # noqa: S311 - made-up data
    for exercise in lesson.exercises:
        tries = [HASTY.get(lesson.language, HASTY["de"])] if rng.random() > diligence else []
        texts = [*tries, exercise.model]
        for version, text in enumerate(texts, 1):
            clock += timedelta(minutes=rng.uniform(2, 9))
            if clock >= now:
                return clock, False
            results = run_checks(exercise, text, lesson.language or "de", course.contract)
            last = version == len(texts)
            out.append({"row": {
                "user": person, "module_id": lesson.module_id, "lesson_id": lesson.id, "exercise_key": exercise.key,
                "version": version, "language": lesson.language, "content_hash": lesson.content_hash, "text": text,
                "passed": all(r.passed for r in results), "latest": last, "created_at": clock},
                "checks": results, "reviewed": _review_time(rng, exercise, clock, now) if last else None})
        if exercise.done == "review" and out[-1]["reviewed"] is None:
            return clock, False  # waiting for the trainer
    return clock, True


def _review_time(rng: random.Random, exercise: Exercise, clock: datetime, now: datetime) -> datetime | None:
    if exercise.done != "review" or rng.random() < 0.2:
        return None
    when = clock + timedelta(hours=rng.uniform(2, 60))
    return when if when < now else None


def store(replies: list[dict], reviewer: User | None, insert: Callable[[type, list[dict]], None]) -> None:
    """Insert the versions, each check's result and the reviews (with the demo's chunked insert)."""
    insert(Reply, [r["row"] for r in replies])
    ids = {(user, m, lesson, key, version): rid for rid, user, m, lesson, key, version in Reply.select(
        Reply.id, Reply.user, Reply.module_id, Reply.lesson_id, Reply.exercise_key, Reply.version).tuples()}

    def id_of(row: dict) -> int:
        return ids[(row["user"], row["module_id"], row["lesson_id"], row["exercise_key"], row["version"])]

    insert(ReplyCheck, [{"reply": id_of(r["row"]), "position": n, "kind": c.check.kind, "passed": c.passed,
                          "found": "" if c.passed else "\n".join(c.found), "feedback": c.check.feedback}
                         for r in replies for n, c in enumerate(r["checks"], 1)])
    if reviewer is not None:
        insert(ReplyReview, [{"reply": id_of(r["row"]), "reviewer": reviewer.id, "comment": COMMENTS.get(r["row"]["language"], COMMENTS["de"]),
                               "example": False, "reviewed_at": r["reviewed"]} for r in replies if r["reviewed"]])
