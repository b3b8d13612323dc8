"""Local time (KURS_TIMEZONE): stored UTC times shown in the zone, due dates ending its days, around DST."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from flask import Flask

from course import clock
from course.web.csvout import csv_lines
from course.web.formats import format_date, format_datetime

BERLIN = clock.zone_named("Europe/Berlin")


@pytest.mark.parametrize(("day", "ends_utc"), [
    (date(2026, 1, 31), datetime(2026, 1, 31, 22, 59, 59)),   # winter: UTC+1
    (date(2026, 7, 31), datetime(2026, 7, 31, 21, 59, 59)),   # summer: UTC+2
    (date(2026, 3, 28), datetime(2026, 3, 28, 22, 59, 59)),   # the day before clocks go forward
    (date(2026, 3, 29), datetime(2026, 3, 29, 21, 59, 59)),   # a 23-hour day: ends on summer time
    (date(2026, 10, 25), datetime(2026, 10, 25, 22, 59, 59)),  # a 25-hour day: ends on winter time
])
def test_a_day_ends_at_local_midnight_across_the_dst_changes(day, ends_utc):
    assert clock.end_of_local_day(day, BERLIN) == ends_utc
    assert clock.local_day(ends_utc, BERLIN) == day


def test_other_zones_and_utc():
    assert clock.end_of_local_day(date(2026, 1, 31), clock.zone_named("UTC")) == datetime(2026, 1, 31, 23, 59, 59)
    assert clock.end_of_local_day(date(2026, 1, 31), clock.zone_named("America/New_York")) == datetime(2026, 2, 1, 4, 59, 59)


def test_due_after_counts_local_calendar_days():
    # 23:30 UTC on 28 March is already 29 March in Berlin: 14 days later is 12 April, ending 21:59:59 UTC
    assert clock.due_after(datetime(2026, 3, 28, 23, 30), 14, BERLIN) == datetime(2026, 4, 12, 21, 59, 59)
    # across the autumn change: 14 days after noon on 20 October is 3 November, a winter day
    assert clock.due_after(datetime(2026, 10, 20, 12, 0), 14, BERLIN) == datetime(2026, 11, 3, 22, 59, 59)


def test_local_time_around_the_spring_change():
    assert clock.local(datetime(2026, 3, 29, 0, 59), BERLIN).strftime("%H:%M") == "01:59"
    assert clock.local(datetime(2026, 3, 29, 1, 0), BERLIN).strftime("%H:%M") == "03:00"


def test_a_bad_zone_name_stops_the_start_with_a_message():
    app = Flask(__name__)
    app.config["KURS_TIMEZONE"] = "Europe/Berlinn"
    with pytest.raises(clock.ZoneError, match="KURS_TIMEZONE='Europe/Berlinn' is not an IANA time zone name"):
        clock.init_app(app)


def test_the_zone_comes_from_the_environment(monkeypatch, make_app):
    monkeypatch.setenv("KURS_TIMEZONE", "America/New_York")
    app = make_app()
    with app.app_context():
        assert clock.zone().key == "America/New_York"


def test_filters_and_csv_show_local_time(make_app):
    app = make_app(KURS_TIMEZONE="Europe/Berlin")
    summer = datetime(2026, 7, 31, 21, 59, 59)  # a due date: the end of 31 July in Berlin
    with app.app_context():
        assert format_datetime(datetime(2026, 7, 1, 10, 5)) == "July 1, 2026, 12:05 PM"
        assert format_date(summer) == "July 31, 2026"
        assert list(csv_lines(("when",), [(datetime(2026, 1, 1, 23, 30),)]))[1].strip() == '"2026-01-02 00:30"'


def test_the_default_zone_is_berlin(make_app):
    with make_app().app_context():
        assert clock.zone().key == "Europe/Berlin"
