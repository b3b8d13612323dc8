"""The WSGI apps the benchmarks serve: the baselines, and Kurs configured from the environment.

gunicorn loads them as `bench.apps:hello`, `bench.apps:insert()` and `bench.apps:kurs()`; the minimal
equivalents of the lesson page and the quiz submission, `bench.minimal:app()`, share the SQLite helpers here.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable
from typing import TypeVar

from flask import Flask, request

T = TypeVar("T")

# The ceiling of the framework: bare Flask, one route, no template, no database.
hello = Flask("hello")


@hello.get("/")
def hello_world():
    return "Hello, World!"


def insert() -> Flask:
    """Return a bare Flask app whose POST inserts one row, on Kurs's SQLite settings.

    One connection per thread, the same pragmas, and BEGIN IMMEDIATE as Kurs's transactions.
    """
    app = Flask("insert")
    connection = sqlite_connections(os.environ["BENCH_SQLITE_PATH"])

    @app.post("/insert")
    def insert_row():
        conn = connection()
        immediate(conn, lambda: conn.execute("INSERT INTO bench_row (client, value) VALUES (?, ?)",
                                             (request.form["client"], request.form["value"])))
        return "", 204

    return app


def sqlite_connections(path: str) -> Callable[[], sqlite3.Connection]:
    """Return a function giving this thread's connection to path, opened once with Kurs's pragmas."""
    from course.sqlite import SQLITE_PRAGMAS

    local = threading.local()

    def connection() -> sqlite3.Connection:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
            for name, value in SQLITE_PRAGMAS.items():
                conn.execute(f"PRAGMA {name} = {value}")
            local.conn = conn
        return conn

    return connection


def immediate(conn: sqlite3.Connection, work: Callable[[], T]) -> T:
    """Run work in one BEGIN IMMEDIATE transaction, as Kurs's writes do; return what it returns."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        result = work()
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return result


def kurs() -> Flask:
    """Return Kurs built from the environment, with the benchmark's render cache."""
    from course import create_app

    return create_app({"KURS_RENDER_CACHE": os.environ["BENCH_RENDER_CACHE"]})
