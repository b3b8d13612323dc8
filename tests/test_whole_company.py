"""Reports over a whole company: Python's cycle collector paused (and always resumed), stored times read quickly."""

from __future__ import annotations

import gc
import threading
from datetime import datetime

import pytest
from peewee import DateTimeField

from course import reports
from course.models import read_datetime
from course.reports.common import whole_company


def test_the_collector_is_paused_during_the_report_and_resumes_after():
    seen = []

    @whole_company
    def report():
        seen.append(gc.isenabled())
        inner()
        seen.append(gc.isenabled())  # an inner report finishing does not resume it early

    @whole_company
    def inner():
        seen.append(gc.isenabled())

    assert gc.isenabled()
    report()
    assert seen == [False, False, False] and gc.isenabled()


def test_a_failing_report_resumes_the_collector():
    @whole_company
    def broken():
        raise ValueError("boom")

    with pytest.raises(ValueError):
        broken()
    assert gc.isenabled()


def test_two_threads_resume_it_once_both_are_done():
    inside, leave = threading.Barrier(2), threading.Event()
    states = []

    @whole_company
    def slow():
        inside.wait()
        leave.wait()

    @whole_company
    def quick():
        inside.wait()

    worker = threading.Thread(target=slow)
    worker.start()
    quick()
    states.append(gc.isenabled())  # the other report is still running
    leave.set()
    worker.join()
    assert states == [False] and gc.isenabled()


def test_a_collector_switched_off_by_someone_else_stays_off():
    gc.disable()
    try:
        whole_company(lambda: None)()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_whole_company_reports_are_the_paused_ones():
    for report in (reports.full_matrix, reports.matrix_states, reports.overdue, reports.completion_by_department):
        assert report.__wrapped__  # functools.wraps of whole_company


@pytest.mark.parametrize("stored, read", [
    ("2025-06-01 09:30:00", datetime(2025, 6, 1, 9, 30)),
    ("2025-06-01 09:30:00.123456", datetime(2025, 6, 1, 9, 30, 0, 123456)),
    ("2025-06-01", datetime(2025, 6, 1)),
    (datetime(2025, 6, 1, 9, 30), datetime(2025, 6, 1, 9, 30)),  # PostgreSQL's driver gives datetimes
    (None, None),
])
def test_stored_times_read_as_peewee_reads_them(stored, read):
    assert read_datetime(stored) == read
    assert read_datetime(stored) == DateTimeField().python_value(stored)


def test_a_time_in_another_form_goes_to_peewees_guessing():
    assert read_datetime("01/06/2025") == DateTimeField().python_value("01/06/2025")
