"""Finding people in the matrix and the overdue list: a name or email search and a state filter.

A layer over the report queries (issue 13): without a filter the matrix keeps its paged SQL; with
one, everyone in scope is read once (as for the CSV) and narrowed here, which is a few
milliseconds for 10,000 people and matches umlauts and case the way people type them.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from course.domain.standing import State

STATES = tuple(State)


def fold(text: str) -> str:
    """Compare text without case or accents: "müller" finds "Müller", "ozdemir" finds "Özdemir"."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


@dataclass(frozen=True)
class PeopleFilter:
    """What a trainer typed and chose: part of a name or email, and a state some module must be in."""

    search: str = ""
    state: State | None = None

    @classmethod
    def read(cls, args) -> PeopleFilter:
        """Read ?q= and ?state= from a request's query string; an unknown state is no filter."""
        state = args.get("state") or ""
        return cls(" ".join((args.get("q") or "").split())[:200], State(state) if state in STATES else None)

    def __bool__(self) -> bool:
        return bool(self.search or self.state)

    def finds(self, name: str, email: str) -> bool:
        """Whether the search finds this person by name or email (every word somewhere in either)."""
        haystack = fold(f"{name} {email}")
        return all(word in haystack for word in fold(self.search).split())

    def keeps(self, states: Iterable[State]) -> bool:
        """Whether a person with these module states passes the state filter."""
        return self.state is None or self.state in states

    def args(self) -> dict[str, str]:
        """The query-string values that repeat this filter (for pages, the CSV link)."""
        return {key: value for key, value in (("q", self.search), ("state", self.state or "")) if value}


NO_FILTER = PeopleFilter()
