"""The full addresses Kurs hands out, for pages and commands alike."""

from __future__ import annotations

from flask import url_for


def link_for(token: str) -> str:
    """Return the full address of a set-password link (needs a request context: a command makes one)."""
    return url_for("password.set_password", token=token, _external=True)
