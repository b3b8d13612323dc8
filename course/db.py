"""The database: one proxy for the models, pragmas, transactions, a connection per request."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from flask import Flask
from peewee import (
    AutoField,
    BigIntegerField,
    BooleanField,
    CharField,
    Database,
    DatabaseProxy,
    DateTimeField,
    Field,
    FloatField,
    IntegerField,
    Model,
    Query,
    SqliteDatabase,
    TextField,
    Value,
)
from playhouse.db_url import connect

from course.sqlite import SQLITE_PRAGMAS, KursSqliteDatabase, unicode_lower

database = DatabaseProxy()


def open_database(url: str) -> Database:
    """Return the peewee database for a DATABASE_URL."""
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///") :]
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # IMMEDIATE: a write transaction takes the write lock when it begins; deferred ones
        # deadlock into "database is locked" when two readers both try to upgrade.
        return KursSqliteDatabase(path, pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE", timeout=5)
    return connect(url)


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
        elif isinstance(db, KursSqliteDatabase):
            db.drop_if_broken()  # after a failed statement, the next request starts on a fresh connection


# ---------------------------------------------------------------- prepared queries


class Slot:
    """Where a prepared query takes a parameter: its name (and place in a list), and how the field stores it."""

    __slots__ = ("name", "convert", "index")

    def __init__(self, name: str, convert: Callable[[Any], Any] | None, index: int | None = None) -> None:
        self.name, self.convert, self.index = name, convert, index


def param(name: str, field: Field | None = None) -> Value:
    """Return a named placeholder for a prepared query, stored as `field` would store its value."""
    return Value(Slot(name, field.db_value if field is not None else None), converter=False)


def params(name: str, count: int, field: Field | None = None) -> list[Value]:
    """Return `count` placeholders for the items of a list value (an IN list of this many)."""
    convert = field.db_value if field is not None else None
    return [Value(Slot(name, convert, index), converter=False) for index in range(count)]


MAX_SHAPES = 256  # per statement: old courses after reloads, odd page sizes, many departments


# the Python type each kind of field gives: a value the driver returns as that type already needs no conversion
_NATIVE: dict[type, type] = {CharField: str, TextField: str, IntegerField: int, AutoField: int, BigIntegerField: int,
                             BooleanField: bool, FloatField: float, DateTimeField: datetime}


class _Compiled:
    __slots__ = ("sql", "params", "fields", "columns", "owner")

    def __init__(self, sql: str, params: list, fields: list[Field | None], owner: Callable[[], Any]) -> None:
        self.sql, self.params, self.fields, self.owner = sql, params, fields, owner
        # per selected column: its name, the type needing no conversion (object: convert all but None), its field
        self.columns = [(f.name if f is not None else None, _NATIVE.get(type(f), object), f) for f in fields]


def _nobody() -> None:
    return None


class Prepared:
    """A query built by peewee once per database (and shape), then run with new parameters.

    The one compiled-SQL mechanism of Kurs. Peewee spends ~0.25 ms of Python building even a
    one-row SELECT, 30 times what SQLite needs to answer it, and far more for the reports' lesson
    lists (see README, Performance). The SQL comes from peewee all the same, so it stays right for
    SQLite and PostgreSQL. Every value that changes must be a `param` (or `params` for a list):
    anything else, a field's default included, is frozen into the statement when it is built.

    What shapes the statement besides the parameters is its `shape` (hashable values passed to
    `build`, such as a report's scope or the length of an IN list) and its `owner` (the course
    whose lesson lists it holds; held weakly, so a reloaded course does not keep the old SQL alive).
    """

    def __init__(self, build: Callable[..., Query], order: tuple[str, ...] | None = None) -> None:
        self._build = build
        self._order = order
        self._compiled: WeakKeyDictionary[Database, dict[tuple, _Compiled]] = WeakKeyDictionary()
        # the statement without shape or owner on the database it last ran on: most requests have one database
        self._last: tuple[Database, _Compiled] | None = None

    def _sql(self, shape: tuple = (), owner: Any = None) -> _Compiled:
        db = database.obj
        last = self._last
        if last is not None and last[0] is db and not shape and owner is None:
            return last[1]
        by_shape = self._compiled.get(db)
        if by_shape is None:
            by_shape = self._compiled[db] = {}
        key = (shape, id(owner))
        compiled = by_shape.get(key)
        if compiled is None or compiled.owner() is not owner:
            query = self._build(*shape, owner) if owner is not None else self._build(*shape)
            sql, values = query.sql()
            if self._order is not None:
                self._check_order(values)
            # the selected fields convert their columns for Python; anything else (a count) stays raw
            fields = [f if isinstance(f, Field) else None for f in getattr(query, "_returning", None) or ()]
            if len(by_shape) >= MAX_SHAPES:
                by_shape.clear()
            compiled = by_shape[key] = _Compiled(sql, values, fields, _nobody if owner is None else weakref.ref(owner))
        if not shape and owner is None:
            self._last = (db, compiled)
        return compiled

    def _check_order(self, values: list) -> None:
        names = tuple(p.name if isinstance(p, Slot) else p for p in values)
        if names != self._order:
            raise RuntimeError(f"a prepared statement takes {names}, not {self._order}: its callers bind by position")

    def run(self, args: Sequence[Any]):
        """Run the statement with its parameters by position, in the `order` it was declared with; return the cursor.

        For the hot writes (a quiz submission binds 30 values): no lookup by name and no conversion,
        so each value must be given as the column stores it (an id, not a model). The order is
        checked against the SQL peewee builds, once per database.
        """
        # the database itself, not through the proxy (an attribute lookup less per call); same path, same log
        return database.obj.execute_sql(self._sql().sql, args)

    def execute(self, shape: tuple = (), owner: Any = None, **values: Any):
        """Run the statement with these parameters; return the cursor."""
        compiled = self._sql(shape, owner)
        args = [_bind(p, values) if isinstance(p, Slot) else p for p in compiled.params]
        return database.execute_sql(compiled.sql, args)

    def raw(self, shape: tuple = (), owner: Any = None, **values: Any) -> list[tuple]:
        """Run a SELECT; return its rows as the driver gives them (the reports convert what they need)."""
        return self.execute(shape, owner, **values).fetchall()

    def rows(self, shape: tuple = (), owner: Any = None, **values: Any) -> list[tuple]:
        """Run a SELECT; return its rows, each value as its field gives it to Python."""
        compiled = self._sql(shape, owner)
        cursor = self.execute(shape, owner, **values)
        return [tuple(_python(f, v) for f, v in zip(compiled.fields, row, strict=True)) for row in cursor.fetchall()]

    def first(self, model: type[Model], args: Sequence[Any] | None = None, **values: Any) -> Model | None:
        """Run a SELECT of all a model's fields; return the first row as an instance, or None.

        The values by position in `args` (as `run` takes them: the signed-in person on every request),
        else by name.
        """
        row = (self.run(args) if args is not None else self.execute(**values)).fetchone()
        if row is None:
            return None
        # what peewee's Model(**values) ends with, without its per-field setattr and dirty marks
        instance = model.__new__(model)
        data = instance.__data__ = {}
        for (name, native, field), value in zip(self._sql().columns, row, strict=True):
            data[name] = value if value is None or type(value) is native else _python(field, value)
        instance._dirty = set()
        instance.__rel__ = {}
        return instance


def _python(field: Field | None, value: Any) -> Any:
    if field is None:
        return value
    if type(value) is str and isinstance(field, DateTimeField):
        # SQLite's text form, parsed in C: peewee tries its formats with strptime (~10 µs a value)
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            pass
    return field.python_value(value)


def _bind(slot: Slot, values: dict) -> Any:
    value = values[slot.name]
    if slot.index is not None:
        value = value[slot.index]
    return value if slot.convert is None else slot.convert(value)
