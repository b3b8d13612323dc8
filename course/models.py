"""Peewee models: people, their progress, quiz attempts, responses and assignments.

Rows hold ids and results, never lesson HTML: history does not depend on today's files.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime

from peewee import (
    BooleanField,
    CharField,
    DateTimeField,
    FloatField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from course.db import database

# in rising order: each role may do what the ones before it may (a manager is also a learner)
ROLES = ("learner", "manager", "trainer", "admin")


def read_datetime(value: str | datetime | None) -> datetime | None:
    """A stored time as peewee's DateTimeField reads it, ten times quicker for the reports' many rows.

    SQLite gives ISO text, PostgreSQL a datetime; any other text goes to peewee's own guessing.
    """
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value)
        except ValueError:
            return DateTimeField().python_value(value)
    return value


def utcnow() -> datetime:
    """Return the current time in UTC, without tzinfo (the form every table stores)."""
    return datetime.now(UTC).replace(tzinfo=None)


def name_key(name: str) -> str:
    """Sort key of a person's name: last name first, without case or accents ("Jan Özdemir" -> "ozdemir jan").

    The last word counts as the last name; a matrix of thousands is found by it (issue 13).
    """
    words = name.split()
    ordered = " ".join(words[-1:] + words[:-1]).casefold()
    return "".join(c for c in unicodedata.normalize("NFKD", ordered) if not unicodedata.combining(c))


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class User(BaseModel):
    email = CharField(max_length=254, unique=True)
    name = CharField(max_length=200)
    sort_name = CharField(max_length=200, default="")  # name_key(name): set by save() and by every bulk write
    department = CharField(max_length=100, default="", index=True)
    role = CharField(max_length=20, default="learner")
    password_hash = CharField(max_length=255, default="")
    active = BooleanField(default=True)
    # bumped when the password changes or the account is deactivated: old sessions end
    session_version = IntegerField(default=1)
    language = CharField(max_length=10, null=True)  # None follows KURS_LANGUAGE (course/web/i18n.py)
    created_at = DateTimeField(default=utcnow)
    deactivated_at = DateTimeField(null=True)

    def save(self, *args, **kwargs):
        self.sort_name = name_key(self.name or "")
        return super().save(*args, **kwargs)

    def at_least(self, role: str) -> bool:
        """Return whether this person holds the role or a higher one."""
        return ROLES.index(self.role) >= ROLES.index(role)


class LessonProgress(BaseModel):
    user = ForeignKeyField(User, backref="progress")
    module_id = CharField(max_length=100)
    lesson_id = CharField(max_length=100)
    started_at = DateTimeField(default=utcnow)
    completed_at = DateTimeField(null=True)
    confirmed_hash = CharField(max_length=64, null=True)  # a confirmation lesson: the version confirmed

    class Meta:
        indexes = (
            (("user", "module_id", "lesson_id"), True),
            (("module_id", "lesson_id"), False),
        )


class QuizAttempt(BaseModel):
    user = ForeignKeyField(User, backref="attempts")
    module_id = CharField(max_length=100)
    lesson_id = CharField(max_length=100)
    token = CharField(max_length=64, unique=True)
    content_hash = CharField(max_length=64)
    started_at = DateTimeField(default=utcnow)
    submitted_at = DateTimeField(null=True)
    score_raw = IntegerField(null=True)
    score_max = IntegerField(null=True)
    score_percent = FloatField(null=True)
    passed = BooleanField(null=True)

    class Meta:
        indexes = (
            (("user", "module_id", "lesson_id"), False),
            (("module_id", "lesson_id", "submitted_at", "user"), False),  # migration 0016: attempts_by_lesson
        )


class QuestionResponse(BaseModel):
    attempt = ForeignKeyField(QuizAttempt, backref="responses")
    position = IntegerField()
    question_key = CharField(max_length=100)
    question_kind = CharField(max_length=20)
    question_text = TextField()
    answer_given = TextField()  # the chosen answers' or gaps' text, as shown then
    # choice questions: the chosen options' positions in the file ("0,2"); feedback and
    # wording are found by these, never by the text. NULL: a gap question, or stored before 0007
    answer_positions = TextField(null=True)
    right = BooleanField()


class Assignment(BaseModel):
    module_id = CharField(max_length=100, index=True)
    user = ForeignKeyField(User, null=True, backref="assignments")
    department = CharField(max_length=100, null=True, index=True)
    assigned_at = DateTimeField(default=utcnow)
    due_at = DateTimeField(null=True)
    assigned_by = ForeignKeyField(User, null=True, backref="+")


class PasswordToken(BaseModel):
    """A one-time link to set a password; only the token's SHA-256 is stored."""

    user = ForeignKeyField(User, backref="password_tokens")
    token_hash = CharField(max_length=64, unique=True)
    created_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)
    created_by = ForeignKeyField(User, null=True, backref="+")


class ModuleCompletion(BaseModel):
    """An earlier completion of a module, kept when its round expired and the person began the next.

    The current round lives in LessonProgress (each lesson's completion time); this is history.
    """

    user = ForeignKeyField(User, backref="+")
    module_id = CharField(max_length=100)
    completed_at = DateTimeField()
    valid_until = DateTimeField()

    class Meta:
        indexes = ((("user", "module_id", "valid_until"), True),)



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


class Certificate(BaseModel):
    """A certificate handed out as a PDF: its verification code, and what /verify/<code> may show."""

    user = ForeignKeyField(User, backref="certificates")
    code = CharField(max_length=40, unique=True)
    course_title = CharField(max_length=300)
    completed_at = DateTimeField()
    valid_until = DateTimeField(null=True)
    issued_at = DateTimeField(default=utcnow)
    revoked_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("user", "completed_at"), True),)


class ManagedDepartment(BaseModel):
    """A department whose reports a manager sees (a manager sees no other)."""

    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    department = CharField(max_length=100)

    class Meta:
        indexes = ((("user", "department"), True),)


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


class Acknowledgement(BaseModel):
    """One confirmation of a lesson's statement: who confirmed which version (the file's hash), and when."""

    user = ForeignKeyField(User, backref="+")
    module_id = CharField(max_length=100)
    lesson_id = CharField(max_length=100)
    content_hash = CharField(max_length=64)
    confirmed_at = DateTimeField()

    class Meta:
        indexes = ((("user", "module_id", "lesson_id", "content_hash"), True),)


class Reply(BaseModel):
    """One version of a person's reply to an exercise's post: the text as submitted and whether every check passed.

    Every submission is a new row (version 1, 2, ...); only `latest` changes afterwards. The
    results of each check are in ReplyCheck, a trainer's review in ReplyReview.
    """

    user = ForeignKeyField(User, backref="+")
    module_id = CharField(max_length=100)
    lesson_id = CharField(max_length=100)
    exercise_key = CharField(max_length=100)
    version = IntegerField()
    language = CharField(max_length=10, default="")  # the lesson's language the reply answered (the checks' rules)
    content_hash = CharField(max_length=64)  # the lesson file the checks came from
    text = TextField()
    passed = BooleanField()  # every check passed
    latest = BooleanField(default=True)  # the person's newest version of this exercise (the review queue, revisions)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = (
            # one person's versions in order; the unique version makes a double submit fail, not double
            (("user", "module_id", "lesson_id", "exercise_key", "version"), True),
            # an exercise's replies: the review queue (latest, newest first), the item analysis
            (("module_id", "lesson_id", "exercise_key", "latest", "created_at"), False),
        )


class ReplyCheck(BaseModel):
    """The result of one check on one version of a reply, with the feedback shown then."""

    reply = ForeignKeyField(Reply, backref="checks", on_delete="CASCADE")
    position = IntegerField()  # the check's place in the exercise's list, from 1
    kind = CharField(max_length=20)
    passed = BooleanField()
    found = TextField(default="")  # what a check found, one item a line ("phone: 0421 1234567")
    feedback = TextField(default="")  # the trainer's feedback text in the lesson as answered

    class Meta:
        indexes = ((("reply", "position"), True),)


class ReplyReview(BaseModel):
    """A trainer's review of one version of a reply: a comment the learner sees, and whether it is shown as an example."""

    reply = ForeignKeyField(Reply, backref="+", unique=True, on_delete="CASCADE")
    reviewer = ForeignKeyField(User, backref="+")
    comment = TextField(default="")
    example = BooleanField(default=False)  # shown, without the name, to learners who submitted their own
    reviewed_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("example", "reviewed_at"), False),)


MODELS = [User, LessonProgress, QuizAttempt, QuestionResponse, Assignment, PasswordToken, ModuleCompletion, Mail, Certificate,
          ManagedDepartment, Publish, PublishedFile, UploadDraft, Acknowledgement, Reply, ReplyCheck, ReplyReview]
