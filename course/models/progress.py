"""A person's way through the course: lessons, quiz attempts and answers, assignments, completions, certificates."""

from __future__ import annotations

from peewee import BooleanField, CharField, DateTimeField, FloatField, ForeignKeyField, IntegerField, TextField

from course.models.base import BaseModel, utcnow
from course.models.people import User


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


class Acknowledgement(BaseModel):
    """One confirmation of a lesson's statement: who confirmed which version (the file's hash), and when."""

    user = ForeignKeyField(User, backref="+")
    module_id = CharField(max_length=100)
    lesson_id = CharField(max_length=100)
    content_hash = CharField(max_length=64)
    confirmed_at = DateTimeField()

    class Meta:
        indexes = ((("user", "module_id", "lesson_id", "content_hash"), True),)


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
