"""Add indexes that list people by name, for everyone or one department.

Report pages (the matrix, people) sort people by name and show one page: with these indexes
SQLite reads that page in order instead of sorting the whole company for it (see README, Performance).
"""

INDEXES = (
    ("people_by_name", "user", ("name", "id")),
    ("people_by_department_name", "user", ("department", "name", "id")),
)


def up(migrator, db):
    migrator.migrate(*(migrator.add_index(table, columns, False, name=name) for name, table, columns in INDEXES))


def down(migrator, db):
    migrator.migrate(*(migrator.drop_index(table, name) for name, table, _ in INDEXES))
