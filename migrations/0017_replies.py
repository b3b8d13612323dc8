"""Replies to practice exercises (issue 18): every version of a reply, each check's result, a trainer's review.

The models are frozen copies of course/models.py's Reply, ReplyCheck and ReplyReview as they were
when this migration was written.
"""

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, Model, TextField


def up(migrator, db):
    class BaseModel(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(BaseModel):
        class Meta:
            table_name = "user"

    class Reply(BaseModel):
        user = ForeignKeyField(User, backref="+")
        module_id = CharField(max_length=100)
        lesson_id = CharField(max_length=100)
        exercise_key = CharField(max_length=100)
        version = IntegerField()
        language = CharField(max_length=10, default="")
        content_hash = CharField(max_length=64)
        text = TextField()
        passed = BooleanField()
        latest = BooleanField(default=True)
        created_at = DateTimeField()

        class Meta:
            indexes = (
                (("user", "module_id", "lesson_id", "exercise_key", "version"), True),
                (("module_id", "lesson_id", "exercise_key", "latest", "created_at"), False),
            )

    class ReplyCheck(BaseModel):
        reply = ForeignKeyField(Reply, backref="+", on_delete="CASCADE")
        position = IntegerField()
        kind = CharField(max_length=20)
        passed = BooleanField()
        found = TextField(default="")
        feedback = TextField(default="")

        class Meta:
            indexes = ((("reply", "position"), True),)

    class ReplyReview(BaseModel):
        reply = ForeignKeyField(Reply, backref="+", unique=True, on_delete="CASCADE")
        reviewer = ForeignKeyField(User, backref="+")
        comment = TextField(default="")
        example = BooleanField(default=False)
        reviewed_at = DateTimeField()

        class Meta:
            indexes = ((("example", "reviewed_at"), False),)

    db.create_tables([Reply, ReplyCheck, ReplyReview])


def down(migrator, db):
    for table in ("reply_review", "reply_check", "reply"):
        db.execute_sql(f'DROP TABLE IF EXISTS "{table}"')
