"""Configuration in layers: defaults, instance/config.py, environment, then test settings."""

from __future__ import annotations

import os
import secrets
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"  # where `make run` serves

DEFAULTS = {
    "DATABASE_URL": "sqlite:///instance/kurs.db",
    "KURS_LESSONS_DIR": "lessons",
    "KURS_TRUSTED_HEADER": None,
    "KURS_TRUSTED_PROXY_ADDRESSES": None,  # where the sign-on header may come from (course/web/proxies.py)
    "KURS_BASE_URL": None,  # Kurs's address as people reach it: set-password links are built from it
    "KURS_SECURE_COOKIES": False,
    "KURS_TRUSTED_PROXIES": 0,  # reverse proxies in front whose X-Forwarded-For is believed
    "KURS_RELOAD_INTERVAL": 1.0,
    "KURS_RELOAD_WAIT": 0.5,  # seconds a request waits for the reload it started, then serves the course as it was
    "KURS_RENDER_SECONDS": 10.0,  # per course file, in the render process (course/content/sandbox.py)
    "KURS_PASSWORD_METHOD": "scrypt",
    "KURS_LANGUAGE": "de",  # the company's interface language (course/i18n.py)
    "KURS_TIMEZONE": "Europe/Berlin",  # an IANA name: times are shown, and due dates end, in this zone
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "kurs_session",
    # signed in for a working day past the last request (renewed with each one); signing out ends it at once
    "PERMANENT_SESSION_LIFETIME": timedelta(hours=12),
    "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
    "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
}

# Every variable Kurs reads from the environment (documented in docs/operations.md).
ENVIRONMENT = (
    "DATABASE_URL", "KURS_LESSONS_DIR", "SECRET_KEY", "KURS_TRUSTED_HEADER", "KURS_SECURE_COOKIES", "KURS_TRUSTED_PROXIES",
    "KURS_TRUSTED_PROXY_ADDRESSES", "KURS_BASE_URL", "KURS_LANGUAGE", "KURS_TIMEZONE",
    "KURS_SMTP_URL", "KURS_SMTP_CA_FILE", "KURS_MAIL_FROM", "KURS_REMINDER_DAYS",
)
FLAGS = {"KURS_SECURE_COOKIES"}


def init_app(app: Flask, test_config: dict | None = None) -> None:
    """Fill app.config from each layer in order, later layers winning."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    for name in ENVIRONMENT:
        if name in os.environ:
            value = os.environ[name]
            app.config[name] = value.lower() in ("1", "true", "yes", "on") if name in FLAGS else value
    if test_config:
        app.config.update(test_config)
    app.config["DATABASE_URL"] = resolve_database_url(app.config["DATABASE_URL"])
    app.config["KURS_LESSONS_DIR"] = str(project_path(app.config["KURS_LESSONS_DIR"]))
    app.config["SESSION_COOKIE_SECURE"] = bool(app.config["KURS_SECURE_COOKIES"])
    app.config["KURS_BASE_URL"] = checked_base_url(app.config["KURS_BASE_URL"])
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret(Path(app.instance_path))


def checked_base_url(value: str | None) -> str:
    """Return KURS_BASE_URL, checked; required in production (under gunicorn), else `make run`'s address."""
    if not value:
        if "gunicorn" in sys.modules:
            raise RuntimeError("KURS_BASE_URL is not set: set it to Kurs's address as people reach it, "
                               "such as https://kurs.example.com (set-password links are built from it)")
        return DEVELOPMENT_BASE_URL
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise RuntimeError(f"KURS_BASE_URL must be an address such as https://kurs.example.com, not {value!r}")
    return value.rstrip("/")


def project_path(value: str | Path) -> Path:
    """Resolve a relative path against the Kurs folder, not the current directory."""
    path = Path(value)
    return path if path.is_absolute() else PROJECT_ROOT / path


def resolve_database_url(url: str) -> str:
    """Make a relative SQLite path absolute, relative to the Kurs folder."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and not url.startswith(prefix + "/") and url != prefix + ":memory:":
        return prefix + str(project_path(url[len(prefix) :]))
    return url


def instance_secret(instance: Path) -> str:
    """Read the secret key from instance/secret_key, creating it (owner-only) the first time."""
    path = instance / "secret_key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        # written aside, then linked into place: server workers starting together must neither
        # crash on each other's file nor read a half-written one
        draft = instance / f".secret_key.{os.getpid()}.{secrets.token_hex(4)}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass  # another process was first: use its key
        finally:
            draft.unlink()
    return path.read_text().strip()
