"""Sign in, sign out, and the one-time setup of the first admin."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for

from course.db import database
from course.domain import people
from course.domain.passwords import password_problems
from course.models import User
from course.web.auth import has_people, hash_password, password_matches, public, requires, sign_in, sign_out
from course.web.forms import safe_next
from course.web.i18n import _, lazy_gettext, translate
from course.web.throttle import check_sign_in

bp = Blueprint("auth", __name__)
SIGN_IN_FAILED = lazy_gettext(
    "That email and password do not match an active account. "
    "After several failed tries, sign-in pauses for 15 minutes."
)


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Show the sign-in form, or sign in with email and password."""
    target = safe_next(request.values.get("next"))
    if request.method == "POST":
        email = request.form.get("email", "").strip().lower()
        user = User.get_or_none((User.email == email) & (User.active == True))  # noqa: E712
        if check_sign_in(email, lambda: password_matches(user, request.form.get("password", ""))):
            sign_in(user)
            return redirect(target or url_for("learn.dashboard"))
        # one message for a wrong password and a throttled account alike: it tells a guesser nothing
        flash(str(SIGN_IN_FAILED), "error")
        return render_template("auth/login.html", email=email, next=target), 401
    return render_template("auth/login.html", email="", next=target)


@bp.route("/logout", methods=["POST"])
@requires("learner")
def logout():
    """End the session."""
    sign_out(g.user)
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/setup", methods=["GET", "POST"])
@public
def setup():
    """Create the first admin account; only while no account exists."""
    if has_people(current_app):
        abort(404)
    form = {key: request.form.get(key, "").strip() for key in ("email", "name", "department")}
    if request.method == "POST":
        person = people.read_person({**form, "role": "admin"})
        problems = people.as_sentences(people.person_problems(person), translate)
        problems += password_problems(request.form.get("password", ""), request.form.get("password2", ""))
        if not problems:
            with database.atomic():
                if User.select().exists():  # another browser was quicker
                    abort(404)
                user = User.create(**person, password_hash=hash_password(request.form["password"]))
            sign_in(user)
            flash(_("Welcome to Kurs. Your admin account is ready."), "info")
            return redirect(url_for("learn.dashboard"))
        for problem in problems:
            flash(translate(problem), "error")
        return render_template("auth/setup.html", form=form), 400
    return render_template("auth/setup.html", form=form)
