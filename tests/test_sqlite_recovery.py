"""After a statement failed on SQLite (the file read-only for a while), no thread stays broken."""

from __future__ import annotations

import pytest
from conftest import csrf_token
from peewee import OperationalError

from course.db import database
from course.sqlite import KursSqliteDatabase


@pytest.fixture
def sqlite_app(app):
    if not isinstance(app.extensions["kurs_db"], KursSqliteDatabase):
        pytest.skip("SQLite only: PostgreSQL connections are not kept by threads")
    app.config["PROPAGATE_EXCEPTIONS"] = False  # the error page, as under gunicorn
    return app


def mark_done(client):
    return client.post("/learn/basics/welcome/done", data={"csrf_token": csrf_token(client, "/learn/basics/welcome")})


def test_a_thread_whose_connection_went_read_only_recovers(sqlite_app, client, learner):
    assert client.get("/learn/basics/welcome").status_code == 200  # this thread now keeps a connection
    # the state the issue found: the thread's kept connection can only read
    database.execute_sql("PRAGMA query_only = 1")
    assert mark_done(client).status_code == 500
    # the file is writable (it always was here): the very next request works again
    assert mark_done(client).status_code == 302


def test_a_read_only_database_file_is_refused_not_opened_read_only(sqlite_app, monkeypatch):
    db = sqlite_app.extensions["kurs_db"]
    db.close()
    # running as root, a chmod cannot make the file read-only: say so through os.access as the OS would
    monkeypatch.setattr("course.sqlite.os.access", lambda path, mode: path != db.database)
    with pytest.raises(OperationalError, match="not writable"):
        db.connect()
    monkeypatch.undo()
    db.connect()
    assert db.execute_sql("SELECT 1").fetchone() == (1,)
    db.close()
