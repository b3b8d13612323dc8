"""The one-time link that lets a person set (or reset) their password.

The link's token leaves the address at once: its first page moves it into the session and
redirects to /set-password, so the token is in no later log line, browser history entry or
Referer header (and the redirect itself says `Referrer-Policy: no-referrer`).
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for

from course.domain import tokens
from course.domain.passwords import password_problems
from course.web.auth import password_method, public, sign_in
from course.web.i18n import _, translate

bp = Blueprint("password", __name__)
SESSION_KEY = "set_password_token"


@bp.route("/set-password/<token>")
@public
def link(token: str):
    """Take the token from the link into the session, then show the form at a clean address."""
    if tokens.valid_token(token) is None:
        return _invalid()
    session[SESSION_KEY] = token
    return redirect(url_for("password.set_password"))


@bp.route("/set-password", methods=["GET", "POST"])
@public
def set_password():
    """Show the form for the link opened in this browser, or set the password and sign the person in."""
    token = session.get(SESSION_KEY)
    row = tokens.valid_token(token) if token else None
    if row is None:
        return _invalid()
    if request.method == "POST":
        password = request.form.get("password", "")
        problems = password_problems(password, request.form.get("password2", ""))
        user = None if problems else tokens.redeem_token(token, password, password_method())
        if user is not None:
            sign_in(user)  # a new session: the token goes with the old one
            flash(_("Your password is set. Welcome to Kurs."), "success")
            return redirect(url_for("learn.dashboard"))
        for problem in problems or [_("This link has just been used.")]:
            flash(translate(problem), "error")
        return render_template("password/set.html", person=row.user), 400
    return render_template("password/set.html", person=row.user)


def _invalid():
    session.pop(SESSION_KEY, None)
    return render_template("password/invalid.html"), 404


@bp.after_request
def _private(response):
    response.headers["Cache-Control"] = "no-store"
    if request.endpoint == "password.link":  # the address holds the token: send it nowhere
        response.headers["Referrer-Policy"] = "no-referrer"
    return response
