"""The interface language and time zone of each request, through Flask-Babel.

Strings are written in English and translated through the gettext catalogs in translations/
(docs/decisions.md, "Interface languages", says how to add one). Python code uses `_`/`ngettext`
from here, module-level strings `lazy_gettext`; templates use `_()` and `ngettext()` directly.
"""

from __future__ import annotations

from flask import Flask, current_app, g, has_request_context, request
from flask_babel import Babel, get_locale, gettext, lazy_gettext, ngettext

from course.config import PROJECT_ROOT

__all__ = ["LANGUAGES", "_", "gettext", "init_app", "lazy_gettext", "ngettext", "select_language"]

# the interface languages, in the order the settings page offers them
LANGUAGES = {"de": "Deutsch", "en": "English"}
TRANSLATIONS = PROJECT_ROOT / "translations"

_ = gettext


def select_language() -> str:
    """The person's chosen language; before sign-in the browser's; else the company's (KURS_LANGUAGE).

    A signed-in person who has chosen nothing reads the company's language, whatever their browser says:
    the company decides how Kurs speaks to its staff, each person may change it on "My settings".
    """
    user = g.get("user")
    chosen = user.language if user is not None else None
    if chosen in LANGUAGES:
        return chosen
    if user is None and has_request_context():
        browser = request.accept_languages.best_match(LANGUAGES)
        if browser:
            return browser
    return current_app.config["KURS_LANGUAGE"]


def select_timezone() -> str:
    """The company's time zone (KURS_TIMEZONE, course/clock.py), for Flask-Babel's own date filters."""
    return current_app.config["KURS_TIMEZONE"]


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
    # {% trans %} blocks spanning lines become one line of text in the catalog
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    # <html lang="{{ page_language() }}">: the language this page is written in
    app.jinja_env.globals["page_language"] = lambda: get_locale().language
