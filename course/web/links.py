"""The full addresses Kurs hands out (set-password links, certificate checks), built from KURS_BASE_URL.

Never from a request's Host header: any client can write that, and a link built from it would
send a new colleague's password to the sender's server. Pages, commands, CSV downloads and
mails all build their links here; an app context is enough (no request needed).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def link_for(token: str, base_url: str | None = None) -> str:
    """Return the set-password link for a token, at KURS_BASE_URL (or the base_url given)."""
    return external("password.link", {"token": token}, base_url)


def verify_link(code: str) -> str:
    """Return the address that checks a certificate's code (printed on the PDF), at KURS_BASE_URL."""
    return external("verify.show", {"code": code})


def external(endpoint: str, values: dict, base_url: str | None = None) -> str:
    """Return the full address of a page at KURS_BASE_URL (or the base_url given)."""
    parts = urlsplit((base_url or current_app.config["KURS_BASE_URL"]).rstrip("/"))
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)
