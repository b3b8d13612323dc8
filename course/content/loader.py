"""Walk a course folder into a Course: modules in order, their lessons and translations, errors with file and line.

Each file is read by its parser (course/content/parsers.py); a broken one is reported and left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from course.content.errors import ContentError
from course.content.exercise import course_contract, missing_alt
from course.content.links import resolve_links
from course.content.media import inside, outside_links
from course.content.messages import N_, reason
from course.content.parsers import course_file, parse_lesson, parse_module_file, untitled_module
from course.content.reply_checks import with_model_checks
from course.content.sandbox import RenderLimit
from course.content.translations import (
    Translated,
    course_translations,
    module_translations,
    pair_lessons,
    split_language,
    with_languages,
)
from course.content.values import Course, Lesson, Module

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
        return isolated(call, display, (untitled_module(folder, display),), parse_module_file, folder, root, display, language)

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
        module, module_errors = isolated(call, display, (untitled_module(folder, display),), parse_module_file, folder, root, display)
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
