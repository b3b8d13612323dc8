"""Apply the numbered migrations in migrations/ (playhouse.migrations)."""

from __future__ import annotations

from peewee import Database
from playhouse.migrations import Runner

from course.config import PROJECT_ROOT

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


def apply_migrations(db: Database, target: str | None = None) -> list[str]:
    """Apply pending migrations (up to target, if given) and return their names."""
    with db.connection_context():
        return Runner(db, str(MIGRATIONS_DIR)).up(target)


def pending_migrations(db: Database) -> list[str]:
    """Return the names of migrations not yet applied."""
    with db.connection_context():
        return [m.name for m in Runner(db, str(MIGRATIONS_DIR)).status() if not m.applied and m.path]
