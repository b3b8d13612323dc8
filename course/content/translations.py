"""A course in several languages, as mkdocs-static-i18n writes it: `x.md` and its translation `x.en.md`.

course.md declares `languages: [de, en]`; the first is the default. Every file without a language
suffix is in the default language; a translation sits beside it. One lesson keeps one id (and so
one progress record) in every language, and its translated questions take the original's keys,
so responses and reports count each question once whatever the language it was answered in.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from course.content.compare import compare_lessons
from course.content.errors import ContentError
from course.content.exercise_translations import compare_exercises
from course.content.frontmatter import Source
from course.content.messages import N_, LanguageName
from course.content.values import Course, Lesson, Module

LANGUAGE_SUFFIX = re.compile(r"^(?P<base>.+)\.(?P<language>[a-z]{2})$")
LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")
LANGUAGE_NAMES = {"de": "German", "en": "English", "fr": "French", "it": "Italian", "es": "Spanish", "nl": "Dutch",
                  "pl": "Polish", "tr": "Turkish"}


def split_language(stem: str) -> tuple[str, str]:
    """Split `01-intro.en` into ('01-intro', 'en'); a name without a language suffix gives ''."""
    match = LANGUAGE_SUFFIX.match(stem)
    return (match["base"], match["language"]) if match else (stem, "")


def language_name(code: str) -> str:
    """The language's English name, shown in the reader's language by the web layer (Babel's names, not the catalog's)."""
    return LanguageName(code, LANGUAGE_NAMES.get(code, code))


def localised(target: Path, language: str) -> Path:
    """Return `figure.en.svg` for `figure.svg` in an English file when it exists, else the image itself."""
    if language:
        candidate = target.with_name(f"{target.stem}.{language}{target.suffix}")
        if candidate.is_file():
            return candidate.resolve()
    return target


def parse_languages(source: Source, display: str, errors: list[ContentError]) -> tuple[str, ...]:
    """Read `languages: [de, en]` from course.md; () when absent (a course in one language)."""
    value = source.meta.get("languages")
    if value is None:
        return ()
    line = source.key_lines.get("languages", 1)
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and LANGUAGE_CODE.match(v) for v in value):
        errors.append(ContentError(display, line, N_("languages: must be a list of two-letter codes, the default first, e.g. [de, en]")))
        return ()
    if len(set(value)) != len(value):
        errors.append(ContentError(display, line, N_("languages: names a language twice")))
        return ()
    return tuple(value)


def file_language_error(path: Path, language: str, languages: tuple[str, ...]) -> ContentError | None:
    """Check a translation's language suffix against course.md's languages."""
    base = split_language(path.stem)[0]
    if not languages:
        message = N_("'%(file)s' is a translation ('.%(language)s'), but course.md declares no languages: "
                     "add e.g. languages: [de, %(language)s] to course.md", file=path.name, language=language)
    elif language == languages[0]:
        name = f"{base}{path.suffix}"
        message = N_("%(language)s is the default language, whose files have no suffix: rename it to %(name)s",
                     language=language, name=name)
    elif language not in languages:
        message = N_("'%(language)s' is not one of the languages in course.md (%(languages)s)",
                     language=language, languages=", ".join(languages))
    else:
        return None
    return ContentError(str(path), 1, message)


def translate_lesson(original: Lesson, translation: Lesson) -> tuple[Lesson | None, list[ContentError]]:
    """Check a translation against its original; return it as the same lesson, or None with the differences."""
    errors = compare_lessons(original, translation) + compare_exercises(original.exercises, translation.exercises,
                                                                         translation.path, original.path)
    if errors:
        return None, errors
    questions = tuple(replace(theirs, key=ours.key) for ours, theirs in zip(original.questions, translation.questions, strict=True))
    # the original's hash: an attempt begun in one language is the same attempt in the other
    return replace(translation, id=original.id, questions=questions, settings=original.settings,
                   content_hash=original.content_hash), []


def missing_warning(path: str, base: str, suffix: str, language: str, default: str) -> ContentError:
    """A file with no translation into one language yet: a warning, it is shown in the default language."""
    name = f"{base}.{language}{suffix}"
    return ContentError(path, 1, N_("no %(language)s translation yet (%(file)s): shown in %(default)s until there is one",
                                    language=language_name(language), file=name, default=language_name(default)))


Translated = dict[tuple[str, str], dict[str, Lesson]]  # (module id, lesson id) -> language -> lesson


def translation_files(folder: Path, name: str, languages: tuple[str, ...], errors: list[ContentError]) -> set[str]:
    """Return the languages that `name.<language>.md` exists in; report suffixes course.md does not declare."""
    found = set()
    for path in folder.glob(f"{name}.*.md"):
        base, language = split_language(path.stem)
        if base == name and language:
            problem = file_language_error(path, language, languages)
            errors.append(problem) if problem else found.add(language)
    return found


def course_translations(root: Path, languages: tuple[str, ...], read: Callable[[str], tuple[str, str]],
                        errors: list[ContentError], warnings: list[ContentError]) -> dict[str, tuple[str, str]]:
    """Read course.<language>.md of every other language (read gives its title and welcome text)."""
    found = translation_files(root, "course", languages, errors)
    texts = {}
    for language in languages[1:]:
        if language in found:
            texts[language] = read(language)
        elif (root / "course.md").is_file():
            warnings.append(missing_warning(str(root / "course.md"), "course", ".md", language, languages[0]))
    return texts


def module_translations(folder: Path, module: Module, languages: tuple[str, ...],
                        read: Callable[[str], tuple[Module, list[ContentError]]],
                        errors: list[ContentError], warnings: list[ContentError]) -> dict[str, Module]:
    """Read module.<language>.md of every other language; it translates the title, summary and introduction."""
    found = translation_files(folder, "module", languages, errors)
    texts = {}
    for language in languages[1:]:
        if language in found:
            text, text_errors = read(language)
            errors += text_errors
            if not text_errors:  # the rules are module.md's, in every language
                texts[language] = replace(text, id=module.id, mandatory=module.mandatory, due_days=module.due_days,
                                          recertify_months=module.recertify_months)
        elif (folder / "module.md").is_file():
            warnings.append(missing_warning(module.path, "module", ".md", language, languages[0]))
    return texts


def pair_lessons(translations: list[tuple[Path, str, str]], originals: dict[str, tuple[Path, Lesson | None]],
                 parse: Callable[[Path], tuple[Lesson | None, list[ContentError]]], languages: tuple[str, ...],
                 errors: list[ContentError], warnings: list[ContentError]) -> Translated:
    """Load each `x.<language>.md` (path, x, language) and check it against `x.md`; warn about lessons not yet translated.

    originals: x -> (path, lesson), the lesson None when x.md is broken or left out.
    """
    found: Translated = {}
    present: set[tuple[str, str]] = set()
    for path, name, language in translations:
        problem = file_language_error(path, language, languages)
        if problem is None and name not in originals:
            lesson_file = f"{name}.md"
            problem = ContentError(str(path), 1, N_("no %(file)s beside it: a translation needs its lesson in the default language",
                                                    file=lesson_file))
        if problem:
            errors.append(problem)
            continue
        present.add((name, language))
        lesson, lesson_errors = parse(path)
        errors += lesson_errors
        original = originals[name][1]
        if lesson is None or original is None:
            continue
        translation, differences = translate_lesson(original, lesson)
        errors += differences
        if translation is not None:
            found.setdefault((original.module_id, original.id), {})[language] = translation
    for name, (path, original) in originals.items():
        for language in languages[1:]:
            if original is not None and (name, language) not in present:
                warnings.append(missing_warning(str(path), name, ".md", language, languages[0]))
    return found


def with_languages(course: Course, texts: dict[str, tuple[str, str]], modules: dict[str, dict[str, Module]],
                   lessons: Translated) -> Course:
    """Attach each language's version to the default course.

    texts: language -> (title, welcome) of course.<language>.md; modules: module id -> language ->
    translated module; lessons: (module id, lesson id) -> language -> translated lesson.
    """
    if not course.languages:
        return course
    default = course.languages[0]
    originals = []
    for module in course.modules:
        own = tuple(replace(x, language=default, languages=_present(course.languages, lessons.get((module.id, x.id), {})))
                    for x in module.lessons)
        originals.append(replace(module, language=default, languages=_present(course.languages, modules.get(module.id, {})),
                                 lessons=own))
    variants: dict[str, Course] = {}  # one mapping shared by every version, so each finds the others
    base = variants[default] = replace(course, modules=tuple(originals), language=default, variants=variants)
    for language in course.languages[1:]:
        title, welcome = texts.get(language, (base.title, base.welcome_html))
        versions = []
        for module in base.modules:
            text = modules.get(module.id, {}).get(language, module)
            own = tuple(_version(lessons, module.id, x, language) for x in module.lessons)
            versions.append(replace(text, lessons=own, languages=module.languages))
        variants[language] = replace(base, title=title, welcome_html=welcome, modules=tuple(versions), language=language)
    return base


def _version(lessons: Translated, module_id: str, original: Lesson, language: str) -> Lesson:
    """The lesson in this language, else the original (its language tells the page to say so)."""
    translation = lessons.get((module_id, original.id), {}).get(language)
    return replace(translation, languages=original.languages) if translation else original


def _present(languages: tuple[str, ...], translated: dict) -> tuple[str, ...]:
    """The default language and those with a translation, in course.md's order."""
    return tuple(language for n, language in enumerate(languages) if n == 0 or language in translated)
