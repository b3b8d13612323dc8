"""`flask backup PATH`: a consistent copy of the live SQLite database, and restoring from it."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from datetime import datetime

import pytest

from course.commands.backup import backup_target
from course.db import database
from course.migrate import apply_migrations, pending_migrations
from course.models import LessonProgress, User


@pytest.fixture
def database_url(tmp_path) -> str:
    """Backups are of SQLite files: these tests run on one, whatever the suite's backend."""
    return f"sqlite:///{tmp_path / 'live.db'}"


def counts(path) -> tuple[int, int]:
    with sqlite3.connect(path) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        users = copy.execute('SELECT count(*) FROM "user"').fetchone()[0]
        rows = copy.execute("SELECT count(*) FROM lesson_progress").fetchone()[0]
    return users, rows


def add_person(n: int) -> None:
    """One transaction: a person and their first progress row (a copy has both or neither)."""
    with database.atomic():
        user = User.create(email=f"p{n}@example.com", name=f"P{n}")
        LessonProgress.create(user=user, module_id="basics", lesson_id="welcome")


def test_backup_writes_a_complete_copy(app, runner, tmp_path):
    with app.app_context(), database.connection_context():
        for n in range(5):
            add_person(n)  # still in the -wal file: the copy must hold them too
    result = runner.invoke(args=["backup", str(tmp_path / "copy.db")])
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output
    assert counts(tmp_path / "copy.db") == (5, 5)
    assert not (tmp_path / "copy.db-wal").exists()  # one self-contained file
    assert not list(tmp_path.glob("*.partial"))


def test_backup_is_consistent_while_people_write(app, runner, tmp_path):
    stop = threading.Event()
    written = []

    def keep_writing():
        with app.app_context(), database.connection_context():
            while not stop.is_set():
                add_person(len(written))
                written.append(1)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        copies = []
        for n in range(5):
            result = runner.invoke(args=["backup", str(tmp_path / f"copy{n}.db")])
            assert result.exit_code == 0, result.output
            copies.append(counts(tmp_path / f"copy{n}.db"))
    finally:
        stop.set()
        writer.join()
    for users, rows in copies:
        assert users == rows  # never a person without their row, or a row without its person
    assert len(written) > 0


def test_backup_into_a_folder_gets_a_dated_name(app, runner, tmp_path):
    folder = tmp_path / "backups"
    folder.mkdir()
    result = runner.invoke(args=["backup", str(folder)])
    assert result.exit_code == 0, result.output
    [copy] = folder.iterdir()
    assert copy.name.startswith("kurs-") and copy.suffix == ".db"
    assert backup_target(folder, datetime(2026, 1, 2, 3, 4, 5)).name == "kurs-20260102-030405.db"


def test_backup_never_overwrites(app, runner, tmp_path):
    target = tmp_path / "copy.db"
    target.write_text("an older backup")
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code != 0
    assert "exists already" in result.output
    assert target.read_text() == "an older backup"


def test_backup_without_a_database_says_so(make_app, tmp_path):
    app = make_app(DATABASE_URL=f"sqlite:///{tmp_path / 'missing.db'}")
    (tmp_path / "missing.db").unlink(missing_ok=True)
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.db")])
    assert result.exit_code != 0 and "There is no database" in result.output


def test_backup_refuses_postgresql_and_points_to_pg_dump(make_app, tmp_path):
    app = make_app(DATABASE_URL="postgresql://kurs@127.0.0.1:9/kurs")
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.db")])
    assert result.exit_code != 0
    assert "pg_dump" in result.output
    assert not (tmp_path / "copy.db").exists()


def test_restoring_a_backup_as_the_readme_says(app, runner, tmp_path, make_app):
    with app.app_context(), database.connection_context():
        add_person(1)
    assert runner.invoke(args=["backup", str(tmp_path / "copy.db")]).exit_code == 0
    # README: stop Kurs, put the copy in place of the database file (no -wal/-shm beside it), start
    restored = tmp_path / "restored" / "kurs.db"
    restored.parent.mkdir()
    shutil.copy(tmp_path / "copy.db", restored)
    again = make_app(DATABASE_URL=f"sqlite:///{restored}")
    db = again.extensions["kurs_db"]
    assert pending_migrations(db) == []
    apply_migrations(db)
    with again.app_context(), database.connection_context():
        assert User.get(User.email == "p1@example.com").name == "P1"
