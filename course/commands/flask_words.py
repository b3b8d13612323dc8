"""Flask's own commands (run, shell, routes) with their help in the command line's language, as Kurs's own.

Flask writes their help as plain English text. `install` gives each text a lazy lookup in Kurs's
catalogs, by the text itself: a Flask release that rewords one shows its new English until the
catalogs learn it. Flask shows these commands' own --help without loading the app, so without Kurs:
there it stays Flask's English (docs/decisions.md, "Flask's own commands").
"""

from __future__ import annotations

import inspect

import click
from flask.cli import routes_command, run_command, shell_command

from course.commands.click_words import forget_help_options, lazy, word
from course.content.messages import N_

COMMANDS = (run_command, shell_command, routes_command)

# Flask's own texts (Flask 3.1), here so that `make messages` puts them into the catalogs
FLASK_TEXTS = (
    N_("Run a development server."),
    N_("Run a local development server.\n\nThis server is for development purposes only. It does not provide\n"
       "the stability, security, or performance of production WSGI servers.\n\n"
       "The reloader and debugger are enabled by default with the '--debug'\noption."),
    N_("Set debug mode."), N_("The interface to bind to."), N_("The port to bind to."),
    N_("Specify a certificate file to use HTTPS."), N_("The key file to use when specifying a certificate."),
    N_("Enable or disable the reloader. By default the reloader is active if debug is enabled."),
    N_("Enable or disable the debugger. By default the debugger is active if debug is enabled."),
    N_("Enable or disable multithreading."),
    N_("Extra files that trigger a reload on change. Multiple paths are separated by ':'."),
    N_("Files matching these fnmatch patterns will not trigger a reload on change. Multiple patterns are separated by ':'."),
    N_("Run a shell in the app context."),
    N_("Run an interactive Python shell in the context of a given\nFlask application.  The application will populate the "
       "default\nnamespace of this shell according to its configuration.\n\nThis is useful for executing small snippets "
       "of management code\nwithout having to manually configure the application."),
    N_("Show the routes for the app."), N_("Show all registered routes with endpoints and methods."),
    N_("Method to sort routes by. 'match' is the order that Flask will match routes when dispatching a request."),
    N_("Show HEAD and OPTIONS methods."),
)


def texts(command: click.Command) -> list[str]:
    """A command's own English texts as Click shows them: its short help, help and options' help."""
    found = [command.short_help, command.help] + [p.help for p in command.params if isinstance(p, click.Option)]
    return [inspect.cleandoc(text) for text in found if isinstance(text, str)]


def _lazy(text):
    # a text made lazy before (a second app in one process, the tests) stays as it is
    return lazy(inspect.cleandoc(text)) if isinstance(text, str) else text


def _translate_help(option: click.Option) -> None:
    """Translate an option's help each time Click shows it (Click measures it as a str: it cannot stay lazy)."""
    if option.help is None or "get_help_record" in vars(option):
        return
    english, show = option.help, option.get_help_record

    def get_help_record(ctx: click.Context) -> tuple[str, str] | None:
        option.help = word(inspect.cleandoc(english))
        try:
            return show(ctx)
        finally:
            option.help = english  # Flask's own text stays what it is (texts() reads it)

    option.get_help_record = get_help_record


def install() -> None:
    """Look the help of Flask's run, shell and routes up in Kurs's catalogs when it is shown."""
    for command in COMMANDS:
        command.short_help, command.help = _lazy(command.short_help), _lazy(command.help)
        for param in command.params:
            if isinstance(param, click.Option):
                _translate_help(param)
        forget_help_options(command)
