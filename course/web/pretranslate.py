"""Templates compiled once per interface language, their sentences translated at compile time.

`{{ _('Dashboard') }}` costs a call into Python on every page (a lesson page has a dozen); its
answer is the same for every page in one language. So each template is compiled (and cached)
once per language, with each such string already translated. A sentence with values,
`{{ _('Lesson %(position)s of %(total)s', position=n, total=m) }}`, becomes its translation with
each `%(name)s` replaced by `{{ (the value's expression) }}`: the values are still computed and
escaped on every page, exactly as `_()` escapes them, but the lookup and the formatting are done
once. What else varies is left to the templates' `_()` as before: other formats (`%(num)d`),
`ngettext`, `{% trans %}` blocks. `{{ page_language() }}` becomes the language's code the same
way. A template compiled outside a request (no language known) keeps every call.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Callable, Iterator, MutableMapping
from contextvars import ContextVar
from typing import Any, Protocol

from flask.templating import Environment as FlaskEnvironment
from jinja2 import Template
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2.utils import internalcode

# the language a template is being compiled for (None: not known)
_compiling: ContextVar[Language | None] = ContextVar("kurs_compiling_language", default=None)

# what `_()` formats in a translation: `%(name)s`, `%%`; any other `%` leaves the sentence to run time
_PLACEHOLDER = re.compile(r"%\((\w+)\)s|%%|%")
_OPEN, _CLOSE = {"lparen", "lbracket", "lbrace"}, {"rparen", "rbracket", "rbrace"}


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

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one plain dict: the environment's, then the template's own.

        Jinja's ChainMap is copied into each page's context key by key in Python (two dozen
        globals, ~10 µs a page). Kurs sets its globals while the app is built, before any template
        loads; as Jinja says, globals changed after that do not reach templates already loaded.
        """
        return {**self.globals, **(d or {})}

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
    """Translate `{{ _('text', name=value) }}` while a template compiles for a known language."""

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        language = _compiling.get()
        if language is None or language.language is None:
            yield from stream
            return
        expression: list[Token] | None = None  # the tokens of the `{{ ... }}` being read
        for token in stream:
            if expression is None:
                if token.type == "variable_begin":
                    expression = [token]
                else:
                    yield token
                continue
            expression.append(token)
            if token.type == "variable_end":
                yield from _settled(expression, language)
                expression = None
        yield from expression or ()


def _settled(expression: list[Token], language: Language) -> list[Token]:
    """The tokens of one `{{ ... }}`, with what the language settles replaced by its text."""
    inner, line = expression[1:-1], expression[0].lineno
    if [t.type for t in inner] == ["name", "lparen", "rparen"] and inner[0].value == "page_language":
        return [Token(line, "data", language.language)]
    if (len(inner) < 4 or [t.type for t in inner[:3]] != ["name", "lparen", "string"] or inner[0].value != "_"
            or inner[-1].type != "rparen"):
        return expression
    values = _keywords(inner[3:-1])
    if values is None:
        return expression
    pieces = _pieces(language.gettext(inner[2].value), values)
    if pieces is None:
        return expression  # formatted at run time, as _() does (or fails there, as it would)
    settled = []
    for piece in pieces:
        if isinstance(piece, str):
            settled.append(Token(line, "data", piece))
        else:  # the value, computed and escaped on each page as any `{{ }}` is
            settled += [Token(line, "variable_begin", "{{"), Token(line, "lparen", "("), *piece,
                        Token(line, "rparen", ")"), Token(line, "variable_end", "}}")]
    return settled


def _keywords(tokens: list[Token]) -> dict[str, list[Token]] | None:
    """Split `, a=expr, b=expr` into each name's expression tokens; None for anything else (a positional value)."""
    parts: list[list[Token]] = []
    depth = 0
    for token in tokens:
        if depth == 0 and token.type == "comma":
            parts.append([])
            continue
        if not parts:
            return None
        depth += (token.type in _OPEN) - (token.type in _CLOSE)
        parts[-1].append(token)
    values: dict[str, list[Token]] = {}
    for part in parts:
        if len(part) < 3 or part[0].type != "name" or part[1].type != "assign" or part[0].value in values:
            return None
        values[part[0].value] = part[2:]
    return values if depth == 0 else None


def _pieces(text: str, values: dict[str, list[Token]]) -> list[str | list[Token]] | None:
    """The translation as literal text and value expressions in its order; None if run time must format it."""
    if "%" not in text:
        return [text]  # _() formats only a text holding a %
    pieces: list[str | list[Token]] = []
    literal, at = "", 0
    for match in _PLACEHOLDER.finditer(text):
        literal += text[at:match.start()]
        at = match.end()
        if match.group() == "%%":
            literal += "%"
        elif match.group(1) is None or match.group(1) not in values:
            return None
        else:
            pieces += [literal, values[match.group(1)]]
            literal = ""
    pieces.append(literal + text[at:])
    return [piece for piece in pieces if piece != ""]
