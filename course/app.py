"""The app factory: configuration, then each part's init_app, then the blueprints."""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from course import clock, config, db, views
from course.commands import cli
from course.content import catalog
from course.web import auth, i18n, proxies, security, templating

csrf = CSRFProtect()


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: configuration, then each part's init_app, then the blueprints."""
    app = Flask(__name__, template_folder="../templates", static_folder="../static", instance_relative_config=True)
    config.init_app(app, test_config)
    clock.init_app(app)
    db.init_app(app)
    catalog.init_app(app)
    csrf.init_app(app)
    proxies.init_app(app)
    auth.init_app(app)
    security.init_app(app)
    i18n.init_app(app)
    templating.init_app(app)
    cli.init_app(app)
    views.register(app)
    return app
