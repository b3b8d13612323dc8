"""Reading a submitted quiz form and scoring it: pure functions, one point per question."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from course.content.messages import N_

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


def encode_positions(answer: frozenset[str]) -> str:
    """Return the chosen options' positions (0 = first answer in the file) as stored: "0,2"."""
    return ",".join(str(i) for i in sorted(int(key) for key in answer))


def decode_positions(stored: str | None) -> tuple[int, ...] | None:
    """Read stored positions back; None when there are none (a gap question, or a legacy row)."""
    if not stored:
        return None
    try:
        return tuple(int(part) for part in stored.split(","))
    except ValueError:
        return None


def legacy_positions(question: Question, answer_given: str) -> tuple[int, ...] | None:
    """Find which options a response stored before positions existed chose, from its text.

    Such rows hold only the chosen answers' texts joined by "; " in file order. Splitting on
    "; " breaks on answers that contain it; instead the whole text is matched against every
    join of the question's options, and only a single exact match counts.
    """
    texts = [o.text for o in question.options]
    found: list[tuple[int, ...]] = []

    def walk(start: int, rest: str, chosen: tuple[int, ...]) -> None:
        for i in range(start, len(texts)):
            if rest == texts[i]:
                found.append((*chosen, i))
            elif rest.startswith(texts[i] + "; "):
                walk(i + 1, rest[len(texts[i]) + 2 :], (*chosen, i))

    if answer_given:
        walk(0, answer_given, ())
    return found[0] if len(found) == 1 else None


def chosen_positions(question: Question, stored: str | None, answer_given: str) -> tuple[int, ...] | None:
    """Return the positions a stored response chose; None when they cannot be known.

    A row stored before positions existed (stored is None) is matched by its whole text.
    """
    if not QUESTION_TYPES[question.kind].is_choice:
        return None
    positions = decode_positions(stored) if stored is not None else legacy_positions(question, answer_given)
    if positions is None or not all(0 <= i < len(question.options) for i in positions):
        return None
    return positions


def chosen_options(question: Question, stored: str | None, answer_given: str) -> tuple | None:
    """Return the options a stored response chose, found by position (see chosen_positions)."""
    positions = chosen_positions(question, stored, answer_given)
    return None if positions is None else tuple(question.options[i] for i in positions)


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


@dataclass(frozen=True)
class AnswerProblem:
    """What is wrong with one question's answer, numbered as the learner saw the question."""

    key: str  # the question's key, to mark it where it stands on the page
    number: int
    message: str


def check_answers(
    questions: tuple[Question, ...] | list[Question], form: Mapping[str, list[str]]
) -> tuple[dict[str, object], list[AnswerProblem]]:
    """Read a submitted quiz form into answers per question key, and what is wrong, question by question.

    Pass the questions in the order they were shown (a shuffled quiz is numbered as shown).
    """
    answers: dict[str, object] = {}
    problems: list[AnswerProblem] = []
    for n, q in enumerate(questions, 1):
        problem = None
        if QUESTION_TYPES[q.kind].is_choice:
            chosen = frozenset(form.get(field_name(q), []))
            if not chosen:
                problem = N_("Question %(number)s has no answer.", number=n)
            elif not chosen <= {o.key for o in q.options}:
                problem = N_("Question %(number)s: that answer is not one of its options.", number=n)
            elif q.kind != "multiple" and len(chosen) > 1:
                problem = N_("Question %(number)s takes one answer only.", number=n)
            answers[q.key] = chosen
        else:
            given = tuple((form.get(field_name(q, i)) or [""])[0] for i in range(len(q.gaps)))
            if any(not g.strip() for g in given):
                problem = N_("Question %(number)s has an empty gap.", number=n)
            elif any(len(g) > MAX_GAP_ANSWER for g in given):
                problem = N_("Question %(number)s: an answer is longer than %(max)s characters.", number=n, max=MAX_GAP_ANSWER)
            answers[q.key] = given
        if problem:
            problems.append(AnswerProblem(q.key, n, problem))
    return answers, problems


def read_answers(
    questions: tuple[Question, ...], form: Mapping[str, list[str]]
) -> tuple[dict[str, object], list[str]]:
    """Read a submitted quiz form into answers per question key, and list what is wrong with it."""
    answers, problems = check_answers(questions, form)
    return answers, [p.message for p in problems]


class QuestionResult(NamedTuple):
    """One question's answer, as written down, and whether it was right.

    A named tuple, not a frozen dataclass: a submission makes one per question, and a frozen
    dataclass sets each field through object.__setattr__ (docs/performance.md, Quiz submission).
    """

    question: Question
    answer: object
    answer_text: str
    right: bool

    @property
    def positions(self) -> str | None:
        """The chosen options' positions as stored ("0,2"); None for a gap question."""
        return encode_positions(self.answer) if QUESTION_TYPES[self.question.kind].is_choice else None


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
