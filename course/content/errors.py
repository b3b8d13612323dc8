"""Content errors: every problem in a course file carries its file and line."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ContentError:
    """A problem in one course file, at one line, that a trainer can fix."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"
