"""Friendly error pages without stack traces; errors logged with the request path."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from course.web.i18n import _, lazy_gettext
from course.web.refusal import Refusal

MESSAGES = {
    400: (lazy_gettext("Something in that request was not right"), lazy_gettext("Please go back, reload the page and try again.")),
    403: (lazy_gettext("Not for your account"), lazy_gettext("This page needs a role your account does not have.")),
    404: (lazy_gettext("Page not found"), lazy_gettext("The page does not exist, or it is not yours to see.")),
    405: (lazy_gettext("Not allowed"), lazy_gettext("That action is not possible here.")),
    413: (lazy_gettext("Too large"), lazy_gettext("What you sent is larger than Kurs accepts.")),
    500: (lazy_gettext("Something went wrong"), lazy_gettext("The error was logged. Please try again in a moment.")),
}


def init_app(app: Flask) -> None:
    """Render every HTTP error with the same friendly page."""

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        app.logger.warning("CSRF refused on %s: %s", request.path, error.description)
        return _page(400, _("The form had expired or was sent from elsewhere. Please reload the page and try again."))

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if error.code and error.code >= 500:
            app.logger.error("HTTP %s on %s", error.code, request.path)
        return _page(error.code or 500, error.description if isinstance(error, Refusal) else None)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return _page(500)


def _page(code: int, detail: str | None = None):
    title, text = MESSAGES.get(code, MESSAGES[500 if code >= 500 else 400])
    return render_template("errors/error.html", code=code, title=title, text=detail or text), code
