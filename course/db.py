"""The database: one proxy for the models, pragmas, transactions, a connection per request."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from flask import Flask
from peewee import Database, DatabaseProxy, Field, Model, OperationalError, Query, SqliteDatabase, Value
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


# ---------------------------------------------------------------- prepared queries


class Slot:
    """Where a prepared query takes a parameter: its name, and how the field stores the value."""

    __slots__ = ("name", "convert")

    def __init__(self, name: str, convert: Callable[[Any], Any] | None) -> None:
        self.name, self.convert = name, convert


def param(name: str, field: Field | None = None) -> Value:
    """Return a named placeholder for a prepared query, stored as `field` would store its value."""
    return Value(Slot(name, field.db_value if field is not None else None), converter=False)


class Prepared:
    """A query on the hot path: built by peewee once per database, then run with new parameters.

    Peewee spends ~0.25 ms of Python building even a one-row SELECT, 30 times what SQLite needs
    to answer it (see README, Performance). The SQL comes from peewee all the same, so it stays
    right for SQLite and PostgreSQL. Every value that changes must be a `param`: anything else,
    a field's default included, is frozen into the statement when it is first built.
    """

    def __init__(self, build: Callable[[], Query]) -> None:
        self._build = build
        self._compiled: WeakKeyDictionary[Database, tuple[str, list, list[Field | None]]] = WeakKeyDictionary()

    def _sql(self) -> tuple[str, list, list[Field | None]]:
        db = database.obj
        compiled = self._compiled.get(db)
        if compiled is None:
            query = self._build()
            sql, params = query.sql()
            # the selected fields convert their columns for Python; anything else (a count) stays raw
            fields = [f if isinstance(f, Field) else None for f in getattr(query, "_returning", None) or ()]
            compiled = self._compiled[db] = (sql, params, fields)
        return compiled

    def execute(self, **values: Any):
        """Run the statement with these parameters; return the cursor."""
        sql, params, _ = self._sql()
        args = [_bind(p, values) if isinstance(p, Slot) else p for p in params]
        return database.execute_sql(sql, args)

    def rows(self, **values: Any) -> list[tuple]:
        """Run a SELECT; return its rows, each value as its field gives it to Python."""
        cursor = self.execute(**values)
        fields = self._sql()[2]
        return [tuple(_python(f, v) for f, v in zip(fields, row, strict=True)) for row in cursor.fetchall()]

    def first(self, model: type[Model], **values: Any) -> Model | None:
        """Run a SELECT of all a model's fields; return the first row as an instance, or None."""
        row = self.execute(**values).fetchone()
        if row is None:
            return None
        fields = self._sql()[2]
        instance = model(__no_default__=1, **{f.name: f.python_value(v) for f, v in zip(fields, row, strict=True)})
        instance._dirty.clear()
        return instance


def _python(field: Field | None, value: Any) -> Any:
    return value if field is None else field.python_value(value)


def _bind(slot: Slot, values: dict) -> Any:
    value = values[slot.name]
    return value if slot.convert is None else slot.convert(value)
