"""Each person's interface language: NULL follows the company's (KURS_LANGUAGE), else 'de' or 'en'."""

from peewee import CharField


def up(migrator, db):
    migrator.migrate(migrator.add_column("user", "language", CharField(max_length=10, null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("user", "language"))
