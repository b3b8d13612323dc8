"""People sorted by last name (issue 13): a sort_name column ("oberhausen annemarie"), filled in, and indexed.

The matrix pages thousands of people by it, for everyone or one department, as 0005 does by name.
name_key is a frozen copy of course.models.name_key as it was when this migration was written.
"""

import unicodedata

from peewee import CharField

UPDATE = 'UPDATE "user" SET sort_name = ? WHERE id = ?'  # ? becomes the driver's placeholder
INDEXES = (
    ("people_by_sort_name", "user", ("sort_name", "id")),
    ("people_by_department_sort_name", "user", ("department", "sort_name", "id")),
)


def name_key(name):
    words = name.split()
    ordered = " ".join(words[-1:] + words[:-1]).casefold()
    return "".join(c for c in unicodedata.normalize("NFKD", ordered) if not unicodedata.combining(c))


def up(migrator, db):
    migrator.migrate(migrator.add_column("user", "sort_name", CharField(max_length=200, default="")))
    with db.atomic():
        rows = db.execute_sql('SELECT id, name FROM "user"').fetchall()
        for uid, name in rows:
            db.execute_sql(UPDATE.replace("?", db.param), (name_key(name or ""), uid))
    migrator.migrate(*(migrator.add_index(table, columns, False, name=name) for name, table, columns in INDEXES))


def down(migrator, db):
    migrator.migrate(*(migrator.drop_index(table, name) for name, table, _ in INDEXES))
    migrator.migrate(migrator.drop_column("user", "sort_name"))
