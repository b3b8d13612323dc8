"""Set-password links for many people at once: everyone without a password in a department, and the CSV of new links.

A link is shown once (only its hash is stored). A page that shows new links sends their tokens
back for the CSV, so the download never needs them kept anywhere: POST only (CSRF), admins
only, never cached.
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from course import clock
from course.domain import newcomers
from course.domain.newcomers import NewLink
from course.models import utcnow
from course.web.auth import requires
from course.web.csvout import csv_response
from course.web.i18n import _
from course.web.links import link_for

bp = Blueprint("links", __name__, url_prefix="/people/links")


def shown(links: list[NewLink]) -> list[tuple[NewLink, str]]:
    """Each new link with its full address at KURS_BASE_URL, as the pages show it."""
    return [(new, link_for(new.token)) for new in links]


def chosen_department() -> str | None:
    """The department a bulk action is for, from its form; None (the empty choice) means every one."""
    return request.form.get("department", "").strip() or None


@bp.route("/without-password", methods=["POST"])
@requires("admin")
def without_password():
    """Make a new link for everyone without a password in a department (earlier links end); show them all."""
    department = chosen_department()
    made = newcomers.links_for_everyone_without_password(department, g.user)
    if not made:
        flash(_("Everyone in %(department)s has set a password: no links made.", department=department)
              if department else _("Everyone has set a password: no links made."), "success")
        return redirect(url_for("people.index"))
    return render_template("people/links.html", links=shown(made), department=department)


@bp.route("/links.csv", methods=["POST"])
@requires("admin")
def download():
    """Download the new links a page showed as CSV: name, email, link, valid until (links no longer valid are left out)."""
    rows = ((new.person.name, new.person.email, link, new.valid_until)
            for new, link in shown(newcomers.still_valid(request.form.getlist("token"))))
    response = csv_response(f"set-password-links-{clock.local(utcnow()):%Y-%m-%d}.csv",
                            (_("Name"), _("Email"), _("Link"), _("Valid until")), list(rows))
    response.headers["Cache-Control"] = "no-store"  # what the page showed once must not linger in a cache
    return response
