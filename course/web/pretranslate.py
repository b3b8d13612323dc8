"""Templates compiled once per interface language, their fixed strings translated at compile time.

`{{ _('Dashboard') }}` costs a call into Python on every page (a lesson page has a dozen); its
answer is the same for every page in one language. So each template is compiled (and cached)
once per language, with each such string already translated, and what varies per page is left to
the templates' `_()` as before: strings with values (`_('Lesson %(position)s ...', position=...)`),
strings holding a `%`, `ngettext`, `{% trans %}` blocks. `{{ page_language() }}` becomes the
language's code the same way. A template compiled outside a request (no language known) keeps
every call.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Protocol

from flask.templating import Environment as FlaskEnvironment
from jinja2 import Template
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.utils import internalcode

# the language a template is being compiled for (None: not known)
_compiling: ContextVar[Language | None] = ContextVar("kurs_compiling_language", default=None)

# `{{ _('text') }}` as the lexer gives it: the whole expression is one fixed string
_PATTERN = ("variable_begin", "name", "lparen", "string", "rparen", "variable_end")
# `{{ page_language() }}`: the code of that language
_LANGUAGE = ("variable_begin", "name", "lparen", "rparen", "variable_end")


class Language(Protocol):
    """What a template compiles for: a language's code (None: not known) and its translations."""

    language: str | None

    def gettext(self, string: str) -> str: ...


class Environment(FlaskEnvironment):
    """Flask's template environment, its cache keyed by template and interface language.

    `language` returns this request's Language (course/web/i18n.py sets it; by default none is
    known and templates compile as Jinja compiles them). With templates not reloaded from disk,
    a template is found in a plain dict: Jinja's cache takes a lock and reorders its entries
    for every lookup, twice per page (the page and base.html).
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.language: Callable[[], Language | None] = lambda: None
        self._compiled: dict[tuple[str, object], Template] = {}

    @internalcode
    def _load_template(self, name, globals):  # noqa: A002 - Jinja's own signature
        if self.loader is None:
            raise TypeError("no loader for this environment specified")
        language = self.language()
        if not self.auto_reload and not globals:
            found = self._compiled.get((name, language))
            if found is not None:
                return found
        cache_key = (weakref.ref(self.loader), name, language)
        if self.cache is not None:
            template = self.cache.get(cache_key)
            if template is not None and (not self.auto_reload or template.is_up_to_date):
                if globals:
                    template.globals.update(globals)
                return template
        token = _compiling.set(language)
        try:
            template = self.loader.load(self, name, self.make_globals(globals))
        finally:
            _compiling.reset(token)
        if self.cache is not None:
            self.cache[cache_key] = template
        if not self.auto_reload and not globals:
            self._compiled[(name, language)] = template
        return template


class FixedStrings(Extension):
    """Replace `{{ _('text') }}` by its translation while a template compiles for a known language."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        language = _compiling.get()
        if language is None or language.language is None:
            yield from stream
            return
        window: list[Token] = []
        for token in stream:
            window.append(token)
            while window and not (_starts(window, _PATTERN, "_") or _starts(window, _LANGUAGE, "page_language")):
                yield window.pop(0)
            if _starts(window, _LANGUAGE, "page_language") and len(window) == len(_LANGUAGE):
                yield Token(window[0].lineno, "data", language.language)
                window = []
            elif len(window) == len(_PATTERN):
                text = language.gettext(window[3].value)
                if "%" in text or "%" in window[3].value:  # formatted at run time, as _() does
                    yield from window
                else:
                    yield Token(window[0].lineno, "data", text)
                window = []
        yield from window


def _starts(window: list[Token], pattern: tuple[str, ...], name: str) -> bool:
    """Whether these tokens begin the pattern, calling `name`."""
    return (len(window) <= len(pattern) and all(t.type == kind for t, kind in zip(window, pattern, strict=False))
            and (len(window) < 2 or window[1].value == name))
