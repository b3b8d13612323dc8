"""Replies to exercises: each version a person submitted, its checks' results, a trainer's review."""

from __future__ import annotations

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from course.models.base import BaseModel, utcnow
from course.models.people import User


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
    example_text = TextField(null=True)  # an example's text as shown, without names (reviews.example_text); None before 0019
    reviewed_at = DateTimeField(default=utcnow)

    class Meta:
        indexes = ((("example", "reviewed_at"), False),)
