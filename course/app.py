"""The app factory: configuration, then each part's init_app, then the blueprints."""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable

from flask import Flask
from flask.globals import _cv_request
from flask.templating import _default_template_ctx_processor
from flask_wtf.csrf import CSRFProtect

from course import clock, config, db, views
from course.commands import cli
from course.content import allocator, catalog
from course.publish import upload as publish_upload
from course.web import auth, i18n, pretranslate, proxies, security, templating

csrf = CSRFProtect()


class Kurs(Flask):
    """Flask, asking once per function whether it is a coroutine (Kurs has none).

    Flask asks `ensure_sync` for every hook, view and context processor of every request, a dozen
    times per page, and each answer inspects the function's code flags again.
    """

    jinja_environment = pretranslate.Environment  # templates compiled once per language

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._coroutine: dict[Callable, bool] = {}

    def ensure_sync(self, func: Callable) -> Callable:
        key = getattr(func, "__func__", func)  # a bound method is a new object each time
        coroutine = self._coroutine.get(key)
        if coroutine is None:
            coroutine = self._coroutine[key] = inspect.iscoroutinefunction(func)
        return self.async_to_sync(func) if coroutine else func


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: configuration, then each part's init_app, then the blueprints."""
    # before the server's threads start (gunicorn's gthread worker starts them after loading the app)
    allocator.limit_arenas()
    # several servers on one shared course folder keep their own instance folder (docs/operations.md, Several servers)
    app = Kurs(__name__, template_folder="../templates", static_folder="../static", instance_relative_config=True,
               instance_path=os.environ.get("KURS_INSTANCE_PATH") or None)
    config.init_app(app, test_config)
    clock.init_app(app)
    db.init_app(app)
    catalog.init_app(app)
    csrf.init_app(app)
    _csrf_checks_only_checked_methods(app)
    proxies.init_app(app)
    auth.init_app(app)
    security.init_app(app)
    publish_upload.init_app(app)  # after security: its size check goes first of all
    i18n.init_app(app)
    templating.init_app(app)
    cli.init_app(app)
    views.register(app)
    _default_context_once(app)
    return app


def _csrf_checks_only_checked_methods(app: Flask) -> None:
    """Flask-WTF's check, returning at once on a method it never checks (GET, HEAD).

    Flask-WTF looks up the view's and blueprint's exemptions first and the method last: on every
    page, about 4 µs for nothing. A POST (or PUT, PATCH, DELETE) goes through its check unchanged.
    """
    hooks = app.before_request_funcs[None]
    index = next(i for i, hook in enumerate(hooks) if hook.__name__ == "csrf_protect")
    check = hooks[index]

    def csrf_protect():
        if _cv_request.get().request.method in app.config["WTF_CSRF_METHODS"]:
            return check()
        return None

    hooks[index] = csrf_protect


def _default_context_once(app: Flask) -> None:
    """Flask's own template context (request, session, g) added once per page, not once more per blueprint.

    Flask 3.1 starts every blueprint with its own copy of that processor, and a page of a
    blueprint runs the app's and the blueprint's (the same values twice).
    """
    for name, processors in app.template_context_processors.items():
        if name is not None:
            processors[:] = [p for p in processors if p is not _default_template_ctx_processor]
