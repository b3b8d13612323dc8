"""CSV downloads: BOM, umlauts, and cells a spreadsheet would run as formulas."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest

from course.web.csvout import BOM, csv_lines, neutralise


@pytest.mark.parametrize(("cell", "written"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+49 30 1234", "'+49 30 1234"),
    ("-1+1", "'-1+1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tTab", "'\tTab"),
    ("\rCR", "'\rCR"),
    ("Jürgen Groß", "Jürgen Groß"),
    ("a=b", "a=b"),
    ("Eve;=cmd|' /C calc'!A0", "Eve;'=cmd|' /C calc'!A0"),  # German Excel splits at ;
    ("Eve,  +1", "Eve,  '+1"),
    ("Eve\t@SUM(A1)", "Eve\t'@SUM(A1)"),
    ("Line one\n=2+2", "Line one\n'=2+2"),
    ("=a;-b", "'=a;'-b"),
    ("Müller-Lüdenscheidt; Sales", "Müller-Lüdenscheidt; Sales"),
    (-5, -5),
    (None, ""),
    (True, "yes"),
    (datetime(2030, 1, 31, 9, 5), "2030-01-31 10:05"),  # stored UTC, written in Berlin's winter time
])
def test_neutralise(cell, written):
    assert neutralise(cell) == written


def test_lines_start_with_a_bom_and_parse_back():
    text = "".join(csv_lines(("name", "note"), [("Jürgen Groß", "Größe, \"Maß\"\nzweite Zeile"), ("=1+1", 3)]))
    assert text.startswith('\ufeff"name","note"\r\n')
    rows = list(csv.reader(io.StringIO(text.encode("utf-8").decode("utf-8-sig"))))
    assert rows == [["name", "note"], ["Jürgen Groß", "Größe, \"Maß\"\nzweite Zeile"], ["'=1+1", "3"]]


def test_every_field_is_quoted_so_no_separator_inside_one_splits_it():
    text = "".join(csv_lines(("name", "n"), [("Eve;=cmd|' /C calc'!A0", 3)]))
    assert text.splitlines()[1] == '"Eve;\'=cmd|\' /C calc\'!A0","3"'
    for delimiter in (",", ";"):  # read back as a spreadsheet would, whichever separator it assumes
        cells = [c for row in csv.reader(io.StringIO(text.lstrip(BOM)), delimiter=delimiter) for c in row]
        assert not any(c.lstrip().startswith(("=", "+", "-", "@")) for c in cells), cells


def test_german_excel_gets_semicolons_and_decimal_commas():
    """A double-click in German Excel splits at ";" and reads 62,5 as a number (issue 13, item 11)."""
    from course.web.csvout import SPREADSHEETS

    text = "".join(csv_lines(("name", "score %", "n"), [("Groß, Jürgen", 62.5, 3)], sheet=SPREADSHEETS["de"]))
    assert text == '\ufeff"name";"score %";"n"\r\n"Groß, Jürgen";"62,5";"3"\r\n'
    english = "".join(csv_lines(("name", "score %"), [("Ann", 62.5)]))
    assert english.endswith('"Ann","62.5"\r\n')


def test_the_download_follows_the_readers_language(client, make_user, auth):
    make_user("admin@example.com", role="admin")
    make_user("tina@example.com", role="trainer", language="de")
    make_user("tom@example.com", role="trainer", language="en")
    auth.login("tina@example.com")
    german = client.get("/train/reports/summary.csv").get_data(as_text=True)
    assert german.startswith(BOM) and german.splitlines()[0].count(";") >= 5 and "," not in german.splitlines()[0]
    auth.logout()
    auth.login("tom@example.com")
    english = client.get("/train/reports/summary.csv").get_data(as_text=True)
    assert english.splitlines()[0].count(",") >= 5


def test_german_excel_gets_german_dates_and_english_readers_iso_ones():
    from datetime import date

    from course.web.csvout import SPREADSHEETS

    german = SPREADSHEETS["de"]
    assert neutralise(datetime(2030, 1, 31, 9, 5), sheet=german) == "31.01.2030 10:05"
    assert neutralise(date(2030, 1, 31), sheet=german) == "31.01.2030"
    assert neutralise(date(2030, 1, 31)) == "2030-01-31"
