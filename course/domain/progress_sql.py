"""The statements behind the lesson page and the quiz submission, built once (course/db.py, Prepared).

Peewee's Python would cost ten times what the database needs to run them (see README,
Performance). Every value that changes is a `param`, defaults included: anything else would be
frozen into the statement the first time it is built. Only course/domain/progress.py and attempts.py run them.
"""

from __future__ import annotations

from datetime import datetime

from peewee import EXCLUDED, Case, fn

from course.db import Prepared, param
from course.models import LessonProgress, ModuleCompletion, QuestionResponse, QuizAttempt

_P, _A = LessonProgress, QuizAttempt


def _of_lesson(model):
    """Match one person's rows for one lesson (parameters user, module_id, lesson_id)."""
    return (
        (model.user == param("user", model.user))
        & (model.module_id == param("module_id", model.module_id))
        & (model.lesson_id == param("lesson_id", model.lesson_id))
    )


def _progress_insert(**values):
    fields = ("user", "module_id", "lesson_id", "started_at")
    return _P.insert(**{f: param(f, getattr(_P, f)) for f in fields}, **values)


# one row at most: (person, module, lesson) is unique
LESSON_DONE = Prepared(lambda: _P.select(_P.completed_at, _P.confirmed_hash).where(_of_lesson(_P)),
                       order=("user", "module_id", "lesson_id"))
LESSON_STARTED = Prepared(lambda: _progress_insert().on_conflict_ignore())
# one statement: the row if missing, the completion if none yet (the first completion time stays),
# or a new one when the old is from a round that expired (renew_before: recertification; EPOCH if none)
LESSON_COMPLETED = Prepared(
    lambda: _progress_insert(completed_at=param("started_at", _P.completed_at)).on_conflict(
        conflict_target=(_P.user, _P.module_id, _P.lesson_id),
        update={_P.completed_at: Case(None, [
            (_P.completed_at.is_null() | (_P.completed_at <= param("renew_before", _P.completed_at)),
             EXCLUDED.completed_at)], _P.completed_at)},
    ),
    order=("user", "module_id", "lesson_id", "started_at", "started_at", "renew_before"),
)
# every lesson one person opened, with its completion time (the dashboard and the module page)
PERSONS_LESSONS = Prepared(lambda: _P.select(_P.module_id, _P.lesson_id, _P.completed_at)
                           .where(_P.user == param("user", _P.user)))
EPOCH = datetime(1970, 1, 1)  # before any completion: nothing to renew
ARCHIVE_COMPLETION = Prepared(
    lambda: ModuleCompletion.insert(**{f: param(f, getattr(ModuleCompletion, f))
                                       for f in ("user", "module_id", "completed_at", "valid_until")}
                                    ).on_conflict_ignore()
)

# one row however many attempts: how many, whether any passed, the best score, the last
# submission and the last passed one (the last attempt failed when they differ)
QUIZ_STATUS = Prepared(
    lambda: _A.select(
        fn.COUNT(_A.id),
        fn.MAX(Case(None, [(_A.passed, 1)], 0)),
        fn.MAX(_A.score_percent),
        fn.MAX(_A.submitted_at),
        fn.MAX(Case(None, [(_A.passed, _A.submitted_at)], None)),
    ).where(_of_lesson(_A) & (_A.submitted_at > param("since", _A.submitted_at)))  # this round's attempts
)
OPEN_ATTEMPT = Prepared(
    lambda: _A.select()
    .where(_of_lesson(_A) & _A.submitted_at.is_null() & (_A.content_hash == param("content_hash", _A.content_hash)))
    .order_by(_A.id.desc())
    .limit(1)
)


def _attempt_by_token():
    # the two columns the submission needs: which attempt, and whether it was submitted already
    return _A.select(_A.id, _A.submitted_at).where((_A.token == param("token", _A.token)) & _of_lesson(_A))


ATTEMPT_BY_TOKEN = Prepared(_attempt_by_token, order=("token", "user", "module_id", "lesson_id"))
# bound by position, in this order (Prepared checks it against peewee's SQL)
SCORED = ("content_hash", "submitted_at", "score_raw", "score_max", "score_percent", "passed")
SUBMIT_ATTEMPT = Prepared(
    lambda: _A.update({getattr(_A, f): param(f, getattr(_A, f)) for f in SCORED})
    .where((_A.id == param("id", _A.id)) & _A.submitted_at.is_null()),
    order=(*SCORED, "id"),
)

RESPONSE_FIELDS = ("position", "question_key", "question_kind", "question_text", "answer_given", "answer_positions", "right")
_responses: dict[int, Prepared] = {}


def insert_responses(count: int) -> Prepared:
    """Return the INSERT of `count` responses, bound by position: per response the attempt's id, then RESPONSE_FIELDS."""
    if count not in _responses:
        _responses[count] = Prepared(lambda: QuestionResponse.insert_many([
            {"attempt": param("attempt", QuestionResponse.attempt),
             **{f: param(f, getattr(QuestionResponse, f)) for f in RESPONSE_FIELDS}}
            for _ in range(count)
        ]), order=("attempt", *RESPONSE_FIELDS) * count)
    return _responses[count]
