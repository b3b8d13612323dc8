"""Earlier completions of a module, kept when a person starts a new round after recertify_months.

The model here is a frozen copy of course/models.py's ModuleCompletion as it was when this
migration was written; later changes go into new migrations.
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

    class ModuleCompletion(BaseModel):
        user = ForeignKeyField(User, backref="+")
        module_id = CharField(max_length=100)
        completed_at = DateTimeField()
        valid_until = DateTimeField()

        class Meta:
            indexes = ((("user", "module_id", "valid_until"), True),)

    db.create_tables([ModuleCompletion])


def down(migrator, db):
    db.execute_sql('DROP TABLE IF EXISTS "module_completion"')
