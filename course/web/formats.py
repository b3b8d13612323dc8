"""Dates, times, numbers and the names of states and roles, in the reader's language (Babel).

German: `14. Dezember 2026`, `14. Dezember 2026, 17:05`, `1.234,5`, `80 %` (no-break space);
English: `December 14, 2026`, `1,234.5`, `80%`. Times are stored in UTC and shown in KURS_TIMEZONE.
Report pages show hundreds of dates, most of them the same few: each text is made once per language.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as babel_date
from babel.dates import format_time as babel_time
from babel.numbers import format_decimal
from babel.numbers import format_percent as babel_percent
from flask_babel import get_locale

from course import clock
from course.domain.standing import State
from course.mail.failures import detail_label, failure_sentence
from course.mail.kinds import kind_name
from course.web.i18n import lazy_gettext, translate

MISSING = "—"

# the names people read for the states of a module (course/domain/standing.py State) and roles
STATE_NAMES = {
    State.NOT_STARTED.value: lazy_gettext("Not started"),
    State.IN_PROGRESS.value: lazy_gettext("In progress"),
    State.COMPLETED.value: lazy_gettext("Completed"),
    State.FAILED.value: lazy_gettext("Failed"),
    State.OVERDUE.value: lazy_gettext("Overdue"),
    State.DUE_AGAIN.value: lazy_gettext("Due again"),
}
SOURCE_NAMES = {
    "person": lazy_gettext("personal assignment"),
    "department": lazy_gettext("department"),
    "mandatory": lazy_gettext("mandatory module"),
}
ANSWERS_SHOWN = {
    "after_submit": lazy_gettext("answers shown after submit"),
    "after_pass": lazy_gettext("answers shown after pass"),
    "never": lazy_gettext("answers shown never"),
}
ROLE_NAMES = {
    "learner": lazy_gettext("Learner"),
    "manager": lazy_gettext("Manager"),
    "trainer": lazy_gettext("Trainer"),
    "admin": lazy_gettext("Administrator"),
}


def _language() -> str:
    locale = get_locale()
    return str(locale) if locale is not None else "en"


@lru_cache(maxsize=4096)
def _day(day: date, language: str, length: str = "long") -> str:
    return babel_date(day, format=length, locale=Locale.parse(language))


@lru_cache(maxsize=4096)
def _minute(moment: datetime, language: str) -> str:
    locale = Locale.parse(language)
    # "{1}, {0}": the locale's own way of joining a date and a time
    return locale.datetime_formats["medium"].format(babel_time(moment, format="short", locale=locale),
                                                    babel_date(moment, format="long", locale=locale))


def format_date(value: datetime | date | None) -> str:
    """The local calendar day of a stored UTC time (a due date shows the day it ends)."""
    if value is None:
        return MISSING
    day = clock.local(value).date() if isinstance(value, datetime) else value
    return _day(day, _language())


def format_date_short(value: datetime | date | None) -> str:
    """A date in a dense table (the matrix): `14.12.26`, `12/14/26`."""
    if value is None:
        return MISSING
    day = clock.local(value).date() if isinstance(value, datetime) else value
    return _day(day, _language(), "short")


def format_datetime(value: datetime | None) -> str:
    """A stored UTC time as local date and time to the minute."""
    if value is None:
        return MISSING
    return _minute(clock.local(value).replace(second=0, microsecond=0, tzinfo=None), _language())


@lru_cache(maxsize=1024)
def _percent(whole: int, language: str) -> str:
    return babel_percent(whole / 100, locale=Locale.parse(language))


def format_percent(value: float | None) -> str:
    """A share given in percent (80.0), rounded to a whole number: `80 %` in German, `80%` in English."""
    return MISSING if value is None else _percent(round(value), _language())


def format_number(value: float | int | None, digits: int = 1) -> str:
    """A number with the locale's separators and at most `digits` decimals: `1.234,5`."""
    if value is None:
        return MISSING
    return format_decimal(value, format=f"#,##0.{'#' * digits}" if digits else "#,##0", locale=_language())


def format_megabytes(value: float) -> str:
    """A size in megabytes with one decimal, for "… MB": `1,5` in German, `1.5` in English (never `1` for 1.04 over a 1 MB limit)."""
    return format_decimal(value, format="#,##0.0", locale=_language())


def state_name(state: object) -> str:
    """The name of a module state ("not started" ...) as people read it."""
    key = getattr(state, "value", state)  # a State or its value (an Enum hashes by its name)
    name = STATE_NAMES.get(key)
    return str(name) if name is not None else str(key)


def state_names() -> dict[str, str]:
    """Every state's name as people read it, each translated once: a whole company's CSV has half a million cells."""
    return {state: state_name(state) for state in State}


def role_name(role: str) -> str:
    name = ROLE_NAMES.get(role)
    return str(name) if name is not None else role



def assignment_source(source: str) -> str:
    """Where an assignment comes from (the person, their department, a mandatory module), as people read it."""
    name = SOURCE_NAMES.get(source)
    return str(name) if name is not None else source


def answers_shown(show_correct: str) -> str:
    """When a quiz shows its correct answers (its show_correct setting), as trainers read it."""
    name = ANSWERS_SHOWN.get(show_correct)
    return str(name) if name is not None else show_correct


def mail_kind(kind: str) -> str:
    """A kind of mail (invitation, reminder, digest) as people read it."""
    return translate(kind_name(kind))


def mail_failure(kind: str, detail: str = "") -> str | None:
    """Why a mail did not go, as a sentence in the reader's language; None for a row recorded without a kind."""
    sentence = failure_sentence(kind, detail)
    return translate(sentence) if sentence is not None else None


def mail_failure_label(kind: str) -> str | None:
    """What a mail's kept detail is ("The mail server's answer"); None when the sentence holds it."""
    label = detail_label(kind)
    return translate(label) if label is not None else None
