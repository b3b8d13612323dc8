"""The one-time link that lets a person set (or reset) their password."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for

from course.domain import tokens
from course.domain.passwords import password_problems
from course.web.auth import password_method, public, sign_in

bp = Blueprint("password", __name__)


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@public
def set_password(token: str):
    """Show the form behind a one-time link, or set the password and sign the person in."""
    row = tokens.valid_token(token)
    if row is None:
        return render_template("password/invalid.html"), 404
    if request.method == "POST":
        password = request.form.get("password", "")
        problems = password_problems(password, request.form.get("password2", ""))
        user = None if problems else tokens.redeem_token(token, password, password_method())
        if user is not None:
            sign_in(user)
            flash("Your password is set. Welcome to Kurs.", "success")
            return redirect(url_for("learn.dashboard"))
        for problem in problems or ["This link has just been used."]:
            flash(problem, "error")
        return render_template("password/set.html", person=row.user), 400
    return render_template("password/set.html", person=row.user)


@bp.after_request
def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response
