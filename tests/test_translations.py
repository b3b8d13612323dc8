"""The catalogs: every string of the code in both, none fuzzy or untranslated; the tooling behind make messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from course.commands import translation_catalogs as catalogs
from course.web.i18n import LANGUAGES


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    return catalogs.extract()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_of_the_code_is_in_the_catalog(extracted, language):
    assert catalogs.missing(language, extracted) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_entry_is_fuzzy_or_untranslated(language):
    assert catalogs.problems(language) == []


def test_extraction_finds_template_and_python_strings(extracted):
    ids = {message.id for message in extracted if message.id}
    assert "Sign out" in ids


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    shutil.copytree(catalogs.TRANSLATIONS, tmp_path / "translations", ignore=shutil.ignore_patterns("*.mo"))
    return tmp_path / "translations"


def add(root: Path, language: str, message_id, string, fuzzy: bool = False) -> None:
    path = catalogs.po_path(language, root)
    catalog = catalogs.read(path, language)
    catalog.add(message_id, string, flags=("fuzzy",) if fuzzy else ())
    catalogs.write(catalog, path)


def test_a_fuzzy_or_untranslated_entry_is_reported(copy):
    add(copy, "de", "Quite new", "")
    add(copy, "de", "Guessed", "Geraten", fuzzy=True)
    add(copy, "de", ("One lesson", "%(num)d lessons"), ("Eine Lektion", ""))
    assert sorted(catalogs.problems("de", copy)) == [
        "de: fuzzy: 'Guessed'", "de: untranslated: 'Quite new'", "de: untranslated: ('One lesson', '%(num)d lessons')",
    ]


def test_a_string_missing_from_a_catalog_is_reported(copy):
    template = Catalog()
    template.add("A string only the code has")
    assert catalogs.missing("en", template, copy) == [
        "en: not in the catalog (run make messages): 'A string only the code has'"]


def test_english_entries_are_filled_from_their_msgids():
    catalog = Catalog(locale="en")
    catalog.add("Save")
    catalog.add(("One lesson", "%(num)d lessons"), ("", ""))
    catalog.add("Kept", "Kept as written")
    assert catalogs.fill_english(catalog) == 2
    assert catalog.get("Save").string == "Save"
    assert catalog.get("One lesson").string == ("One lesson", "%(num)d lessons")
    assert catalog.get("Kept").string == "Kept as written"


def test_catalogs_are_compiled_when_missing_or_changed(copy):
    assert len(catalogs.compile_catalogs(copy)) == len(LANGUAGES)
    assert catalogs.compile_catalogs(copy) == []  # nothing changed since
    for language in LANGUAGES:
        assert catalogs.po_path(language, copy).with_suffix(".mo").stat().st_size > 0
