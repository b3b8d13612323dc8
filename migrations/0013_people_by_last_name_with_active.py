"""0011's last-name indexes carry `active` too (issue 19): the matrix pager counts from an index alone.

The pager counts the active people in scope on every page. With `active` only in the table that
count read every person's whole row (18 ms at 100,000 people, more than the page itself); at the
end of the name indexes SQLite counts from the index alone (under 3 ms for everyone, 0.2 ms for a
department), and a page skips deactivated people without reading their rows. `active` goes last,
not first: as the first column it would look selective to SQLite's planner (the app runs no
ANALYZE) and turn the reports' joins around to start from the people.
"""

OLD = (
    ("people_by_sort_name", "user", ("sort_name", "id")),
    ("people_by_department_sort_name", "user", ("department", "sort_name", "id")),
)
NEW = (
    ("people_by_sort_name_active", "user", ("sort_name", "id", "active")),
    ("people_by_department_sort_name_active", "user", ("department", "sort_name", "id", "active")),
)


def up(migrator, db):
    migrator.migrate(*(migrator.add_index(table, columns, False, name=name) for name, table, columns in NEW))
    migrator.migrate(*(migrator.drop_index(table, name) for name, table, _ in OLD))


def down(migrator, db):
    migrator.migrate(*(migrator.add_index(table, columns, False, name=name) for name, table, columns in OLD))
    migrator.migrate(*(migrator.drop_index(table, name) for name, table, _ in NEW))
