"""The mail Kurs sends: each recorded before it is sent, so it goes out once."""

from __future__ import annotations

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from course.models.base import BaseModel, utcnow
from course.models.people import User


class Mail(BaseModel):
    """One mail Kurs means to send, recorded before it is sent: the key makes it happen once.

    The text is composed when it is sent (a set-password link is issued then, never stored).
    status: pending -> sending (claimed by one run) -> sent | skipped | given-up.
    """

    key = CharField(max_length=300, unique=True)  # what the mail is for, e.g. reminder:<person>:<module>:<due>:<stage>
    kind = CharField(max_length=20)  # invitation | reminder | digest
    user = ForeignKeyField(User, backref="+")
    params = TextField(default="{}")  # JSON: what the text needs besides the person
    subject = CharField(max_length=300, default="")
    status = CharField(max_length=10, default="pending")
    attempts = IntegerField(default=0)
    next_attempt_at = DateTimeField(default=utcnow)
    claimed_by = CharField(max_length=200, default="")  # host:pid:nonce of the run sending it
    claimed_at = DateTimeField(null=True)
    created_at = DateTimeField(default=utcnow)
    sent_at = DateTimeField(null=True)
    error_kind = CharField(max_length=20, default="")  # why it did not go (course/mail/failures.py); "" on older rows
    last_error = TextField(default="")  # the server's answer or the system's message as given (older rows: Kurs's English)

    class Meta:
        indexes = ((("status", "next_attempt_at"), False),)
