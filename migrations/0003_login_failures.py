"""Add the login_failure table: failed sign-ins per account and address, for throttling.

The model here is a frozen copy of course/web/throttle.py's LoginFailure as it was when this
migration was written.
"""

from datetime import UTC, datetime

from peewee import CharField, DateTimeField, Model


def utcnow():
    return datetime.now(UTC).replace(tzinfo=None)


def up(migrator, db):
    class LoginFailure(Model):
        account = CharField(max_length=254, index=True)
        address = CharField(max_length=64, index=True)
        failed_at = DateTimeField(default=utcnow, index=True)

        class Meta:
            database = db
            legacy_table_names = False

    db.create_tables([LoginFailure])
