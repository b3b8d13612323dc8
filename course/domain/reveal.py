"""What a quiz result may show: the lesson's show_correct rule (see docs/authoring.md), and each answer's choices."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from course.content.quiz import chosen_options
from course.content.values import Lesson
from course.domain.attempts import QuizStatus
from course.models import QuestionResponse, QuizAttempt


def reveal(lesson: Lesson | None, status: QuizStatus | None, attempt: QuizAttempt) -> dict[str, Any]:
    """Decide what an attempt's result may show: feedback, the correct answers, and the questions to show them by.

    Nothing when the lesson is gone or its text changed since the attempt: today's questions are not the ones answered.
    """
    if lesson is None or status is None or lesson.content_hash != attempt.content_hash:
        return {"feedback": False, "correct": False}
    rule = lesson.settings.show_correct
    correct = rule == "after_submit" or (rule == "after_pass" and status.passed)
    return {"feedback": rule != "never", "correct": correct, "questions": {q.key: q for q in lesson.questions}}


def chosen(responses: Iterable[QuestionResponse], shown: dict[str, Any]) -> dict[str, tuple | None]:
    """Map each response's question key to the options it chose, found by their positions (questions reveal() shows)."""
    questions = shown.get("questions", {})
    return {
        r.question_key: chosen_options(questions[r.question_key], r.answer_positions, r.answer_given)
        for r in responses
        if r.question_key in questions
    }
