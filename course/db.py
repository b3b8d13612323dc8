"""The database: one proxy for the models, pragmas, transactions, a connection per request."""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask
from peewee import Database, DatabaseProxy, OperationalError, SqliteDatabase
from playhouse.db_url import connect

database = DatabaseProxy()
WRITE_WAIT = 5.0  # seconds a write waits for the one before it, as busy_timeout below

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
        return QueuedSqliteDatabase(path, pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE", timeout=5)
    return connect(url)


class QueuedSqliteDatabase(SqliteDatabase):
    """SQLite whose write transactions queue on a lock in this process before asking SQLite.

    SQLite lets one writer in at a time and makes the others poll with growing sleeps
    (1, 2, 5, 10 ms ...); threads of one worker waiting on a Python lock instead are woken the
    moment the writer before them commits. Other processes still meet at SQLite's lock.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._writer = threading.Lock()
        self._holding = threading.local()

    def begin(self, lock_type: str | None = None) -> None:
        if not getattr(self._holding, "lock", False):
            if not self._writer.acquire(timeout=WRITE_WAIT):
                raise OperationalError("database is locked (waited for another request's write)")
            self._holding.lock = True
        try:
            super().begin(lock_type)
        except BaseException:
            self._release()
            raise

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._release()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._release()

    def _release(self) -> None:
        if getattr(self._holding, "lock", False):
            self._holding.lock = False
            self._writer.release()


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
