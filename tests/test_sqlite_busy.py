"""A busy SQLite database is waited for by Kurs itself, in short naps, up to busy_timeout (course/sqlite.py)."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from peewee import OperationalError

from course.db import database
from course.models import User
from course.sqlite import KursSqliteDatabase


@pytest.fixture
def db(app):
    db = app.extensions["kurs_db"]
    if not isinstance(db, KursSqliteDatabase):
        pytest.skip("SQLite's own lock")
    return db


def _held_by_another_process(db, release: threading.Event, holding: threading.Event) -> threading.Thread:
    """Hold the write lock from another connection (as another worker would) until release is set."""

    def hold():
        other = sqlite3.connect(db.database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        holding.set()
        release.wait(10)
        other.execute("COMMIT")
        other.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert holding.wait(10)
    return thread


def test_the_connection_leaves_waiting_to_kurs(db):
    with database.connection_context():
        assert database.execute_sql("PRAGMA busy_timeout").fetchone() == (0,)


def test_a_transaction_waits_for_another_writer_and_then_runs(db, make_user):
    person = make_user()
    release, holding = threading.Event(), threading.Event()
    holder = _held_by_another_process(db, release, holding)
    threading.Timer(0.05, release.set).start()  # the other writer finishes while this one waits
    with database.connection_context(), database.atomic():
        User.update(name="Renamed").where(User.id == person.id).execute()
    holder.join(10)
    with database.connection_context():
        assert User.get_by_id(person.id).name == "Renamed"


def test_a_statement_outside_a_transaction_waits_too(db, make_user):
    person = make_user()
    release, holding = threading.Event(), threading.Event()
    holder = _held_by_another_process(db, release, holding)
    threading.Timer(0.05, release.set).start()
    with database.connection_context():
        User.update(name="Renamed").where(User.id == person.id).execute()  # autocommit: its own transaction
    holder.join(10)
    with database.connection_context():
        assert User.get_by_id(person.id).name == "Renamed"


def test_a_first_statement_that_opens_the_connection_waits_too(db, make_user):
    person = make_user()
    database.close()  # the CLI and the mail run open their connection with their first statement
    release, holding = threading.Event(), threading.Event()
    holder = _held_by_another_process(db, release, holding)
    threading.Timer(0.05, release.set).start()
    try:
        User.update(name="Renamed").where(User.id == person.id).execute()
    finally:
        holder.join(10)
        database.close()
    with database.connection_context():
        assert User.get_by_id(person.id).name == "Renamed"


def test_past_its_patience_a_writer_gets_database_is_locked(db, make_user, monkeypatch):
    person = make_user()
    monkeypatch.setattr(db, "patience", 0.05)
    release, holding = threading.Event(), threading.Event()
    holder = _held_by_another_process(db, release, holding)
    try:
        with database.connection_context(), pytest.raises(OperationalError, match="locked"), database.atomic():
            User.update(name="Renamed").where(User.id == person.id).execute()
    finally:
        release.set()
        holder.join(10)
    with database.connection_context():
        assert User.get_by_id(person.id).name != "Renamed"
