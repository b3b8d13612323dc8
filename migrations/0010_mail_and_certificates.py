"""The mail ledger (each mail recorded before it is sent) and issued certificates with their codes.

The models here are frozen copies of course/models.py's Mail and Certificate as they were when this
migration was written; later changes go into new migrations.
"""

from datetime import UTC, datetime

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def utcnow():
    return datetime.now(UTC).replace(tzinfo=None)


def _models(db):
    class BaseModel(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(BaseModel):
        class Meta:
            table_name = "user"

    class Mail(BaseModel):
        key = CharField(max_length=300, unique=True)
        kind = CharField(max_length=20)
        user = ForeignKeyField(User, backref="+")
        params = TextField(default="{}")
        subject = CharField(max_length=300, default="")
        status = CharField(max_length=10, default="pending")
        attempts = IntegerField(default=0)
        next_attempt_at = DateTimeField(default=utcnow)
        claimed_by = CharField(max_length=200, default="")
        claimed_at = DateTimeField(null=True)
        created_at = DateTimeField(default=utcnow)
        sent_at = DateTimeField(null=True)
        last_error = TextField(default="")

        class Meta:
            indexes = ((("status", "next_attempt_at"), False),)

    class Certificate(BaseModel):
        user = ForeignKeyField(User, backref="+")
        code = CharField(max_length=40, unique=True)
        course_title = CharField(max_length=300)
        completed_at = DateTimeField()
        valid_until = DateTimeField(null=True)
        issued_at = DateTimeField(default=utcnow)
        revoked_at = DateTimeField(null=True)

        class Meta:
            indexes = ((("user", "completed_at"), True),)

    return Mail, Certificate


def up(migrator, db):
    db.create_tables(_models(db))


def down(migrator, db):
    db.drop_tables(_models(db))
