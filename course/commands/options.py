"""Click options whose help is translated when it is shown, in the command line's language."""

from __future__ import annotations

from typing import Any

import click


class TranslatedOption(click.Option):
    """An option that keeps its help a lazy string: Click would turn it into English text at import."""

    def __init__(self, *args: Any, help: Any = None, **kwargs: Any) -> None:  # noqa: A002 - Click's name
        self.lazy_help = help
        super().__init__(*args, **kwargs)

    @property
    def help(self) -> str | None:  # type: ignore[override]
        return None if self.lazy_help is None else str(self.lazy_help)

    @help.setter
    def help(self, value: Any) -> None:  # Click sets it in __init__, as English text: the lazy one stays
        pass


def option(*names: str, **settings: Any):
    """`click.option` for a help written with lazy_gettext."""
    return click.option(*names, cls=TranslatedOption, **settings)
