"""Walk a course folder into a Course: front matter, ids, lessons, errors with file and line."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from course.content.errors import ContentError
from course.content.exercise import course_contract, extract_exercises, missing_alt
from course.content.files import MAX_FILE_BYTES, NUMBER_PREFIX, image_resolver, item_id, read_text  # noqa: F401 (MAX_FILE_BYTES: re-exported)
from course.content.frontmatter import Source, check_keys, flag_field, split_front_matter, text_field, whole_field
from course.content.links import resolve_links
from course.content.media import inside, outside_links
from course.content.messages import N_, reason
from course.content.quiz import extract_quizzes, parse_settings
from course.content.reply_checks import with_model_checks
from course.content.sandbox import RenderLimit
from course.content.titles import MKDOCS_PAGE_KEYS, title_and_body
from course.content.translations import (
    Translated,
    course_translations,
    module_translations,
    pair_lessons,
    parse_languages,
    split_language,
    with_languages,
)
from course.content.values import Course, Lesson, Module

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
        return _untitled_module(folder, display), [ContentError(display, 1, N_("module.md is missing: add one with a title"))]
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


def _untitled_module(folder: Path, display: str) -> Module:
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


LessonParser = Callable[[Path, Path, str, str], tuple[Lesson | None, list[ContentError]]]
# runs a parser with its arguments: here, or in the render process (course/content/sandbox.py)
Call = Callable[..., Any]


def _here(function: Callable[..., Any], *args: Any) -> Any:
    return function(*args)


def isolated(call: Call, display: str, fallback: tuple, function: Callable[..., tuple], *args: Any) -> tuple:
    """Run a file's parser through call; a file past the render limits gives fallback plus its error."""
    try:
        return call(function, *args)
    except RenderLimit as exc:
        return (*fallback, [ContentError(display, 1, reason(exc))])


def isolated_lessons(call: Call) -> LessonParser:
    """Return a lesson parser that renders through call (a file past the limits is an error)."""
    return lambda path, root, display, module_id: isolated(call, display, (None,), parse_lesson, path, root, display, module_id)


def load_course(root: Path, parse: LessonParser = parse_lesson, call: Call = _here) -> Course:
    """Load a whole course folder; broken files are reported and left out, the rest loads.

    parse is the lesson parser; the catalog passes one that caches and keeps last good versions.
    call runs the parsers of module.md and course.md (the catalog's runs them in the render process).
    """
    root = Path(root)
    if not root.is_dir():
        return Course(title="", welcome_html="", errors=(ContentError(str(root), 1, N_("course folder not found")),))
    # a link out of the folder is never followed: course text could show any file of the system
    errors: list[ContentError] = outside_links(root)
    warnings: list[ContentError] = []
    title, welcome, languages, company, course_errors = isolated(call, str(root / "course.md"), ("Course", "", (), ""),
                                                                 course_file, root)
    errors += course_errors
    contract, contract_errors = isolated(call, str(root / "course.md"), ("",), course_contract, root)
    errors += contract_errors
    parse = with_model_checks(parse, contract, languages[0] if languages else "de")

    def course_text(language: str) -> tuple[str, str]:
        display = str(root / f"course.{language}.md")
        text, welcome_text, _, _, text_errors = isolated(call, display, (title, welcome, (), ""), course_file, root, language)
        errors.extend(text_errors)
        return text, welcome_text

    def module_text(folder: Path, language: str) -> tuple[Module, list[ContentError]]:
        display = str(folder / f"module.{language}.md")
        return isolated(call, display, (_untitled_module(folder, display),), parse_module_file, folder, root, display, language)

    texts = course_translations(root, languages, course_text, errors, warnings)
    modules: list[Module] = []
    module_texts: dict[str, dict[str, Module]] = {}
    lesson_texts: Translated = {}
    for folder in sorted(_visible(root.iterdir()), key=_order):
        if not inside(folder, root):
            continue
        if _stray_lesson(folder):
            errors.append(ContentError(str(folder), 1, N_(
                "a lesson must stand in a module folder: move it into one (or name it _draft.md to keep it aside)")))
        if not folder.is_dir() or not any(folder.glob("*.md")):
            continue
        display = str(folder / "module.md")
        module, module_errors = isolated(call, display, (_untitled_module(folder, display),), parse_module_file, folder, root, display)
        errors += module_errors
        lessons, translated = _load_lessons(folder, root, module.id, parse, languages, errors, warnings)
        if any(m.id == module.id for m in modules):
            errors.append(ContentError(module.path, 1, N_(
                "duplicate module id '%(id)s': rename the folder or set id:", id=module.id)))
            continue
        modules.append(_with_lessons(module, lessons))
        module_texts[module.id] = module_translations(
            folder, module, languages, lambda language, f=folder: module_text(f, language), errors, warnings)
        lesson_texts.update(translated)
    if not modules and not errors:  # most likely the wrong folder: say so rather than "OK"
        errors.append(ContentError(str(root / "course.md"), 1, N_(
            "no modules here: a module is a folder of lesson files with a module.md")))
    # links are resolved last: they point into other files (see links.py)
    welcome, modules, link_errors = resolve_links(root, welcome, modules, lesson_texts, module_texts, texts)
    errors += link_errors
    warnings += missing_alt([*(x for m in modules for x in m.lessons), *(x for t in lesson_texts.values() for x in t.values())])
    course = Course(title=title, welcome_html=welcome, modules=tuple(modules), errors=tuple(errors), warnings=tuple(warnings),
                    languages=languages, company=company, contract_number=contract)
    return with_languages(course, texts, module_texts, lesson_texts)


def _stray_lesson(path: Path) -> bool:
    """A Markdown file beside course.md would silently never show; a README there is the folder's own notes."""
    if path.suffix != ".md" or not path.is_file() or path.name.upper().startswith("README"):
        return False
    return split_language(path.stem)[0] != "course"


def _order(path: Path) -> tuple:
    """Sort by the number prefix as a number (2 before 10); names without one come last."""
    match = re.match(r"\d+", path.name)
    return (0, int(match.group()), path.name) if match else (1, 0, path.name)


def _visible(paths):
    return (p for p in paths if not p.name.startswith((".", "_")))


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


def _load_lessons(folder: Path, root: Path, module_id: str, parse: LessonParser, languages: tuple[str, ...],
                  errors: list[ContentError], warnings: list[ContentError]) -> tuple[list[Lesson], Translated]:
    lessons: list[Lesson] = []
    originals: dict[str, tuple[Path, Lesson | None]] = {}
    translations: list[tuple[Path, str, str]] = []
    for path in sorted(_visible(folder.glob("*.md")), key=_order):
        name, language = split_language(path.stem)
        if name == "module" or not inside(path, root):
            continue
        if language:
            translations.append((path, name, language))
            continue
        lesson, lesson_errors = parse(path, root, str(path), module_id)
        errors += lesson_errors
        originals[name] = (path, None)
        if lesson is None:
            continue
        if any(other.id == lesson.id for other in lessons):
            errors.append(ContentError(lesson.path, 1, N_(
                "duplicate lesson id '%(id)s' in this module: rename the file or set id:", id=lesson.id)))
            continue
        lessons.append(lesson)
        originals[name] = (path, lesson)
    found = pair_lessons(translations, originals, lambda path: parse(path, root, str(path), module_id), languages, errors, warnings)
    return lessons, found


def _with_lessons(module: Module, lessons: list[Lesson]) -> Module:
    return Module(**{**module.__dict__, "lessons": tuple(lessons)})
