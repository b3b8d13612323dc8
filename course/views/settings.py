"""My settings: what a signed-in person chooses for themselves (today their interface language)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for

from course.models import User
from course.web.auth import requires
from course.web.i18n import LANGUAGES, _, refresh

bp = Blueprint("settings", __name__)
COMPANY = ""  # the form's value for "the company's language" (stored as NULL)


@bp.route("/settings", methods=["GET", "POST"])
@requires("learner")
def settings():
    """Show the person's settings, or save the language they chose (in that language at once)."""
    if request.method == "POST":
        chosen = request.form.get("language", COMPANY)
        if chosen != COMPANY and chosen not in LANGUAGES:
            flash(_("Please choose one of the languages offered."), "error")
            return _page(), 400
        User.update(language=chosen or None).where(User.id == g.user.id).execute()
        g.user.language = chosen or None
        refresh()  # the message below and the next page in the new language
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("settings.settings"))
    return _page()


def _page() -> str:
    return render_template("settings.html", languages=LANGUAGES, company=current_app.config["KURS_LANGUAGE"],
                           chosen=g.user.language or COMPANY)
