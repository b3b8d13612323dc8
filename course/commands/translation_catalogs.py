"""The translation catalogs as files: extract, update, list what is missing, compile.

Build tooling (the Makefile and the tests use it), never imported by the running app:
`python -m course.commands.translation_catalogs update|check|compile`. The .po files are written sorted by
msgid, unwrapped and without source locations, so that two branches adding strings rarely touch the
same lines of a catalog.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from course.config import PROJECT_ROOT
from course.web.i18n import LANGUAGES, TRANSLATIONS

SOURCE_LANGUAGE = "en"  # the msgids are English: the English catalog starts as a copy of them
KEYWORDS = {**DEFAULT_KEYWORDS, "lazy_gettext": None, "lazy_ngettext": (1, 2), "N_plural": (1, 2)}
PLACEHOLDER = re.compile(r"%\((\w+)\)")
COMMENT_TAG = "TRANSLATORS:"  # a comment starting so, just above a string, reaches the translators


def po_path(language: str, root: Path = TRANSLATIONS) -> Path:
    return root / language / "LC_MESSAGES" / "messages.po"


def read(path: Path, language: str) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def write(catalog: Catalog, path: Path) -> None:
    """Write a catalog as `make messages` does: sorted, unwrapped, no locations, no obsolete entries."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=None, no_location=True, ignore_obsolete=True, sort_output=True)


def extract(project: Path = PROJECT_ROOT) -> Catalog:
    """Every translatable string of the code and templates named in babel.cfg."""
    with (project / "babel.cfg").open() as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    template = Catalog(project="Kurs", charset="utf-8")
    found = extract_from_dir(str(project), method_map, options_map, keywords=KEYWORDS,
                             comment_tags=(COMMENT_TAG,), strip_comment_tags=True)
    for filename, lineno, message, comments, context in found:
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def update(root: Path = TRANSLATIONS) -> dict[str, int]:
    """Bring each catalog up to the code: new strings in, removed ones out; English filled in.

    Return, per language, how many entries still need a translation.
    """
    template = extract()
    left = {}
    for language in LANGUAGES:
        path = po_path(language, root)
        catalog = read(path, language) if path.exists() else Catalog(locale=language, project="Kurs")
        # no fuzzy matching: a guessed translation of a similar string is worse than none
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        if language == SOURCE_LANGUAGE:
            fill_english(catalog)
        write(catalog, path)
        left[language] = len(problems(language, root))
    return left


def fill_english(catalog: Catalog) -> int:
    """Give each untranslated English entry its msgid as translation; return how many were filled."""
    filled = 0
    for message in catalog:
        if not message.id:
            continue
        if message.pluralizable:
            if not all(message.string):
                message.string = tuple(message.id)
                filled += 1
        elif not message.string:
            message.string = message.id
            filled += 1
    return filled


def missing(language: str, template: Catalog, root: Path = TRANSLATIONS) -> list[str]:
    """The strings of the code (the extracted template) that a catalog lacks."""
    catalog = read(po_path(language, root), language)
    return [f"{language}: not in the catalog (run make messages): {m.id!r}"
            for m in template if m.id and catalog.get(m.id, m.context) is None]


def problems(language: str, root: Path = TRANSLATIONS) -> list[str]:
    """Every entry of a catalog that is fuzzy or untranslated."""
    catalog = read(po_path(language, root), language)
    found = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if message.pluralizable else (message.string,)
        if message.fuzzy:
            found.append(f"{language}: fuzzy: {message.id!r}")
        elif not all(strings) or len(strings) != catalog.num_plurals and message.pluralizable:
            found.append(f"{language}: untranslated: {message.id!r}")
        elif any(_placeholders(string) != _placeholders(message.id) for string in strings):
            # a value left out would drop a file name or a line number; an unknown one fails when shown
            found.append(f"{language}: other placeholders than the msgid's: {message.id!r}")
    return found


def _placeholders(text: str | tuple | list) -> set[str]:
    """The named placeholders of a message (of its singular and plural together): %(name)s."""
    texts = [text] if isinstance(text, str) else list(text)
    return {name for t in texts for name in PLACEHOLDER.findall(t)}


def compile_catalogs(root: Path = TRANSLATIONS, force: bool = False) -> list[Path]:
    """Compile each .po into its .mo when the .mo is missing or older; return those compiled."""
    compiled = []
    for language in LANGUAGES:
        source = po_path(language, root)
        target = source.with_suffix(".mo")
        if not force and target.exists() and target.stat().st_mtime >= source.stat().st_mtime:
            continue
        catalog = read(source, language)
        draft = target.with_suffix(".mo.tmp")
        with draft.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        draft.replace(target)  # server workers never read a half-written catalog
        compiled.append(target)
    return compiled


def main(argv: list[str]) -> int:
    command = argv[0] if argv else ""
    if command == "update":
        for language, count in update().items():
            print(f"{po_path(language).relative_to(PROJECT_ROOT)}: {count} to translate")
        return 0
    if command == "compile":
        compile_catalogs(force="--force" in argv)
        return 0
    if command == "check":
        template = extract()
        found = [problem for language in LANGUAGES for problem in missing(language, template) + problems(language)]
        print("\n".join(found) or "both catalogs are complete")
        return 1 if found else 0
    print("usage: python -m course.commands.translation_catalogs update|compile [--force]|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
