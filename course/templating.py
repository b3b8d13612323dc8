"""Jinja filters for dates, percentages and states."""

from __future__ import annotations

from datetime import datetime

from flask import Flask


def format_datetime(value: datetime | None) -> str:
    """Format a stored UTC time for people."""
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


def format_date(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d") if value else "—"


def format_percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} %"


def init_app(app: Flask) -> None:
    """Register the filters."""
    app.add_template_filter(format_datetime, "datetime")
    app.add_template_filter(format_date, "date")
    app.add_template_filter(format_percent, "percent")
