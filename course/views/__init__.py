"""The blueprints, registered in one place."""

from flask import Flask

from course.views import (
    auth,
    certificates,
    errors,
    learn,
    mail,
    password,
    password_links,
    people,
    practice,
    publish,
    review,
    settings,
    train,
)


def register(app: Flask) -> None:
    """Register every blueprint and the error pages."""
    app.register_blueprint(auth.bp)
    app.register_blueprint(learn.bp)
    app.register_blueprint(practice.bp)
    app.register_blueprint(train.bp)
    app.register_blueprint(people.bp)
    app.register_blueprint(password_links.bp)
    app.register_blueprint(password.bp)
    app.register_blueprint(mail.bp)
    app.register_blueprint(settings.bp)
    app.register_blueprint(certificates.bp)
    app.register_blueprint(certificates.verify_bp)
    app.register_blueprint(publish.bp)
    app.register_blueprint(review.bp)
    errors.init_app(app)
