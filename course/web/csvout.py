"""CSV downloads: UTF-8 with a byte-order mark (Excel reads umlauts right), streamed from tuples.

Cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return) get a leading apostrophe, so a name like "=HYPERLINK(...)" stays text. Every field is
quoted, and a formula character after any separator inside a field gets its apostrophe too: a
spreadsheet that splits at `;` or `,` regardless of the quotes (German Excel splits at `;`) still
finds no cell starting with `=`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Response, has_request_context
from flask_babel import get_locale

from course import clock
from course.web.i18n import _

BOM = "\ufeff"


@dataclass(frozen=True)
class Spreadsheet:
    """How the reader's Excel opens a double-clicked CSV: its list separator, decimal sign, dates, yes and no."""

    separator: str = ","
    decimal: str = "."
    day: str = "%Y-%m-%d"  # ISO 8601: one reading for English readers in the US and the UK alike
    time: str = "%Y-%m-%d %H:%M"
    yes: str = "yes"
    no: str = "no"


# German Excel (like most of continental Europe) splits at ";", reads 100,5 as a number, 14.12.2026 as a date
SPREADSHEETS = {"de": Spreadsheet(";", ",", "%d.%m.%Y", "%d.%m.%Y %H:%M")}
ENGLISH = Spreadsheet()


def readers_spreadsheet() -> Spreadsheet:
    """The CSV form for the reader's interface language (course/web/i18n.py); English outside a request.

    Its words are translated now: the body is written after the request is gone.
    """
    if not has_request_context():
        return ENGLISH
    return replace(SPREADSHEETS.get(get_locale().language, ENGLISH), yes=_("yes"), no=_("no"))
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# a separator a spreadsheet may split at, blanks, then what would start a formula in the next cell
FORMULA_AFTER_SEPARATOR = re.compile(r"([,;\t\r\n][ \t]*)([=+\-@])")


def neutralise(value: object, where: ZoneInfo | None = None, sheet: Spreadsheet = ENGLISH) -> object:
    """Return a cell value a spreadsheet will not run as a formula (times in the local zone, numbers as it reads them)."""
    if isinstance(value, str):
        value = FORMULA_AFTER_SEPARATOR.sub(r"\1'\2", value)
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if isinstance(value, datetime):
        return clock.local(value, where).strftime(sheet.time)  # stored in UTC, read as local time
    if isinstance(value, date):
        return value.strftime(sheet.day)
    if isinstance(value, bool):
        return sheet.yes if value else sheet.no
    if isinstance(value, float):
        return repr(value).replace(".", sheet.decimal)
    return "" if value is None else value


def csv_lines(header: Sequence[str], rows: Iterable[Sequence[object]], where: ZoneInfo | None = None,
              sheet: Spreadsheet = ENGLISH) -> Iterator[str]:
    """Yield the CSV text line by line: the BOM and header first, then one line per row."""
    where = where or clock.zone()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_ALL, delimiter=sheet.separator)
    writer.writerow([neutralise(cell) for cell in header])
    yield BOM + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([neutralise(cell, where, sheet) for cell in row])
        yield buffer.getvalue()


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> Response:
    """Return a streamed CSV download named filename."""
    # zone and language are read now: the body is streamed after the request's context has gone
    body = (line.encode("utf-8") for line in csv_lines(header, rows, clock.zone(), readers_spreadsheet()))
    response = Response(body, mimetype="text/csv")
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
