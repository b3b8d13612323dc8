"""Signed-in sessions for load clients, made with the app's own signing (no login round trip)."""

from __future__ import annotations

import os

from flask import Flask, session
from flask_wtf.csrf import generate_csrf


def signed_in(app: Flask, user_id: int) -> tuple[str, str]:
    """Return (Cookie header value, CSRF form token) for a session of this person."""
    with app.test_request_context("/"):
        session["uid"] = user_id
        session["ver"] = 1
        token = generate_csrf()
        value = app.session_interface.get_signing_serializer(app).dumps(dict(session))
    return f"{app.config['SESSION_COOKIE_NAME']}={value}", token


def bench_app(env: dict) -> Flask:
    """Build, in this process, the Kurs the servers run with env (same secret, same data)."""
    from course import create_app

    os.environ.update(env)
    return create_app({"KURS_RENDER_CACHE": env["BENCH_RENDER_CACHE"]})
