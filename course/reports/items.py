"""Quiz item analysis: per question as stored with the attempts, how often it was answered right."""

from __future__ import annotations

from dataclasses import dataclass

from peewee import Case, fn

from course.content.quiz import Question, chosen_positions
from course.content.values import Course
from course.models import QuestionResponse, QuizAttempt
from course.reports.common import EVERYONE, Scope, in_scope


@dataclass(frozen=True)
class QuizLesson:
    """A lesson with a quiz today, or one that is gone from the files but has attempts (retired)."""

    module_id: str
    lesson_id: str
    title: str
    module_title: str
    questions: int
    attempts: int
    retired: bool


def quiz_lessons(course: Course, scope: Scope = EVERYONE) -> list[QuizLesson]:
    """Return every quiz lesson in course order, then retired ones that have attempts."""
    counts = dict(
        ((m, x), n) for m, x, n in
        QuizAttempt.select(QuizAttempt.module_id, QuizAttempt.lesson_id, fn.COUNT(QuizAttempt.id))
        .where(QuizAttempt.submitted_at.is_null(False) & in_scope(QuizAttempt.user, scope))
        .group_by(QuizAttempt.module_id, QuizAttempt.lesson_id).tuples()
    )
    lessons = [
        QuizLesson(m.id, x.id, x.title, m.title, len(x.questions), counts.pop((m.id, x.id), 0), False)
        for m in course.modules for x in m.lessons if x.has_quiz
    ]
    for (module_id, lesson_id), n in sorted(counts.items()):
        module = course.module(module_id)
        lessons.append(QuizLesson(module_id, lesson_id, lesson_id, module.title if module else module_id, 0, n, True))
    return lessons


@dataclass(frozen=True)
class ItemRow:
    """One question: answers overall and on each person's first attempt, and the commonest wrong answer."""

    question_key: str
    text: str
    answers: int
    right: int
    first_answers: int
    first_right: int
    top_wrong: str | None
    top_wrong_count: int
    retired: bool

    @property
    def right_share(self) -> float | None:
        return 100 * self.right / self.answers if self.answers else None

    @property
    def first_right_share(self) -> float | None:
        return 100 * self.first_right / self.first_answers if self.first_answers else None


def _top_wrong(questions: dict[str, Question], groups) -> dict[str, tuple[str, int]]:
    """Return each question's most chosen wrong answer and its count, counting answers by position.

    Responses that chose the same options count together however their text was stored (a fixed
    typo, another language); the wording is today's where the question still has those options.
    """
    counts: dict[str, dict[object, list]] = {}
    for k, stored, given, n in groups:
        q = questions.get(k)
        positions = chosen_positions(q, stored, given) if q else None
        answer = positions or stored or ("text", given)
        wording = "; ".join(q.options[i].text for i in positions) if positions else given
        entry = counts.setdefault(k, {}).setdefault(answer, [wording, 0])
        entry[1] += n
    wrong: dict[str, tuple[str, int]] = {}
    for k, answers in counts.items():
        text, n = min(answers.values(), key=lambda entry: (-entry[1], entry[0]))
        wrong[k] = (text, n)
    return wrong


def _tally(responses, of_lesson) -> tuple[dict, dict, list]:
    """Count a lesson's answers in one pass over them (10% of them at 100,000 people is half a million rows).

    Returns per question (answers, right, its text as stored), per question on first attempts
    (answers, right), and the wrong answers grouped as _top_wrong reads them.
    """
    key, positions = QuestionResponse.question_key, QuestionResponse.answer_positions
    # answers by position; by their text only where no positions were stored (gaps, older rows)
    text = Case(None, [(positions.is_null(), QuestionResponse.answer_given)], None)
    firsts = QuizAttempt.select(fn.MIN(QuizAttempt.id)).where(of_lesson).group_by(QuizAttempt.user)
    is_first = Case(None, [(QuizAttempt.id.in_(firsts), 1)], 0)
    groups = responses(key, positions, QuestionResponse.right, is_first, fn.COUNT(QuestionResponse.id),
                       fn.MAX(QuestionResponse.question_text), fn.MAX(QuestionResponse.answer_given))
    overall: dict[str, list] = {}
    first: dict[str, list] = {}
    wrong: dict[tuple, list] = {}
    for k, stored, right, once, n, question_text, given in groups.group_by(key, positions, text, QuestionResponse.right,
                                                                            is_first).tuples():
        total = overall.setdefault(k, [0, 0, question_text])
        total[0], total[1], total[2] = total[0] + n, total[1] + (n if right else 0), max(total[2], question_text)
        if once:
            counts = first.setdefault(k, [0, 0])
            counts[0], counts[1] = counts[0] + n, counts[1] + (n if right else 0)
        if not right:
            group = wrong.setdefault((k, stored, given if stored is None else None), [given, 0])
            group[0], group[1] = max(group[0], given), group[1] + n
    return ({k: tuple(v) for k, v in overall.items()}, {k: tuple(v) for k, v in first.items()},
            [(k, stored, given, n) for (k, stored, _), (given, n) in wrong.items()])


@dataclass(frozen=True)
class ItemAnalysis:
    lesson: QuizLesson
    people: int
    rows: tuple[ItemRow, ...]


def item_analysis(course: Course, module_id: str, lesson_id: str, scope: Scope = EVERYONE) -> ItemAnalysis | None:
    """Analyse one lesson's questions from the stored responses; None if the lesson is unknown."""
    of_lesson = (QuizAttempt.module_id == module_id) & (QuizAttempt.lesson_id == lesson_id) & QuizAttempt.submitted_at.is_null(False)

    def responses(*columns):
        return QuestionResponse.select(*columns).join(QuizAttempt).where(of_lesson & in_scope(QuizAttempt.user, scope))

    people = QuizAttempt.select(fn.COUNT(fn.DISTINCT(QuizAttempt.user))).where(of_lesson & in_scope(QuizAttempt.user, scope)).scalar()
    lesson = course.lesson(module_id, lesson_id)
    if lesson is None and not people:
        return None
    overall, first, wrong = _tally(responses, of_lesson)
    questions = {q.key: q for q in lesson.questions} if lesson else {}
    wrong = _top_wrong(questions, wrong)
    current = {k: q.text for k, q in questions.items()}
    keys = list(current) + sorted((k for k in overall if k not in current), key=lambda k: overall[k][2])
    rows = tuple(
        ItemRow(k, current.get(k) or overall[k][2], *overall.get(k, (0, 0, ""))[:2], *first.get(k, (0, 0)),
                *(wrong[k] if k in wrong else (None, 0)), k not in current)
        for k in keys
    )
    module = course.module(module_id)
    info = QuizLesson(module_id, lesson_id, lesson.title if lesson else lesson_id, module.title if module else module_id,
                      len(lesson.questions) if lesson else 0, sum(r.answers for r in rows[:1]), lesson is None)
    return ItemAnalysis(info, people or 0, rows)
