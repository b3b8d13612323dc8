"""The frozen values a loaded course is made of."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from course.content.errors import ContentError
from course.content.exercise import Exercise
from course.content.pages import StoredHtml
from course.content.quiz import Question, QuizSettings

__all__ = ["ContentError", "Course", "Lesson", "Module"]


@dataclass(frozen=True, slots=True)  # 5,000 lessons: no dict per lesson (docs/performance.md, Memory)
class Lesson:
    """One lesson file: its rendered body and its quiz."""

    id: str
    module_id: str
    title: str
    minutes: int
    path: str
    body: str | StoredHtml  # the rendered HTML, or where it is kept on disk (read it as `html`)
    questions: tuple[Question, ...]
    settings: QuizSettings
    content_hash: str
    settings_line: int | None = None  # the `quiz:` line; None when the front matter has none
    language: str = ""  # the language of its text ("" in a course that declares no languages)
    languages: tuple[str, ...] = ()  # the course languages it exists in (set on the default version)
    exercises: tuple[Exercise, ...] = ()  # its <exercise> blocks: posts to answer
    confirm: str = ""  # a statement the person confirms instead of a quiz ("I have read ... and follow them")

    @property
    def html(self) -> str:
        """The rendered HTML (read from the worker's page file when it is kept there, course/content/pages.py)."""
        body = self.body
        return body if type(body) is str else body.read()

    @property
    def has_quiz(self) -> bool:
        return bool(self.questions)

    @property
    def asks_confirmation(self) -> bool:
        return bool(self.confirm)


@dataclass(frozen=True)
class Module:
    """One module folder: its introduction, rules and ordered lessons."""

    id: str
    title: str
    summary: str
    intro_html: str
    path: str
    mandatory: bool = False
    due_days: int | None = None
    recertify_months: int | None = None
    short_title: str = ""  # a column header where the title is too long (the matrix); else the title
    lessons: tuple[Lesson, ...] = ()
    language: str = ""
    languages: tuple[str, ...] = ()  # the course languages its module file exists in

    @property
    def header(self) -> str:
        """The module's name where space is short: its short_title, else its title."""
        return self.short_title or self.title

    @cached_property
    def _places(self) -> dict[str, int]:
        # built on first use: every page looks a lesson up by id (a module may hold hundreds)
        return {lesson.id: i for i, lesson in reversed(list(enumerate(self.lessons)))}  # the first of an id, as before

    def lesson(self, lesson_id: str) -> Lesson | None:
        """Return the lesson with this id, or None."""
        i = self._places.get(lesson_id)
        return None if i is None else self.lessons[i]

    def position(self, lesson_id: str) -> int:
        """Return the lesson's place in the module, 1 for the first; ValueError if it has no such lesson."""
        i = self._places.get(lesson_id)
        if i is None:
            raise ValueError(f"{lesson_id!r} is not a lesson of module {self.id!r}")
        return i + 1

    def neighbours(self, lesson_id: str) -> tuple[Lesson | None, Lesson | None]:
        """Return the lessons before and after this one in the module."""
        i = self.position(lesson_id) - 1
        before = self.lessons[i - 1] if i > 0 else None
        after = self.lessons[i + 1] if i + 1 < len(self.lessons) else None
        return before, after


@dataclass(frozen=True)
class Course:
    """The whole course as loaded from one folder."""

    title: str
    welcome_html: str
    modules: tuple[Module, ...] = ()
    errors: tuple[ContentError, ...] = field(default=(), compare=False)
    warnings: tuple[ContentError, ...] = field(default=(), compare=False)  # e.g. missing translations
    languages: tuple[str, ...] = ()  # from course.md; the first is the default, () means one undeclared language
    language: str = ""  # the language of this version
    company: str = ""  # course.md's `company:`, for certificates
    contract_number: str = ""  # course.md's pattern of a customer or contract number (checked safe at load)
    # every other language's version, lessons without a translation in the default language
    variants: Mapping[str, Course] = field(default_factory=dict, compare=False, repr=False)

    def in_language(self, language: str | None) -> Course:
        """Return the course in this language, or itself when it has no such version."""
        return self.variants.get(language or "", self)

    @cached_property
    def _places(self) -> dict[str, int]:
        return {m.id: i for i, m in reversed(list(enumerate(self.modules)))}

    def module(self, module_id: str) -> Module | None:
        """Return the module with this id, or None."""
        i = self._places.get(module_id)
        return None if i is None else self.modules[i]

    def modules_after(self, module_id: str) -> tuple[Module, ...]:
        """Return the modules that follow this one, in course order (none for an unknown id)."""
        i = self._places.get(module_id)
        return () if i is None else self.modules[i + 1 :]

    def lesson(self, module_id: str, lesson_id: str) -> Lesson | None:
        """Return one lesson by its module and lesson ids, or None."""
        module = self.module(module_id)
        return module.lesson(lesson_id) if module else None

    @property
    def contract(self) -> re.Pattern[str] | None:
        """The compiled `contract_number:` pattern for the no_personal_data check, or None."""
        return re.compile(self.contract_number) if self.contract_number else None

    @property
    def question_count(self) -> int:
        return sum(len(lesson.questions) for m in self.modules for lesson in m.lessons)

    @property
    def lesson_count(self) -> int:
        return sum(len(m.lessons) for m in self.modules)
