"""The history of every publish to the course folder (issue 17): who, when, which files, their content.

The models here are frozen copies of course/models.py's Publish, PublishedFile and UploadDraft as they were when
this migration was written; later changes go into new migrations.
"""

from datetime import UTC, datetime

from peewee import CharField, DateTimeField, ForeignKeyField, Model, TextField


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

    class Publish(BaseModel):
        author = ForeignKeyField(User, null=True, backref="+")
        source = CharField(max_length=10)
        note = CharField(max_length=300, default="")
        created_at = DateTimeField(default=utcnow)

    class PublishedFile(BaseModel):
        publish = ForeignKeyField(Publish, backref="files")
        path = CharField(max_length=500)
        sha256 = CharField(max_length=64)
        encoding = CharField(max_length=10)
        content = TextField(default="")

        class Meta:
            indexes = ((("path", "publish"), False),)

    class UploadDraft(BaseModel):
        token = CharField(max_length=64, unique=True)
        author = ForeignKeyField(User, backref="+")
        files = TextField()
        created_at = DateTimeField(default=utcnow)

    return Publish, PublishedFile, UploadDraft


def up(migrator, db):
    db.create_tables(_models(db))
