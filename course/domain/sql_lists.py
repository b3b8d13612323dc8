"""A list of values (a course's lesson ids) given to SQL as one parameter, so statements stay small.

`field IN (?, ?, ...)` with one placeholder per lesson makes a statement as long as the course:
SQLite keeps every statement compiled in each connection that ran it (each thread has one), and the
reports' statements with a 5,000-lesson course's lists took about 1 MB each, per thread and per
shape of statement (docs/performance.md, Memory). Here the list is one JSON text, read by the
database's own JSON functions: the statement has the same few placeholders for any course, and the
database builds the lookup once per run, as it did for the list of placeholders.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from peewee import SQL, Cast, ColumnBase, Expression, NodeList, PostgresqlDatabase, Value, fn

from course.db import database


def one_of(column: ColumnBase, values: Iterable[str]) -> Expression:
    """SQL: the column's value is one of these (a non-empty list), the list bound as a single JSON parameter.

    SQLite (3.38 or later: JSON built in) reads it with `json_each`, PostgreSQL with
    `json_array_elements_text`; both make it a lookup table once per statement run.
    """
    listed = Value(json.dumps(list(values), ensure_ascii=False), converter=False)
    if isinstance(database.obj, PostgresqlDatabase):
        elements = NodeList((SQL("SELECT"), fn.json_array_elements_text(Cast(listed, "json"))))
    else:
        elements = NodeList((SQL("SELECT value FROM"), fn.json_each(listed)))
    return Expression(column, "IN", NodeList((elements,), parens=True), flat=True)
