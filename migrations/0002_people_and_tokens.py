"""Deactivation time for people, and one-time set-password tokens (hashed).

The model here is a frozen copy of course/models.py's PasswordToken as it was when this
migration was written; later changes go into new migrations.
"""

from datetime import UTC, datetime

from peewee import CharField, DateTimeField, ForeignKeyField, Model


def utcnow():
    return datetime.now(UTC).replace(tzinfo=None)


def up(migrator, db):
    class BaseModel(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(BaseModel):
        class Meta:
            table_name = "user"

    class PasswordToken(BaseModel):
        user = ForeignKeyField(User)
        token_hash = CharField(max_length=64, unique=True)
        created_at = DateTimeField(default=utcnow)
        expires_at = DateTimeField()
        used_at = DateTimeField(null=True)
        created_by = ForeignKeyField(User, null=True, backref="+")

    migrator.migrate(migrator.add_column("user", "deactivated_at", DateTimeField(null=True)))
    db.create_tables([PasswordToken])
