"""Click's own words (Usage:, Options, the --help line, its error messages) in the command line's language.

Click marks its texts for gettext but looks them up through the standard library's `gettext`, which
knows only the environment's language and no catalog of Kurs. `install` points each Click module's
lookup at Kurs's catalogs, so a command's help and errors read in the language of its other output
(course/web/i18n.py, `cli_language`). The texts listed here are the ones a person at the terminal
meets; any other stays Click's English.
"""

from __future__ import annotations

from functools import cache

import click.core
import click.decorators
import click.exceptions
import click.formatting
import click.parser
import click.termui
import click.types
from babel.support import NullTranslations, Translations
from flask import Flask, has_app_context
from flask_babel.speaklater import LazyString

from course.content.messages import N_, N_plural
from course.web.i18n import TRANSLATIONS, cli_language, translations

MODULES = (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.termui, click.types)

# Click's own msgids (click 8), here so that `make messages` puts them into the catalogs
CLICK_TEXTS = (
    N_("Usage:"), N_("Options"), N_("Commands"), N_("Positional arguments"), N_("Show this message and exit."),
    N_("default: {default}"), N_("required"), N_("env var: {var}"), N_("Aborted!"), N_("Missing command."),
    N_("Error: {message}"), N_("Try '{command} {option}' for help."), N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"), N_("Missing argument"), N_("Missing option"),
    N_("Missing parameter"), N_("No such option {name!r}."), N_("No such command {name!r}."),
    N_("Option {name!r} does not take a value."), N_("Repeat for confirmation"),
    N_("Error: The two entered values do not match."), N_("{value!r} is not a valid {number_type}."),
    N_("{name} {filename!r} does not exist."), N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is a file."), N_("{name} {filename!r} is not readable."),
    N_("file"), N_("directory"), N_("path"),
    N_plural("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", 2),
    N_plural("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", 2),
    N_plural("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", 2),
    N_plural("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", 2),
)


_company = {"language": "de"}  # KURS_LANGUAGE of the app, for texts Click prints after its context closed


@cache
def _catalog(language: str) -> NullTranslations:
    return Translations.load(str(TRANSLATIONS), [language])


def _translations() -> NullTranslations:
    # Click shows an error ("Error: ...") after the command's app context is gone
    return translations() if has_app_context() else _catalog(cli_language(default=_company["language"]))


def _gettext(message: str) -> str:
    return _translations().ugettext(message)


def _ngettext(singular: str, plural: str, num: int) -> str:
    return _translations().ungettext(singular, plural, num)


def word(text: str) -> str:
    """A text of Click's (or Flask's) in the command's language, with or without an app context."""
    return _gettext(text)


def lazy(text: str) -> LazyString:
    """A text looked up when it is shown, as `word` does."""
    return LazyString(_gettext, text)


def install(app: Flask) -> None:
    """Look Click's texts up in Kurs's catalogs; forget the --help options Click made in another language."""
    _company["language"] = app.config["KURS_LANGUAGE"]
    for module in MODULES:
        if hasattr(module, "_"):
            module._ = _gettext
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext
    forget_help_options(app.cli)


def forget_help_options(command: click.Command) -> None:
    # Click makes each command's --help option once, with its text; commands live as long as the process
    command._help_option = None
    for sub in getattr(command, "commands", {}).values():
        forget_help_options(sub)
