"""One person's full record: standing per module, every lesson, every attempt with its answers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from course.content.values import Course
from course.domain.lesson_done import lesson_completions
from course.domain.progress import confirmations, earlier_completions
from course.domain.replies import practice_times
from course.domain.standing import Standing, person_standing
from course.models import Acknowledgement, LessonProgress, ModuleCompletion, QuestionResponse, QuizAttempt, User


@dataclass(frozen=True)
class LessonRecord:
    module_id: str
    lesson_id: str
    title: str
    started_at: datetime | None
    completed_at: datetime | None
    retired: bool  # no longer in the course files


@dataclass(frozen=True)
class ResponseRecord:
    position: int
    question_key: str
    question_text: str
    answer_given: str
    right: bool
    retired: bool


@dataclass(frozen=True)
class AttemptRecord:
    id: int
    module_id: str
    lesson_id: str
    title: str
    submitted_at: datetime
    score_percent: float | None
    passed: bool
    retired: bool
    responses: tuple[ResponseRecord, ...]


@dataclass(frozen=True)
class PersonRecord:
    person: User
    modules: tuple[Standing, ...]
    lessons: tuple[LessonRecord, ...]
    attempts: tuple[AttemptRecord, ...]
    earlier: tuple[ModuleCompletion, ...] = ()  # completions before a recertification round
    confirmations: tuple[Acknowledgement, ...] = ()  # every statement confirmed, with its version

    def lesson_groups(self) -> list[tuple[str, str, list[LessonRecord]]]:
        """The lessons by module, in the course's order (modules no longer in it last): (id, title, lessons)."""
        titles = {cell.module_id: cell.title for cell in self.modules}
        groups: dict[str, list[LessonRecord]] = {}
        for row in self.lessons:
            groups.setdefault(row.module_id, []).append(row)
        order = [m for m in titles if m in groups] + [m for m in groups if m not in titles]
        return [(m, titles.get(m, m), groups[m]) for m in order]


def person_record(course: Course, person: User, now: datetime | None = None) -> PersonRecord:
    """Return a person's modules with due dates, every lesson, and every attempt with its answers."""
    standing = person_standing(course, person, now)
    return PersonRecord(person, tuple(standing.values()), _lessons(course, person), _attempts(course, person),
                        tuple(earlier_completions(person)), tuple(confirmations(person)))


def _lessons(course: Course, person: User) -> tuple[LessonRecord, ...]:
    rows = {(r.module_id, r.lesson_id): r for r in LessonProgress.select().where(LessonProgress.user == person)}
    # a lesson with exercises is completed once they are done too (the standing rule)
    done = lesson_completions(course, {key: r.completed_at for key, r in rows.items() if r.completed_at},
                              practice_times(course, person))
    records = []
    for module in course.modules:
        for lesson in module.lessons:
            row = rows.pop((module.id, lesson.id), None)
            records.append(LessonRecord(module.id, lesson.id, lesson.title, row and row.started_at,
                                        done.get((module.id, lesson.id)), False))
    for (module_id, lesson_id), row in sorted(rows.items()):
        records.append(LessonRecord(module_id, lesson_id, lesson_id, row.started_at, row.completed_at, True))
    return tuple(records)


def _attempts(course: Course, person: User) -> tuple[AttemptRecord, ...]:
    attempts = list(
        QuizAttempt.select()
        .where((QuizAttempt.user == person) & QuizAttempt.submitted_at.is_null(False))
        .order_by(QuizAttempt.submitted_at.desc(), QuizAttempt.id.desc())
    )
    responses: dict[int, list[QuestionResponse]] = {}
    if attempts:
        query = (QuestionResponse.select().where(QuestionResponse.attempt.in_([a.id for a in attempts]))
                 .order_by(QuestionResponse.attempt, QuestionResponse.position))
        for response in query:
            responses.setdefault(response.attempt_id, []).append(response)
    records = []
    for attempt in attempts:
        lesson = course.lesson(attempt.module_id, attempt.lesson_id)
        keys = {q.key for q in lesson.questions} if lesson else set()
        answers = tuple(ResponseRecord(r.position, r.question_key, r.question_text, r.answer_given, r.right,
                                       r.question_key not in keys) for r in responses.get(attempt.id, []))
        records.append(AttemptRecord(attempt.id, attempt.module_id, attempt.lesson_id,
                                     lesson.title if lesson else attempt.lesson_id, attempt.submitted_at,
                                     attempt.score_percent, bool(attempt.passed), lesson is None, answers))
    return tuple(records)
