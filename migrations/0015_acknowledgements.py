"""Confirmations (acknowledgements): which version of a lesson each person confirmed, and when (issue 16).

LessonProgress.confirmed_hash holds the version the lesson's completion stands for; the
acknowledgement table keeps every confirmation. The model is a frozen copy of course/models.py's
Acknowledgement as it was when this migration was written.
"""

from peewee import CharField, DateTimeField, ForeignKeyField, Model


def up(migrator, db):
    class BaseModel(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(BaseModel):
        class Meta:
            table_name = "user"

    class Acknowledgement(BaseModel):
        user = ForeignKeyField(User, backref="+")
        module_id = CharField(max_length=100)
        lesson_id = CharField(max_length=100)
        content_hash = CharField(max_length=64)
        confirmed_at = DateTimeField()

        class Meta:
            indexes = ((("user", "module_id", "lesson_id", "content_hash"), True),)

    migrator.migrate(migrator.add_column("lesson_progress", "confirmed_hash", CharField(max_length=64, null=True)))
    db.create_tables([Acknowledgement])


def down(migrator, db):
    db.execute_sql('DROP TABLE IF EXISTS "acknowledgement"')
    migrator.migrate(migrator.drop_column("lesson_progress", "confirmed_hash"))
