"""Build test data: progress, attempts and assignments in the database, filled-in quiz forms, and practice replies."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

from course.content.scoring import field_name
from course.models import Assignment, LessonProgress, QuestionResponse, QuizAttempt, User, utcnow

NOW = utcnow().replace(microsecond=0)
# replies to the outage post of the practice fixture course (tests/fixtures/practice, antworten/stoerung):
# the hasty one fails its key words, personal data and signature checks; the careful one passes every check
HASTY = "Wir sind nicht schuld, rufen Sie 0421 1234567 an."
CAREFUL = "Das tut uns leid, Frau Peters! Schreiben Sie uns bitte eine Direktnachricht.\nAnna"


def ago(days: float = 0, hours: float = 0) -> datetime:
    """Return a time this long before NOW."""
    return NOW - timedelta(days=days, hours=hours)


def person(email: str, department: str = "Service", created_days_ago: float = 30, active: bool = True, **fields) -> User:
    """Create a person without a password."""
    name = fields.pop("name", email.split("@")[0].title())
    return User.create(email=email, name=name, department=department, created_at=ago(created_days_ago),
                       active=active, **fields)


def lesson(user: User, module_id: str, lesson_id: str, started: datetime, completed: datetime | None = None) -> None:
    """Record that a person opened (and perhaps completed) a lesson."""
    LessonProgress.create(user=user, module_id=module_id, lesson_id=lesson_id, started_at=started, completed_at=completed)


def attempt(user: User, module_id: str, lesson_id: str, submitted: datetime, responses: list[tuple[str, str, str, bool]],
            percent: float | None = None, passed: bool | None = None) -> QuizAttempt:
    """Record a submitted attempt; responses are (question key, question text, answer given, right)."""
    right = sum(r[3] for r in responses)
    percent = round(100 * right / len(responses), 2) if percent is None else percent
    row = QuizAttempt.create(user=user, module_id=module_id, lesson_id=lesson_id, token=secrets.token_hex(8),
                             content_hash="x", started_at=submitted - timedelta(minutes=5), submitted_at=submitted,
                             score_raw=right, score_max=len(responses), score_percent=percent,
                             passed=percent >= 75 if passed is None else passed)
    for position, (key, text, answer, ok) in enumerate(responses, 1):
        QuestionResponse.create(attempt=row, position=position, question_key=key, question_kind="single",
                                question_text=text, answer_given=answer, right=ok)
    return row


def assignment(module_id: str, due: datetime | None, user: User | None = None, department: str | None = None) -> Assignment:
    """Assign a module directly (no due_days arithmetic)."""
    return Assignment.create(module_id=module_id, user=user, department=department, due_at=due, assigned_at=ago(20))


def quiz_form(lesson, right: bool = True, wrong_at: int | None = None) -> dict[str, list[str]]:
    """Fill in a lesson's quiz as a learner would, from the file's own answer key.

    Every answer right (or, with right=False, every one wrong: the first wrong option, a wrong
    word in each gap); wrong_at answers only the question at that position wrong.
    """
    form = {}
    for n, question in enumerate(lesson.questions):
        correct = right and n != wrong_at
        if question.kind == "gap":
            for gap, accepted in enumerate(question.gaps):
                form[field_name(question, gap)] = [accepted[0] if correct else "no idea"]
        else:
            keys = [o.key for o in question.options if o.correct == correct]
            form[field_name(question)] = keys if question.kind == "multiple" and correct else keys[:1]
    return form


def open_quiz(client, path: str) -> tuple[str, str, str]:
    """Open a lesson page and return its quiz form's attempt token, CSRF token and the page."""
    html = client.get(path).get_data(as_text=True)
    token = re.search(r'name="attempt" value="([^"]+)"', html).group(1)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    return token, csrf, html
