"""Backups: a consistent copy of the live SQLite database, taken with SQLite's online backup API.

The copy is taken while Kurs runs: the backup API reads one snapshot, so writes that happen
meanwhile are either wholly in the copy or wholly not. PostgreSQL has its own tool, pg_dump.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from course.web.formats import format_number
from course.web.i18n import _, lazy_gettext

SQLITE_PREFIX = "sqlite:///"


def sqlite_path(url: str) -> Path | None:
    """Return the file of a SQLite DATABASE_URL, or None for any other database."""
    if not url.startswith(SQLITE_PREFIX) or url == SQLITE_PREFIX + ":memory:":
        return None
    return Path(url[len(SQLITE_PREFIX) :])


def backup_target(target: Path, now: datetime | None = None) -> Path:
    """Name the copy: target itself, or kurs-<date>-<time>.db inside target if it is a folder."""
    if target.is_dir():
        return target / f"kurs-{(now or datetime.now()):%Y%m%d-%H%M%S}.db"
    return target


def backup_sqlite(source: Path, target: Path) -> Path:
    """Copy a live SQLite database to target (never overwriting a file); return the copy's path."""
    if not source.is_file():
        raise click.ClickException(_("There is no database at %(path)s.", path=source))
    target = backup_target(target)
    if target.exists():
        raise click.ClickException(_("%(path)s exists already: choose another name (a backup never overwrites).", path=target))
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    live = sqlite3.connect(source, timeout=30)
    copy = sqlite3.connect(partial)
    try:
        live.backup(copy)  # one step: a single snapshot, consistent while others write
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        problems = copy.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        copy.close()
        live.close()
    if problems != "ok":
        partial.unlink()
        raise click.ClickException(_("The copy failed its integrity check: %(problems)s", problems=problems))
    partial.rename(target)  # only a complete, checked copy gets the name
    return target


@click.command("backup", help=lazy_gettext(
    "Write a consistent copy of the live SQLite database to PATH (a file, or a folder for a dated name)."))
@click.argument("path", type=click.Path(path_type=Path))
@with_appcontext
def backup_command(path: Path) -> None:
    """Write a consistent copy of the live SQLite database to PATH (a file, or a folder for a dated name)."""
    url = current_app.config["DATABASE_URL"]
    source = sqlite_path(url)
    if source is None:
        raise click.ClickException(_(
            "DATABASE_URL is not a SQLite file. Back PostgreSQL up with its own tool, for example: %(command)s "
            "(restore with pg_restore).", command='pg_dump --format=custom --file=kurs.dump "$DATABASE_URL"'))
    copy = backup_sqlite(source, path)
    click.echo(_("Backed up %(source)s to %(copy)s (%(size)s KB).", source=source, copy=copy,
                 size=format_number(copy.stat().st_size // 1024)))
