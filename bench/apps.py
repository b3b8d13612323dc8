"""The WSGI apps the benchmarks serve: the baselines, and Kurs configured from the environment.

gunicorn loads them as `bench.apps:hello`, `bench.apps:insert()` and `bench.apps:kurs()`.
"""

from __future__ import annotations

import os
import sqlite3
import threading

from flask import Flask, request

# The ceiling of the framework: bare Flask, one route, no template, no database.
hello = Flask("hello")


@hello.get("/")
def hello_world():
    return "Hello, World!"


def insert() -> Flask:
    """Return a bare Flask app whose POST inserts one row, on Kurs's SQLite settings.

    One connection per thread, the same pragmas, and BEGIN IMMEDIATE as Kurs's transactions.
    """
    from course.db import SQLITE_PRAGMAS

    app = Flask("insert")
    path = os.environ["BENCH_SQLITE_PATH"]
    local = threading.local()

    def connection() -> sqlite3.Connection:
        conn = getattr(local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(path, timeout=5, isolation_level=None, check_same_thread=False)
            for name, value in SQLITE_PRAGMAS.items():
                conn.execute(f"PRAGMA {name} = {value}")
            local.conn = conn
        return conn

    @app.post("/insert")
    def insert_row():
        conn = connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            conn.execute("INSERT INTO bench_row (client, value) VALUES (?, ?)", (request.form["client"], request.form["value"]))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        return "", 204

    return app


def kurs() -> Flask:
    """Return Kurs built from the environment, with the benchmark's render cache."""
    from course import create_app

    return create_app({"KURS_RENDER_CACHE": os.environ["BENCH_RENDER_CACHE"]})
