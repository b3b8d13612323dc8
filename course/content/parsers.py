"""One course file into its value: a lesson, a module.md, a course.md, each with its errors (file and line)."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from course.content.errors import ContentError
from course.content.exercise import extract_exercises
from course.content.files import NUMBER_PREFIX, image_resolver, item_id, read_text
from course.content.frontmatter import Source, check_keys, flag_field, split_front_matter, text_field, whole_field
from course.content.media import inside
from course.content.messages import N_, reason
from course.content.quiz import extract_quizzes, parse_settings
from course.content.titles import MKDOCS_PAGE_KEYS, title_and_body
from course.content.translations import parse_languages, split_language
from course.content.values import Lesson, Module

COURSE_KEYS = ("title", "languages", "company", "contract_number")
MODULE_KEYS = ("title", "short_title", "summary", "id", "mandatory", "due_days", "recertify_months")
TEXT_KEYS = ("title", "short_title", "summary")  # what module.en.md and course.en.md may translate; the rest is shared
LESSON_KEYS = ("title", "minutes", "id", "quiz", "confirm")
WORDS_PER_MINUTE = 200


def parse_lesson(path: Path, root: Path, display: str, module_id: str) -> tuple[Lesson | None, list[ContentError]]:
    """Load one lesson file; return None with its errors when it is broken."""
    # the renderer's libraries load in the render process, not in every worker (docs/performance.md, Memory)
    from course.content.markup import RenderError, plain_text, render_markdown

    raw, errors = read_text(path, display)
    if errors:
        return None, errors
    source, errors = split_front_matter(raw, display)
    # a broken front matter is reported once, not again as a missing title
    broken = bool(errors)
    errors += check_keys(replace(source, meta={k: v for k, v in source.meta.items() if k not in MKDOCS_PAGE_KEYS}),
                         LESSON_KEYS, display)
    title, body = title_and_body(text_field(source, "title", display, errors), source.body)
    if not title and not broken and source.meta.get("title") is None:
        errors.append(ContentError(display, 1, N_("'%(key)s' is missing from the front matter", key="title")))
    name, language = split_language(path.stem)
    lesson_id = item_id(source, name, display, errors)
    settings, setting_errors = parse_settings(source.meta.get("quiz"), display, source.key_lines.get("quiz", 1))
    errors += setting_errors
    image_url = image_resolver(root, path.parent, raw, display, errors, language)
    exercise_image = image_resolver(root, path.parent, raw, "", [], language)  # its messages unused: the exercise reports its own
    body, exercises, exercise_errors = extract_exercises(body, source.body_line, display, lambda src: exercise_image(src) is not None)
    exercises = [replace(e, image=exercise_image(e.image) or "") if e.image else e for e in exercises]  # its /media/ address
    errors += exercise_errors
    try:
        body, questions, quiz_errors = extract_quizzes(body, source.body_line, display, image_url)
        html = render_markdown(body, image_url)
    except RenderError as exc:
        return None, errors + [ContentError(display, source.body_line, reason(exc))]
    errors += quiz_errors
    minutes = whole_field(source, "minutes", display, errors, minimum=1)
    confirm = text_field(source, "confirm", display, errors)
    if confirm and questions:
        errors.append(ContentError(display, source.key_lines.get("confirm", 1),
                                   N_("a lesson asks for a confirmation or has a quiz, not both: remove one")))
    if errors:
        return None, errors
    words = len(plain_text(body).split()) + 30 * len(questions)
    return Lesson(
        id=lesson_id,
        module_id=module_id,
        title=title,
        minutes=minutes or max(1, math.ceil(words / WORDS_PER_MINUTE)),
        path=display,
        body=str(html),
        questions=tuple(questions),
        settings=settings,
        content_hash=hashlib.sha256(raw.encode()).hexdigest()[:16],
        settings_line=source.key_lines.get("quiz", 1) if "quiz" in source.meta else None,
        language=language,
        exercises=tuple(exercises),
        confirm=confirm,
    ), []


def parse_module_file(folder: Path, root: Path, display: str, language: str = "") -> tuple[Module, list[ContentError]]:
    """Read module.md (its rules and introduction); a missing one is an error, not a lost module.

    With a language, read its translation module.<language>.md, which translates the texts only.
    """
    path = folder / (f"module.{language}.md" if language else "module.md")
    if not path.is_file() or not inside(path, root):
        return untitled_module(folder, display), [ContentError(display, 1, N_("module.md is missing: add one with a title"))]
    raw, errors = read_text(path, display)
    source, fm_errors = split_front_matter(raw, display)
    errors += fm_errors + check_keys(source, TEXT_KEYS if language else MODULE_KEYS, display, shared=MODULE_KEYS)
    module = Module(
        id=item_id(source, folder.name, display, errors),
        title=text_field(source, "title", display, errors, required=not fm_errors) or folder.name,
        summary=text_field(source, "summary", display, errors),
        intro_html=_text_html(source, image_resolver(root, folder, raw, display, errors, language), display, errors),
        path=display,
        language=language,
        mandatory=flag_field(source, "mandatory", display, errors),
        due_days=whole_field(source, "due_days", display, errors, minimum=1),
        recertify_months=whole_field(source, "recertify_months", display, errors, minimum=1),
        short_title=_short_title(source, display, errors),
    )
    return module, errors


SHORT_TITLE_MAX = 24  # about what fits a column of the matrix at 1,280 px with seven modules


def _short_title(source, display: str, errors: list[ContentError]) -> str:
    short = text_field(source, "short_title", display, errors)
    if len(short) > SHORT_TITLE_MAX:
        errors.append(ContentError(display, source.key_lines.get("short_title", 1),
                                   N_("short_title is a column header: at most %(maximum)s characters, not %(length)s",
                                      maximum=SHORT_TITLE_MAX, length=len(short))))
        return ""
    return short


def untitled_module(folder: Path, display: str) -> Module:
    """A module without a usable module.md, titled after its folder, so nobody's progress disappears."""
    title = NUMBER_PREFIX.sub("", folder.name).replace("-", " ").strip().capitalize()
    return Module(id=NUMBER_PREFIX.sub("", folder.name), title=title, summary="", intro_html="", path=display)


def _text_html(source: Source, image_url: Callable[[str], str | None], display: str, errors: list[ContentError]) -> str:
    """Render the text of module.md or course.md; a quiz there would show its answer key as text."""
    # the renderer's libraries load in the render process, not in every worker (docs/performance.md, Memory)
    from course.content.markup import RenderError, render_markdown

    try:
        body, questions, quiz_errors = extract_quizzes(source.body, source.body_line, display, image_url)
        html = str(render_markdown(body, image_url))
    except RenderError as exc:
        errors.append(ContentError(display, source.body_line, reason(exc)))
        return ""
    errors += quiz_errors
    if questions:
        errors.append(ContentError(display, questions[0].line, N_("a <quiz> belongs in a lesson file: move it into one")))
    return html


def course_file(root: Path, language: str = "") -> tuple[str, str, tuple[str, ...], str, list[ContentError]]:
    """Read course.md (or its translation course.<language>.md): title, welcome text as HTML, languages, company, errors."""
    path = root / (f"course.{language}.md" if language else "course.md")
    if not path.is_file() or not inside(path, root):
        return "Course", "", (), "", []
    display = str(path)
    raw, errors = read_text(path, display)
    source, fm_errors = split_front_matter(raw, display)
    errors += fm_errors + check_keys(source, ("title",) if language else COURSE_KEYS, display, shared=COURSE_KEYS)
    title = text_field(source, "title", display, errors, required=not fm_errors) or "Course"
    languages = () if language else parse_languages(source, display, errors)
    company = "" if language else text_field(source, "company", display, errors)
    html = _text_html(source, image_resolver(root, root, raw, display, errors, language), display, errors)
    return title, html, languages, company, errors
