"""The course folder's history: each publish, the files it left, uploads kept for a second look."""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, TextField

from course.models.base import BaseModel, utcnow
from course.models.people import User


class Publish(BaseModel):
    """One change to the course folder: from the browser, an upload, a restore, or found on disk.

    The files themselves (PublishedFile) hold the content, so a version can be shown and restored
    whatever the folder holds today, on any server.
    """

    author = ForeignKeyField(User, null=True, backref="+")  # None: a change found on disk
    source = CharField(max_length=10)  # browser | upload | restore | disk
    note = CharField(max_length=300, default="")
    created_at = DateTimeField(default=utcnow)


class PublishedFile(BaseModel):
    """One file as a publish left it: its path in the course folder and its content (or its removal)."""

    publish = ForeignKeyField(Publish, backref="files")
    path = CharField(max_length=500)  # relative, with / (module/lesson.md)
    sha256 = CharField(max_length=64)  # of the bytes written; "" when the file was removed
    encoding = CharField(max_length=10)  # utf-8 (text) | base64 (an image) | removed
    content = TextField(default="")

    class Meta:
        indexes = ((("path", "publish"), False),)


class UploadDraft(BaseModel):
    """An upload checked and found to have errors, kept so the trainer may publish its good files only.

    In the database, so the next request may reach any server.
    """

    token = CharField(max_length=64, unique=True)
    author = ForeignKeyField(User, backref="+")
    files = TextField()  # JSON: relative path -> base64 of the bytes
    created_at = DateTimeField(default=utcnow)
