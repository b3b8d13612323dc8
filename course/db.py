"""The database: one proxy for the models, pragmas, transactions, a connection per request."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from peewee import Database, DatabaseProxy, SqliteDatabase
from playhouse.db_url import connect

database = DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
}


def open_database(url: str) -> Database:
    """Return the peewee database for a DATABASE_URL."""
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :]
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # IMMEDIATE: a write transaction takes the write lock when it begins; deferred ones
        # deadlock into "database is locked" when two readers both try to upgrade.
        return SqliteDatabase(path, pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE", timeout=5)
    return connect(url)


def unicode_lower(value: object) -> object:
    """LOWER() as PostgreSQL has it: SQLite's own folds A-Z only, so a search for "özlem" missed "Özlem"."""
    return value.lower() if isinstance(value, str) else value


def init_app(app: Flask) -> None:
    """Bind the models to the configured database; each request gets a connection."""
    db = open_database(app.config["DATABASE_URL"])
    if isinstance(db, SqliteDatabase):
        db.register_function(unicode_lower, "lower", 1, deterministic=True)
    database.initialize(db)
    app.extensions["kurs_db"] = db

    # A SQLite connection stays open in its thread between requests: opening one and setting
    # its pragmas costs more than a whole lesson page (see README, Performance).
    keep_open = isinstance(db, SqliteDatabase)

    @app.before_request
    def _open_connection() -> None:
        database.connect(reuse_if_open=True)

    @app.teardown_request
    def _close_connection(exc: BaseException | None) -> None:
        if not keep_open and not database.is_closed():
            database.close()
