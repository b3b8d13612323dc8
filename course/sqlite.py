"""SQLite as Kurs runs it: the pragmas, and a database class that keeps a connection healthy and its statements cheap."""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import time

from peewee import OperationalError, SqliteDatabase, __exception_wrapper__

_peewee_log = logging.getLogger("peewee")

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
}

# how long a statement that finds the database busy naps before it tries again: short at first, as
# a writer holds the lock for a fraction of a millisecond (SQLite's own busy handler naps 1, 2, 5,
# 10, 15, 20, 25 ms and on, long after the lock is free)
NAPS = (0.0001, 0.0002, 0.0003, 0.0005, 0.001)


class KursSqliteDatabase(SqliteDatabase):
    """SQLite that waits for the write lock in short naps, refuses a read-only file and drops a spoiled connection.

    Writers take SQLite's lock when their transaction begins (BEGIN IMMEDIATE). A statement that
    finds another process writing (SQLITE_BUSY) naps and tries again, for up to busy_timeout; only
    statements outside a transaction and BEGIN and COMMIT can find it so, and none of them has done
    anything then. Kurs does this itself instead of SQLite's busy handler, which sleeps on for
    milliseconds after the lock is free (docs/performance.md, Quiz submission). Until 1 December
    2026 the threads of one worker also queued on a lock in the process first, which cost the quiz
    submission a fifth of its rate; sharing one commit among the threads that wait was measured and
    not kept either.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._holding = threading.local()
        self.patience = SQLITE_PRAGMAS["busy_timeout"] / 1000

    def _connect(self):
        # SQLite opens a file it may not write read-only, without a word; a thread that keeps such
        # a connection fails every write, even once the file is writable again. Refuse it instead.
        if self.database != ":memory:" and os.path.exists(self.database) and not os.access(self.database, os.W_OK):
            raise OperationalError(f"the database file {self.database} is not writable for this process")
        return super()._connect()

    def _set_pragmas(self, conn) -> None:
        super()._set_pragmas(conn)
        conn.execute("PRAGMA busy_timeout = 0")  # a busy database is answered at once, and waited for here

    def execute_sql(self, sql, params=None):
        state = self._state
        if state.closed and self.autoconnect:
            self.connect()  # as peewee's own path would, so that a first statement waits for a busy database too
        if state.closed or self.query_hooks:
            try:
                return super().execute_sql(sql, params)
            except OperationalError:
                self._holding.broken = True  # whatever went wrong may stick to this connection
                raise
        # peewee's own path without its per-statement layers (a cursor call, a closed check, the
        # exception wrapper entered on every statement): a quiz submission runs seven statements
        if _peewee_log.isEnabledFor(logging.DEBUG):  # as peewee logs every statement
            _peewee_log.debug((sql, params))
        try:
            return state.conn.execute(sql, params or ())
        except sqlite3.OperationalError as exc:
            # outside a transaction (BEGIN included) a busy statement has done nothing: try it again
            if exc.sqlite_errorcode == sqlite3.SQLITE_BUSY and not state.conn.in_transaction:
                return self._when_free(state.conn, sql, params or ())
            self._holding.broken = True
            with __exception_wrapper__:  # the driver's error as peewee's, as peewee's own path raises it
                raise
        except Exception:
            with __exception_wrapper__:
                raise

    def _when_free(self, conn: sqlite3.Connection, sql: str, params) -> sqlite3.Cursor:
        """Run a statement that found the database busy again after short naps, for up to `patience` seconds."""
        deadline, tries = time.monotonic() + self.patience, 0
        while True:
            time.sleep(NAPS[min(tries, len(NAPS) - 1)])
            tries += 1
            try:
                return conn.execute(sql, params)
            except sqlite3.OperationalError as exc:
                if exc.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() >= deadline:
                    self._holding.broken = True
                    with __exception_wrapper__:
                        raise

    def drop_if_broken(self) -> None:
        """Close this thread's connection if a statement failed on it: the next request opens a fresh one."""
        if getattr(self._holding, "broken", False) and not self.in_transaction():
            self._holding.broken = False
            if not self.is_closed():
                self.close()

    def begin(self, lock_type: str | None = None) -> None:
        self.connection()  # opened if closed, as peewee's own begin does
        self.execute_sql(f"BEGIN {lock_type or self._lock_type}")

    def commit(self) -> None:
        conn = self.connection()
        try:
            conn.execute("COMMIT")
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode != sqlite3.SQLITE_BUSY:
                self._holding.broken = True
                with __exception_wrapper__:
                    raise
            self._when_free(conn, "COMMIT", ())  # SQLite keeps the transaction open when COMMIT answers busy


def unicode_lower(value: object) -> object:
    """LOWER() as PostgreSQL has it: SQLite's own folds A-Z only, so a search for "özlem" missed "Özlem"."""
    return value.lower() if isinstance(value, str) else value
