"""Walk a course folder into a Course: front matter, ids, lessons, errors with file and line."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from course.content.errors import ContentError
from course.content.frontmatter import Source, check_keys, flag_field, split_front_matter, text_field, whole_field
from course.content.markup import RenderError, plain_text, render_markdown
from course.content.media import IMAGE_TYPES, hidden, inside, outside_links
from course.content.quiz import MAX_ID, extract_quizzes, parse_settings
from course.content.sandbox import RenderLimit
from course.content.values import Course, Lesson, Module

COURSE_KEYS = ("title",)
MODULE_KEYS = ("title", "summary", "id", "mandatory", "due_days", "recertify_months")
LESSON_KEYS = ("title", "minutes", "id", "quiz")
# ids drop the number prefix so renumbering a file keeps everyone's progress
NUMBER_PREFIX = re.compile(r"^\d+[-_. ]*")
VALID_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
WORDS_PER_MINUTE = 200
MAX_FILE_BYTES = 1 << 20  # a long lesson is about 20 KB; Markdown's cost grows faster than the size


def item_id(source: Source, name: str, path: str, errors: list[ContentError]) -> str:
    """Return the id from front matter `id:`, else the file or folder name without its number."""
    given = source.meta.get("id")
    value = str(given).strip() if given is not None else NUMBER_PREFIX.sub("", name)
    if not VALID_ID.match(value):
        if given is not None:
            message = f"id '{value}' may hold only letters, digits, - and _"
        else:
            message = f"the name '{name}' gives id '{value}': use letters, digits, - and _ only, or set id:"
        errors.append(ContentError(path, source.key_lines.get("id", 1), message))
    elif len(value) > MAX_ID:
        message = f"id '{value[:30]}...' is longer than {MAX_ID} characters: " + ("shorten it" if given is not None else "set a shorter id:")
        errors.append(ContentError(path, source.key_lines.get("id", 1), message))
    return value


# ---------------------------------------------------------------- files


def read_text(path: Path, display: str) -> tuple[str, list[ContentError]]:
    """Read a course file as UTF-8, or say why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            message = f"the file is {size / (1 << 20):.1f} MB, more than a course file may be (1 MB): split it into several lessons"
            return "", [ContentError(display, 1, message)]
        return path.read_text(encoding="utf-8"), []
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        return "", [ContentError(display, line, "not UTF-8 text: save the file as UTF-8")]
    except OSError as exc:
        return "", [ContentError(display, 1, f"cannot read the file: {exc.strerror}")]


def _image_resolver(root: Path, folder: Path, text: str, display: str, errors: list[ContentError]) -> Callable[[str], str | None]:
    """Map an image src to its URL under /media/, reporting images that are not course files."""
    root = root.resolve()

    def image_url(src: str) -> str | None:
        line = next((n for n, row in enumerate(text.split("\n"), 1) if src in row), 1)
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or src.startswith("/"):
            errors.append(ContentError(display, line, f"image '{src}' is not a file in the course folder: copy it next to the lesson"))
            return None
        target = (folder / unquote(parts.path)).resolve()
        if not target.is_relative_to(root):
            errors.append(ContentError(display, line, f"image '{src}' leaves the course folder"))
            return None
        if hidden(target.relative_to(root).parts):
            errors.append(ContentError(display, line, f"image '{src}' is in a hidden folder (its name starts with . or _): Kurs does not serve it"))
            return None
        if target.suffix.lower() not in IMAGE_TYPES or not target.is_file():
            errors.append(ContentError(display, line, f"image '{src}' not found (or not a {', '.join(sorted(IMAGE_TYPES))} file)"))
            return None
        return "/media/" + quote(target.relative_to(root).as_posix())

    return image_url


def parse_lesson(path: Path, root: Path, display: str, module_id: str) -> tuple[Lesson | None, list[ContentError]]:
    """Load one lesson file; return None with its errors when it is broken."""
    raw, errors = read_text(path, display)
    if errors:
        return None, errors
    source, errors = split_front_matter(raw, display)
    # a broken front matter is reported once, not again as a missing title
    broken = bool(errors)
    errors += check_keys(source, LESSON_KEYS, display)
    title = text_field(source, "title", display, errors, required=not broken)
    lesson_id = item_id(source, path.stem, display, errors)
    settings, setting_errors = parse_settings(source.meta.get("quiz"), display, source.key_lines.get("quiz", 1))
    errors += setting_errors
    image_url = _image_resolver(root, path.parent, raw, display, errors)
    try:
        body, questions, quiz_errors = extract_quizzes(source.body, source.body_line, display, image_url)
        html = render_markdown(body, image_url)
    except RenderError as exc:
        return None, errors + [ContentError(display, source.body_line, str(exc))]
    errors += quiz_errors
    minutes = whole_field(source, "minutes", display, errors, minimum=1)
    if errors:
        return None, errors
    words = len(plain_text(body).split()) + 30 * len(questions)
    return Lesson(
        id=lesson_id,
        module_id=module_id,
        title=title,
        minutes=minutes or max(1, math.ceil(words / WORDS_PER_MINUTE)),
        path=display,
        html=str(html),
        questions=tuple(questions),
        settings=settings,
        content_hash=hashlib.sha256(raw.encode()).hexdigest()[:16],
    ), []


def parse_module_file(folder: Path, root: Path, display: str) -> tuple[Module, list[ContentError]]:
    """Read module.md (its rules and introduction); a missing one is an error, not a lost module."""
    path = folder / "module.md"
    if not path.is_file() or not inside(path, root):
        return _untitled_module(folder, display), [ContentError(display, 1, "module.md is missing: add one with a title")]
    raw, errors = read_text(path, display)
    source, fm_errors = split_front_matter(raw, display)
    errors += fm_errors + check_keys(source, MODULE_KEYS, display)
    module = Module(
        id=item_id(source, folder.name, display, errors),
        title=text_field(source, "title", display, errors, required=not fm_errors) or folder.name,
        summary=text_field(source, "summary", display, errors),
        intro_html=_text_html(source, _image_resolver(root, folder, raw, display, errors), display, errors),
        path=display,
        mandatory=flag_field(source, "mandatory", display, errors),
        due_days=whole_field(source, "due_days", display, errors, minimum=1),
        recertify_months=whole_field(source, "recertify_months", display, errors, minimum=1),
    )
    return module, errors


def _untitled_module(folder: Path, display: str) -> Module:
    """A module without a usable module.md, titled after its folder, so nobody's progress disappears."""
    title = NUMBER_PREFIX.sub("", folder.name).replace("-", " ").strip().capitalize()
    return Module(id=NUMBER_PREFIX.sub("", folder.name), title=title, summary="", intro_html="", path=display)


def _text_html(source: Source, image_url: Callable[[str], str | None], display: str, errors: list[ContentError]) -> str:
    """Render the text of module.md or course.md; a quiz there would show its answer key as text."""
    try:
        body, questions, quiz_errors = extract_quizzes(source.body, source.body_line, display, image_url)
        html = str(render_markdown(body, image_url))
    except RenderError as exc:
        errors.append(ContentError(display, source.body_line, str(exc)))
        return ""
    errors += quiz_errors
    if questions:
        errors.append(ContentError(display, questions[0].line, "a <quiz> belongs in a lesson file: move it into one"))
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
        return (*fallback, [ContentError(display, 1, str(exc))])


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
        return Course(title="", welcome_html="", errors=(ContentError(str(root), 1, "course folder not found"),))
    # a link out of the folder is never followed: course text could show any file of the system
    errors: list[ContentError] = outside_links(root)
    title, welcome, course_errors = isolated(call, str(root / "course.md"), ("Course", ""), course_file, root)
    errors += course_errors
    modules: list[Module] = []
    for folder in sorted(_visible(root.iterdir()), key=_order):
        if not inside(folder, root):
            continue
        if _stray_lesson(folder):
            errors.append(ContentError(str(folder), 1, "a lesson must stand in a module folder: move it into one (or name it _draft.md to keep it aside)"))
        if not folder.is_dir() or not any(folder.glob("*.md")):
            continue
        display = str(folder / "module.md")
        module, module_errors = isolated(call, display, (_untitled_module(folder, display),), parse_module_file, folder, root, display)
        errors += module_errors
        lessons = _load_lessons(folder, root, module.id, parse, errors)
        if any(m.id == module.id for m in modules):
            errors.append(ContentError(module.path, 1, f"duplicate module id '{module.id}': rename the folder or set id:"))
            continue
        modules.append(_with_lessons(module, lessons))
    if not modules and not errors:  # most likely the wrong folder: say so rather than "OK"
        errors.append(ContentError(str(root / "course.md"), 1, "no modules here: a module is a folder of lesson files with a module.md"))
    return Course(title=title, welcome_html=welcome, modules=tuple(modules), errors=tuple(errors))


def _stray_lesson(path: Path) -> bool:
    """A Markdown file beside course.md would silently never show; a README there is the folder's own notes."""
    return path.suffix == ".md" and path.is_file() and path.name != "course.md" and not path.name.upper().startswith("README")


def _order(path: Path) -> tuple:
    """Sort by the number prefix as a number (2 before 10); names without one come last."""
    match = re.match(r"\d+", path.name)
    return (0, int(match.group()), path.name) if match else (1, 0, path.name)


def _visible(paths):
    return (p for p in paths if not p.name.startswith((".", "_")))


def course_file(root: Path) -> tuple[str, str, list[ContentError]]:
    """Read course.md: the course's title, its welcome text as HTML, and the file's errors."""
    path = root / "course.md"
    if not path.is_file() or not inside(path, root):
        return "Course", "", []
    display = str(path)
    raw, errors = read_text(path, display)
    source, fm_errors = split_front_matter(raw, display)
    errors += fm_errors + check_keys(source, COURSE_KEYS, display)
    title = text_field(source, "title", display, errors, required=not fm_errors) or "Course"
    return title, _text_html(source, _image_resolver(root, root, raw, display, errors), display, errors), errors


def _load_lessons(folder: Path, root: Path, module_id: str, parse: LessonParser, errors: list[ContentError]) -> list[Lesson]:
    lessons: list[Lesson] = []
    for path in sorted(_visible(folder.glob("*.md")), key=_order):
        if path.name == "module.md" or not inside(path, root):
            continue
        lesson, lesson_errors = parse(path, root, str(path), module_id)
        errors += lesson_errors
        if lesson is None:
            continue
        if any(other.id == lesson.id for other in lessons):
            errors.append(ContentError(lesson.path, 1, f"duplicate lesson id '{lesson.id}' in this module: rename the file or set id:"))
            continue
        lessons.append(lesson)
    return lessons


def _with_lessons(module: Module, lessons: list[Lesson]) -> Module:
    return Module(**{**module.__dict__, "lessons": tuple(lessons)})
