"""Local time: the configured zone (KURS_TIMEZONE), stored UTC times shown in it, due dates ending in it.

Every table stores naive UTC datetimes (models.utcnow). People think in their own calendar: a
due date "on the 31st" ends at midnight in Berlin, not in Greenwich, and a history entry at 17:05
UTC happened at 18:05 in winter and 19:05 in summer there.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask import current_app, has_app_context

DEFAULT_ZONE = "Europe/Berlin"
LAST_SECOND = timedelta(seconds=1)  # a due date ends one second before the next day starts


class ZoneError(ValueError):
    """KURS_TIMEZONE names no zone; the message is for the admin."""


@lru_cache(maxsize=32)
def zone_named(name: str) -> ZoneInfo:
    """Return the IANA zone called name, or raise ZoneError saying what to set instead."""
    try:
        return ZoneInfo(str(name).strip())
    except (ZoneInfoNotFoundError, ValueError) as problem:
        raise ZoneError(f"KURS_TIMEZONE={name!r} is not an IANA time zone name (for example Europe/Berlin)."
                        ) from problem


def zone() -> ZoneInfo:
    """Return the configured zone: the app's KURS_TIMEZONE, or Europe/Berlin outside an app."""
    name = current_app.config.get("KURS_TIMEZONE") if has_app_context() else None
    return zone_named(name or DEFAULT_ZONE)


def local(value: datetime, where: ZoneInfo | None = None) -> datetime:
    """Return a stored (naive UTC) time as an aware time in the zone."""
    return value.replace(tzinfo=UTC).astimezone(where or zone())


def local_day(value: datetime, where: ZoneInfo | None = None) -> date:
    """Return the calendar day a stored (naive UTC) time falls on in the zone."""
    return local(value, where).date()


def end_of_local_day(day: date, where: ZoneInfo | None = None) -> datetime:
    """Return the last second of a calendar day in the zone, as a stored (naive UTC) time.

    Counted from the next day's midnight, so a day of 23 or 25 hours (the DST changes) ends right.
    """
    return _end_of_day(day, where or zone())


@lru_cache(maxsize=4096)  # thousands of people share a few hundred creation days
def _end_of_day(day: date, where: ZoneInfo) -> datetime:
    midnight = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=where)
    return midnight.astimezone(UTC).replace(tzinfo=None) - LAST_SECOND


def due_after(start: datetime, days: int, where: ZoneInfo | None = None) -> datetime:
    """Return the end of the local day that lies `days` calendar days after a stored time."""
    where = where or zone()
    return _end_of_day(local_day(start, where) + timedelta(days=days), where)


def init_app(app) -> None:
    """Check KURS_TIMEZONE at start-up, so a typo stops Kurs with a message instead of a 500 later."""
    zone_named(app.config.get("KURS_TIMEZONE") or DEFAULT_ZONE)
