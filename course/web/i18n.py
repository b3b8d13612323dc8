"""The interface language and time zone of each request, through Flask-Babel.

Strings are written in English and translated through the gettext catalogs in translations/
(docs/decisions.md, "Interface languages", says how to add one). Python code uses `_`/`ngettext`
from here, module-level strings `lazy_gettext`; templates use `_()` and `ngettext()` directly.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any

import click
from babel import Locale, UnknownLocaleError
from babel.support import NullTranslations
from flask import Flask, current_app, g, has_request_context, request
from flask.globals import _cv_app
from flask_babel import Babel, force_locale, get_locale, get_translations, lazy_gettext
from flask_babel import refresh as refresh_babel
from jinja2 import pass_eval_context
from markupsafe import Markup

from course.config import PROJECT_ROOT
from course.content.messages import LanguageName, Megabytes, Message
from course.web import pretranslate

__all__ = ["LANGUAGES", "_", "cli_language", "cli_locale", "gettext", "init_app", "lazy_gettext", "ngettext", "refresh",
           "select_language", "translate"]

# the interface languages, in the order the settings page offers them
LANGUAGES = {"de": "Deutsch", "en": "English"}
TRANSLATIONS = PROJECT_ROOT / "translations"
# parsed once: Flask-Babel takes a Locale as it is, but parses a language code again on every request
_LOCALES = {code: Locale.parse(code) for code in LANGUAGES}


def select_language() -> Locale:
    """The person's chosen language; before sign-in the browser's; else the company's (KURS_LANGUAGE).

    A signed-in person who has chosen nothing reads the company's language, whatever their browser says:
    the company decides how Kurs speaks to its staff, each person may change it on "My settings".
    Outside a request, inside a `flask` command, the command line's language (`cli_language`); a request a
    command opens speaks it only through `cli_locale`.
    """
    user = g.get("user")
    if user is not None:
        return _LOCALES.get(user.language) or _LOCALES[current_app.config["KURS_LANGUAGE"]]
    if has_request_context():
        browser = request.accept_languages.best_match(LANGUAGES)
        return _LOCALES[browser or current_app.config["KURS_LANGUAGE"]]
    # only outside a request is a command asked for: a page never pays for it, and a server started by
    # `flask run` (a command) never speaks the admin's terminal language to its readers
    if click.get_current_context(silent=True) is not None:
        return _LOCALES[cli_language()]
    return _LOCALES[current_app.config["KURS_LANGUAGE"]]


# the variables that name the language of a terminal, strongest first (GNU gettext's order)
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def cli_language(environ: Mapping[str, str] | None = None, default: str | None = None) -> str:
    """The language of the command line: the admin's own locale where Kurs speaks it, else the company's.

    The first of LANGUAGE (a list: de:en), LC_ALL, LC_MESSAGES, LANG that is set decides: `de_DE.UTF-8`
    gives German, `en_GB.UTF-8` English. Unset, `C`/`POSIX` (cron, containers) or a language Kurs has no
    catalog for gives the company's language, KURS_LANGUAGE (docs/decisions.md, "The command line's language").
    """
    environ = os.environ if environ is None else environ
    default = default or current_app.config["KURS_LANGUAGE"]
    for variable in LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if not value:
            continue
        if value.split(".")[0] in ("C", "POSIX"):
            return default
        for name in value.split(":"):
            language = name.split(".")[0].split("@")[0].split("_")[0].lower()
            if language in LANGUAGES:
                return language
        return default
    return default


@contextmanager
def cli_locale(language: str | None = None) -> Iterator[str]:
    """Speak the command line's language (or `language`) inside, even within a request context.

    `flask` commands speak it by themselves (select_language); this is for text printed inside a
    request context a command opens (links in mails need one), and for tests. Needs an app context.
    """
    language = language or cli_language()
    with force_locale(language):
        yield language


def select_timezone() -> str:
    """The company's time zone (KURS_TIMEZONE, course/clock.py), for Flask-Babel's own date filters."""
    return current_app.config["KURS_TIMEZONE"]


class _Catalog:
    """One language's translations, with the template form (Markup) of each string kept once made."""

    __slots__ = ("language", "markup", "translations")

    def __init__(self, translations: NullTranslations, language: str | None = None) -> None:
        self.translations = translations
        self.language = language  # the code pages in it declare (<html lang>); None outside a request
        self.markup: dict[str, Markup] = {}

    def gettext(self, string: str) -> str:
        return self.translations.ugettext(string)

    def template_text(self, string: str) -> Markup:
        found = self.markup.get(string)
        if found is None:
            found = self.markup[string] = Markup(self.translations.ugettext(string))  # noqa: S704 - our catalogs
        return found


_CATALOGS: dict[Locale, _Catalog] = {}  # one per language (the catalogs are read once per process)


def _catalog() -> _Catalog:
    """This request's catalog, found once per request (and again inside Flask-Babel's force_locale).

    Flask-Babel looks it up again for every string (several µs each, through `g`); a lesson page has
    dozens. The app context is read from Flask's context variable directly for the same reason.
    """
    context = _cv_app.get(None)
    if context is None:
        return _UNTRANSLATED_CATALOG
    state = context.g.__dict__
    remembered = state.get("_kurs_catalog")
    babel = state.get("_flask_babel")
    locale = getattr(babel, "babel_locale", None)
    if remembered is not None and locale is not None and remembered[0] is locale:
        return remembered[1]
    locale = get_locale()
    found = _CATALOGS.get(locale)
    if found is None:
        found = _CATALOGS[locale] = _Catalog(get_translations(), locale.language)
    state["_kurs_catalog"] = (locale, found)
    return found


def translations() -> NullTranslations:
    """This request's gettext translations."""
    return _catalog().translations


def refresh() -> None:
    """Forget this request's language and catalog (after a person changes their language)."""
    refresh_babel()
    g.pop("_kurs_catalog", None)


def gettext(string: str, **variables: Any) -> str:
    """The string in this request's language, `%(name)s` filled from variables."""
    text = translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables: Any) -> str:
    """The singular or plural (by num) in this request's language; `%(num)d` and variables filled in."""
    variables.setdefault("num", num)
    return translations().ungettext(singular, plural, num) % variables


_ = gettext


def translate(message: object) -> str:
    """A message from below the web layer (course.content.messages) in this request's language.

    Its values are shown for the reader too: times in the company's zone, nested messages translated.
    Anything that is not a Message is shown as it is.
    """
    if not isinstance(message, Message):
        return str(message)
    values = {name: _shown(value) for name, value in message.values.items()}
    if message.plural is not None:
        return translations().ungettext(message.msgid, message.plural, message.num) % values
    text = translations().ugettext(message.msgid)
    return text % values if values else text


def _shown(value: object) -> object:
    from course.web.formats import format_datetime, format_megabytes

    if isinstance(value, Message):
        return translate(value)
    if isinstance(value, LanguageName):
        try:  # CLDR's name: a catalog entry "English" would be a word of the other language on every page
            return Locale.parse(value.code).get_display_name(get_locale()) or value
        except (ValueError, UnknownLocaleError):
            return value
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, Megabytes):
        return format_megabytes(value)
    return value
_UNTRANSLATED_CATALOG = _Catalog(NullTranslations())


# In templates, as Jinja's own "newstyle" gettext: in HTML the translated text is trusted and the
# variables are escaped; in text templates (mail) nothing is escaped.
@pass_eval_context
def _template_gettext(eval_ctx, string: str, **variables: Any) -> str:
    text = _catalog().template_text(string) if eval_ctx.autoescape else translations().ugettext(string)
    return text % variables if "%" in text else text


@pass_eval_context
def _template_ngettext(eval_ctx, singular: str, plural: str, num: int, **variables: Any) -> str:
    variables.setdefault("num", num)
    text = translations().ungettext(singular, plural, num)
    return (Markup(text) if eval_ctx.autoescape else text) % variables  # noqa: S704 - our catalogs


def check_settings(app: Flask) -> None:
    """Refuse to start on a language Kurs has no catalog for (course/clock.py checks KURS_TIMEZONE)."""
    language = app.config["KURS_LANGUAGE"]
    if language not in LANGUAGES:
        raise RuntimeError(f"KURS_LANGUAGE={language!r}: Kurs speaks {', '.join(LANGUAGES)}")
    missing = [code for code in LANGUAGES if not (TRANSLATIONS / code / "LC_MESSAGES" / "messages.mo").exists()]
    if missing:
        app.logger.warning("the compiled catalogs for %s are missing: run `make compile-messages` "
                           "(pages show English text until then)", ", ".join(missing))


def init_app(app: Flask) -> None:
    """Install Flask-Babel: gettext in the templates, locale and time zone per request."""
    check_settings(app)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    Babel(app, locale_selector=select_language, timezone_selector=select_timezone)
    # Jinja's i18n extension (installed by Flask-Babel) stays for {% trans %}; its callables are
    # replaced by direct ones: the lesson page's strings cost a tenth as much (README, Performance)
    app.jinja_env.globals.update(_=_template_gettext, gettext=_template_gettext, ngettext=_template_ngettext)
    # and the fixed ones are translated when a template compiles, once per language (course/web/pretranslate.py)
    if isinstance(app.jinja_env, pretranslate.Environment):
        app.jinja_env.language = _catalog
        app.jinja_env.add_extension(pretranslate.FixedStrings)
    app.add_template_filter(translate, "translate")  # {{ problem|translate }}: a Message from below
    # a value set as code inside a translated sentence: _('... %(folder)s ...', folder=root|code)
    app.add_template_filter(lambda value: Markup("<code>%s</code>") % value, "code")
    # {% trans %} blocks spanning lines become one line of text in the catalog
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    # <html lang="{{ page_language() }}">: the language this page is written in
    app.jinja_env.globals["page_language"] = lambda: get_locale().language
