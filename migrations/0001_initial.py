"""Create the first schema: users, progress, attempts, responses, assignments.

The models here are a frozen copy of course/models.py as it was when this migration was
written; later changes to the app's models go into new migrations.
"""

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


def utcnow():
    return datetime.now(UTC).replace(tzinfo=None)


def up(migrator, db):
    class BaseModel(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(BaseModel):
        email = CharField(max_length=254, unique=True)
        name = CharField(max_length=200)
        department = CharField(max_length=100, default="", index=True)
        role = CharField(max_length=20, default="learner")
        password_hash = CharField(max_length=255, default="")
        active = BooleanField(default=True)
        session_version = IntegerField(default=1)
        created_at = DateTimeField(default=utcnow)

    class LessonProgress(BaseModel):
        user = ForeignKeyField(User)
        module_id = CharField(max_length=100)
        lesson_id = CharField(max_length=100)
        started_at = DateTimeField(default=utcnow)
        completed_at = DateTimeField(null=True)

        class Meta:
            indexes = ((("user", "module_id", "lesson_id"), True), (("module_id", "lesson_id"), False))

    class QuizAttempt(BaseModel):
        user = ForeignKeyField(User)
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
                (("module_id", "lesson_id", "submitted_at"), False),
            )

    class QuestionResponse(BaseModel):
        attempt = ForeignKeyField(QuizAttempt)
        position = IntegerField()
        question_key = CharField(max_length=100)
        question_kind = CharField(max_length=20)
        question_text = TextField()
        answer_given = TextField()
        right = BooleanField()

    class Assignment(BaseModel):
        module_id = CharField(max_length=100, index=True)
        user = ForeignKeyField(User, null=True)
        department = CharField(max_length=100, null=True, index=True)
        assigned_at = DateTimeField(default=utcnow)
        due_at = DateTimeField(null=True)
        assigned_by = ForeignKeyField(User, null=True, backref="+")

    db.create_tables([User, LessonProgress, QuizAttempt, QuestionResponse, Assignment])
