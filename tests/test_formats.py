"""Dates, times, numbers and states in the reader's language (course/web/formats.py)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from course.web import formats

NBSP = "\u00a0"


@pytest.fixture
def german(make_app):
    app = make_app(KURS_LANGUAGE="de", KURS_TIMEZONE="Europe/Berlin")
    with app.test_request_context("/"):
        yield


@pytest.fixture
def english(make_app):
    app = make_app(KURS_LANGUAGE="en", KURS_TIMEZONE="Europe/Berlin")
    with app.test_request_context("/"):
        yield


def test_german_dates_numbers_and_percent(german):
    assert formats.format_date(date(2026, 12, 14)) == "14. Dezember 2026"
    # 23:30 UTC on 13 December is already the 14th in Berlin
    assert formats.format_date(datetime(2026, 12, 13, 23, 30)) == "14. Dezember 2026"
    assert formats.format_datetime(datetime(2026, 12, 14, 16, 5, 59)) == "14. Dezember 2026, 17:05"
    assert formats.format_number(1234.5) == "1.234,5"
    assert formats.format_number(1234) == "1.234"
    assert formats.format_percent(80.0) == f"80{NBSP}%"
    assert formats.format_percent(66.6) == f"67{NBSP}%"
    assert formats.state_name("not started") == "Nicht begonnen"


def test_english_dates_numbers_and_percent(english):
    assert formats.format_date(date(2026, 12, 14)) == "December 14, 2026"
    assert formats.format_datetime(datetime(2026, 12, 14, 16, 5)) == "December 14, 2026, 5:05\u202fPM"
    assert formats.format_number(1234.5) == "1,234.5"
    assert formats.format_percent(80.0) == "80%"
    assert formats.state_name("in progress") == "In progress"
    assert formats.role_name("admin") == "Administrator"


def test_nothing_shows_as_a_dash(english):
    assert formats.format_date(None) == formats.format_datetime(None) == formats.format_percent(None) == "—"


def test_dense_tables_use_short_dates(german):
    assert formats.format_date_short(date(2026, 12, 14)) == "14.12.26"
