"""Who is signed in, and what each view lets them do.

Every view declares its role with one of the decorators below; a view that declares none
is refused to everyone (deny by default), so a new route cannot be left open by mistake.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from flask.globals import _cv_request

from course.db import Prepared, param
from course.domain import passwords
from course.models import User
from course.web.proxies import from_trusted_proxy, peer_address

PUBLIC = "public"
SETUP_ENDPOINTS = {"auth.setup", "static"}


def public(view: Callable) -> Callable:
    """Mark a view as open to everyone, signed in or not."""
    view.kurs_role = PUBLIC
    return view


def requires(role: str) -> Callable[[Callable], Callable]:
    """Mark a view as open to people holding this role or a higher one."""

    def mark(view: Callable) -> Callable:
        view.kurs_role = role
        return view

    return mark


def password_method() -> str:
    """Return the configured hashing method (KURS_PASSWORD_METHOD)."""
    return current_app.config["KURS_PASSWORD_METHOD"]


def hash_password(password: str) -> str:
    """Hash a password with the configured method (scrypt unless tests say otherwise)."""
    return passwords.hash_password(password, password_method())


def password_matches(user: User | None, password: str) -> bool:
    """Check a password; spend the same time when there is no such user."""
    return passwords.password_matches(user.password_hash if user else None, password, password_method())


def sign_in(user: User) -> None:
    """Start a fresh session for this person (a new session defeats fixation)."""
    session.clear()
    session["uid"] = user.id
    session["ver"] = user.session_version
    # a cookie that lives PERMANENT_SESSION_LIFETIME (12 hours) past the person's last request
    session.permanent = True


def sign_out(user: User | None) -> None:
    """End the session on the server too: a copy of the cookie made before is refused from now on.

    The person's session version moves on, so every session of theirs ends, on every device.
    """
    if user is not None:
        User.update(session_version=User.session_version + 1).where(User.id == user.id).execute()
    session.clear()


def load_user() -> User | None:
    """Return the signed-in, active person, or None."""
    # the request context once, not through a proxy per use: every request runs this
    context = _cv_request.get()
    header = context.app.config.get("KURS_TRUSTED_HEADER")
    if header and context.request.headers.get(header):
        if from_trusted_proxy():
            return _user_from_proxy(context.request.headers[header])
        current_app.logger.warning("Ignored the %s header from %s: not a trusted proxy address", header, peer_address())
    own = context.session
    uid = own.get("uid")
    if uid is None:
        return None
    user = _USER_BY_ID.first(User, (uid,))
    if user is None or not user.active or user.session_version != own.get("ver"):
        own.clear()
        return None
    return user


# every request of a signed-in person runs this: SQL built once (course/db.py, Prepared), bound by position
_USER_BY_ID = Prepared(lambda: User.select().where(User.id == param("id", User.id)), order=("id",))


def _user_from_proxy(email: str) -> User | None:
    """Trust the single sign-on proxy's header: it names the person by email.

    Only safe behind a proxy that sets the header itself and drops it from clients' requests.
    """
    user = User.get_or_none(User.email == email.strip().lower())
    return user if user is not None and user.active else None


def has_people(app: Flask) -> bool:
    """Return whether any account exists; remembered once true, since it never turns false."""
    if not app.extensions.get("kurs_has_people"):
        app.extensions["kurs_has_people"] = User.select().exists()
    return app.extensions["kurs_has_people"]


def init_app(app: Flask) -> None:
    """Check every request against the role its view declares."""

    @app.before_request
    def _authorise():
        g.user = user = load_user()
        endpoint = _cv_request.get().request.endpoint
        view = app.view_functions.get(endpoint) if endpoint else None
        if view is None:
            return None  # 404 or 405 follows
        if endpoint not in SETUP_ENDPOINTS and not has_people(app):
            return redirect(url_for("auth.setup"))
        role = getattr(view, "kurs_role", None)
        if role == PUBLIC or endpoint == "static":
            return None
        if role is None:
            abort(403)
        if user is None:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if not user.at_least(role):
            abort(403)
        return None

    @app.context_processor
    def _user():
        return {"current_user": g.get("user")}

