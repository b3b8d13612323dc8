"""Messages for people from code that knows no Flask: English text that can still be translated.

A `Message` is the English sentence (a str, so logs, tests and the command line read it as is) that
also keeps its msgid and values; the web layer shows it in the reader's language at display time
(`course.web.i18n.translate`). `N_` marks a message for `make messages`, `N_plural` a plural one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


class Message(str):
    """An English message with its gettext msgid (and plural) and the values to fill in."""

    msgid: str
    plural: str | None
    num: int | None
    values: dict[str, Any]

    def __new__(cls, msgid: str, values: dict[str, Any] | None = None, plural: str | None = None,
                num: int | None = None) -> Message:
        values = dict(values or {})
        if plural is not None:
            values.setdefault("num", num)
        template = plural if plural is not None and num != 1 else msgid
        message = super().__new__(cls, template % values if values else template)
        message.msgid, message.plural, message.num, message.values = msgid, plural, num, values
        return message

    def __reduce__(self):  # pickles (the render process) keep the msgid and values
        return (_rebuild, (self.msgid, self.plural, self.num, self.values))

    def with_values(self, change: Callable[[Any], Any]) -> Message:
        """The same message with each value changed (nested messages' values too)."""
        values = {name: value.with_values(change) if isinstance(value, Message) else change(value)
                  for name, value in self.values.items()}
        return Message(self.msgid, values, self.plural, self.num)

    def as_json(self) -> list:
        """The message as JSON can store it (its values must be text, numbers or messages)."""
        values = {name: {"message": value.as_json()} if isinstance(value, Message) else
                  {"megabytes": float(value)} if isinstance(value, Megabytes) else value for name, value in self.values.items()}
        return [self.msgid, values, self.plural, self.num]

    @classmethod
    def from_json(cls, data: list) -> Message:
        """The message as_json stored."""
        msgid, values, plural, num = data
        values = {name: _value_from_json(value) for name, value in values.items()}
        return cls(msgid, values, plural, num)


def _value_from_json(value: Any) -> Any:
    if isinstance(value, dict):
        return Message.from_json(value["message"]) if "message" in value else Megabytes(value["megabytes"])
    return value


def _rebuild(msgid: str, plural: str | None, num: int | None, values: dict[str, Any]) -> Message:
    return Message(msgid, values, plural, num)


def N_(msgid: str, **values: Any) -> Message:  # noqa: N802 - the gettext convention for "translate later"
    """A message to translate when it is shown: `N_("Question %(n)s has no answer.", n=3)`."""
    return Message(msgid, values)


def N_plural(singular: str, plural: str, num: int, **values: Any) -> Message:  # noqa: N802
    """A message with a plural form chosen by num (filled in as %(num)d)."""
    return Message(singular, values, plural, num)


class Megabytes(float):
    """A file's size in megabytes: `1.5` in English and logs, shown with the reader's decimal sign (`1,5`) by the web layer."""

    def __str__(self) -> str:
        return f"{self:.1f}"


class LanguageName(str):
    """A language's English name (`English`) that the web layer shows in the reader's language (`Englisch`)."""

    code: str

    def __new__(cls, code: str, english: str) -> LanguageName:
        name = super().__new__(cls, english)
        name.code = code
        return name

    def __reduce__(self):
        return (LanguageName, (self.code, str(self)))


def reason(exc: BaseException) -> str:
    """The message an exception was raised with: its Message when it has one, else its text."""
    return exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], Message) else str(exc)
