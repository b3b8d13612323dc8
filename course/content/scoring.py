"""Reading a submitted quiz form and scoring it: pure functions, one point per question."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # quiz.py re-exports this module, so it cannot be imported here at run time
    from course.content.quiz import Question

MAX_GAP_ANSWER = 200


def normalise(text: str) -> str:
    """Compare gap answers without case, surrounding space or repeated inner space."""
    return " ".join(text.split()).casefold()


def _score_choice(question: Question, answer: frozenset[str]) -> bool:
    return frozenset(answer) == question.correct_keys


def _score_gaps(question: Question, answer: tuple[str, ...]) -> bool:
    if len(answer) != len(question.gaps):
        return False
    return all(normalise(given) in {normalise(a) for a in accepted} for given, accepted in zip(answer, question.gaps, strict=True))


def _describe_choice(question: Question, answer: frozenset[str]) -> str:
    return "; ".join(o.text for o in question.options if o.key in answer)


def _describe_gaps(question: Question, answer: tuple[str, ...]) -> str:
    return " | ".join(answer)


@dataclass(frozen=True)
class QuestionType:
    """How one kind of question is scored and how an answer is written down."""

    score: object
    describe: object
    is_choice: bool


QUESTION_TYPES: dict[str, QuestionType] = {
    "single": QuestionType(_score_choice, _describe_choice, True),
    "multiple": QuestionType(_score_choice, _describe_choice, True),
    "truefalse": QuestionType(_score_choice, _describe_choice, True),
    "gap": QuestionType(_score_gaps, _describe_gaps, False),
}


def field_name(question: Question, gap: int | None = None) -> str:
    """Return the form field name of a question (or of one of its gaps)."""
    return f"q-{question.key}" if gap is None else f"q-{question.key}-{gap}"


def read_answers(
    questions: tuple[Question, ...], form: Mapping[str, list[str]]
) -> tuple[dict[str, object], list[str]]:
    """Read a submitted quiz form into answers per question key, and list what is wrong with it."""
    answers: dict[str, object] = {}
    problems: list[str] = []
    for n, q in enumerate(questions, 1):
        if QUESTION_TYPES[q.kind].is_choice:
            chosen = frozenset(form.get(field_name(q), []))
            if not chosen:
                problems.append(f"Question {n} has no answer.")
            elif not chosen <= {o.key for o in q.options}:
                problems.append(f"Question {n}: that answer is not one of its options.")
            elif q.kind != "multiple" and len(chosen) > 1:
                problems.append(f"Question {n} takes one answer only.")
            answers[q.key] = chosen
        else:
            given = tuple((form.get(field_name(q, i)) or [""])[0] for i in range(len(q.gaps)))
            if any(not g.strip() for g in given):
                problems.append(f"Question {n} has an empty gap.")
            elif any(len(g) > MAX_GAP_ANSWER for g in given):
                problems.append(f"Question {n}: an answer is longer than {MAX_GAP_ANSWER} characters.")
            answers[q.key] = given
    return answers, problems


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    answer: object
    answer_text: str
    right: bool


@dataclass(frozen=True)
class QuizScore:
    points: int
    max_points: int
    percent: float
    passed: bool
    results: tuple[QuestionResult, ...]


def score_quiz(questions: tuple[Question, ...], answers: Mapping[str, object], pass_percent: int) -> QuizScore:
    """Score every question (one point each) and decide pass or fail."""
    results = []
    for q in questions:
        kind = QUESTION_TYPES[q.kind]
        answer = answers.get(q.key, frozenset() if kind.is_choice else ())
        results.append(QuestionResult(q, answer, kind.describe(q, answer), bool(kind.score(q, answer))))
    points = sum(r.right for r in results)
    percent = round(100 * points / len(questions), 2) if questions else 100.0
    # compare in whole numbers: the rounded percent could pass someone just below the mark
    passed = 100 * points >= pass_percent * len(questions)
    return QuizScore(points, len(questions), percent, passed, tuple(results))
