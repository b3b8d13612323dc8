"""The templates' filters (dates, numbers, states in the reader's language) and a memoised url_for."""

from __future__ import annotations

from flask import Flask, request, url_for
from flask.globals import _cv_request
from markupsafe import Markup

from course import clock
from course.web import formats

LINKS_REMEMBERED = 20_000  # a bound: query values in links can come from people


def remembered_url_for(app: Flask):
    """Return a url_for that builds each link once: a page has a dozen, each costing more than a query.

    The same endpoint and values always give the same path, so the answer can be kept per app.
    """
    links: dict[tuple, str] = {}

    def link(endpoint: str, **values) -> str:
        try:
            # the request from Flask's context variable: `request.` costs a proxy lookup, and a page has a dozen links
            key = (_cv_request.get().request.root_path, endpoint, *sorted(values.items()))
            hash(key)
        except TypeError:  # a list among the values: build it every time
            return url_for(endpoint, **values)
        found = links.get(key)
        if found is None:
            found = url_for(endpoint, **values)
            if len(links) < LINKS_REMEMBERED:
                links[key] = found
        return found

    return link


# the menu entry each page belongs to, by endpoint (most specific first); pages not named here mark none
SECTIONS = (("learn.history", "history"), ("learn.", "learn"), ("train.content", "content"), ("publish.", "content"), ("train.", "reports"),
            ("review.", "reports"),
            ("people.assignments", "assignments"), ("people.unassign", "assignments"), ("people.", "people"), ("links.", "people"), ("mail.", "mail"),
            ("settings.", "settings"))


def nav_section() -> str | None:
    """Name the menu section of the page being shown, for aria-current in the main navigation."""
    endpoint = request.endpoint or ""
    return next((section for prefix, section in SECTIONS if endpoint.startswith(prefix)), None)


def section_current(section: str | None, name: str) -> Markup:
    """Return the aria-current attribute for the menu link of the page's own section, else nothing."""
    return Markup(' aria-current="page"') if section == name else Markup("")


def init_app(app: Flask) -> None:
    """Register the filters and the templates' url_for."""
    app.jinja_env.globals["url_for"] = remembered_url_for(app)
    app.add_template_filter(formats.format_datetime, "datetime")
    app.add_template_filter(formats.format_date, "date")
    app.add_template_filter(formats.format_date_short, "date_short")
    app.add_template_filter(formats.format_percent, "percent")
    app.add_template_filter(formats.format_number, "number")
    app.add_template_filter(formats.state_name, "state_name")
    app.add_template_filter(formats.role_name, "role_name")
    app.add_template_filter(formats.assignment_source, "assignment_source")
    app.add_template_filter(formats.answers_shown, "answers_shown")
    app.add_template_filter(formats.mail_kind, "mail_kind")
    app.add_template_filter(formats.mail_failure, "mail_failure")
    app.add_template_filter(formats.mail_failure_label, "mail_failure_label")
    app.add_template_filter(clock.local, "localtime")
    app.jinja_env.globals.update(nav_section=nav_section, section_current=section_current)
