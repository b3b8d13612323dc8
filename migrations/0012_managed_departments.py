"""The departments a manager sees in the reports (issue 16).

The model here is a frozen copy of course/models.py's ManagedDepartment as it was when this
migration was written; later changes go into new migrations.
"""

from peewee import CharField, ForeignKeyField, Model


def up(migrator, db):
    class BaseModel(Model):
        class Meta:
            database = db
            legacy_table_names = False

    class User(BaseModel):
        class Meta:
            table_name = "user"

    class ManagedDepartment(BaseModel):
        user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
        department = CharField(max_length=100)

        class Meta:
            indexes = ((("user", "department"), True),)

    db.create_tables([ManagedDepartment])


def down(migrator, db):
    db.execute_sql('DROP TABLE IF EXISTS "managed_department"')
