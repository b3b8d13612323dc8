"""Text of the other language: the pieces of each catalog a page, a CSV, a chart or a command may show.

tests/e2e/test_interface_languages.py reads pages in a browser, tests/test_languages_outside_pages.py
CSV headers, charts and command output: both look for the other language's pieces in what they read.
"""

from __future__ import annotations

import re
from functools import cache

from course.commands.translation_catalogs import po_path, read
from course.web.i18n import LANGUAGES

PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|<[^>]+>")


def catalog_texts(language: str) -> set[str]:
    """Every piece of text a catalog can put on a page: its translations cut at placeholders and tags."""
    texts = set()
    for message in read(po_path(language), language):
        if not message.id:
            continue
        for string in message.string if isinstance(message.string, tuple) else (message.string,):
            texts.update(" ".join(part.split()) for part in PLACEHOLDER.split(string))
    return {text for text in texts if len(re.sub(r"\W", "", text)) >= 4}


def within(text: str, haystack: str, joiners: str = "-") -> bool:
    """Whether text occurs in haystack as whole words ("Mail" is not in "E-Mail")."""
    edge = r"\w" + re.escape(joiners)
    return re.search(rf"(?<![{edge}])" + re.escape(text) + rf"(?![{edge}])", haystack) is not None


@cache
def foreign_texts() -> dict[str, tuple[str, ...]]:
    """Per language: the texts of the other languages' catalogs that never occur in this language's own.

    Words both languages share ("Quiz", "Trainer" in "Trainer/in") are left out: they prove nothing.
    """
    texts = {language: catalog_texts(language) for language in LANGUAGES}
    found = {}
    for language in LANGUAGES:
        own = "\n".join(texts[language])
        others = set().union(*(texts[other] for other in LANGUAGES if other != language))
        found[language] = tuple(sorted(text for text in others if not within(text, own)))
    return found


def other_language_in(text: str, language: str) -> list[str]:
    """The pieces of the other language's catalog in text (file names, addresses, paths are no words)."""
    text = " ".join(text.split())
    return [piece for piece in foreign_texts()[language] if within(piece, text, joiners="-/.@")]
