"""Build progress, attempts and assignments directly in the database, for report tests."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from course.models import Assignment, LessonProgress, QuestionResponse, QuizAttempt, User, utcnow

NOW = utcnow().replace(microsecond=0)


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
