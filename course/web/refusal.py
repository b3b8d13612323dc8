"""An HTTP error that tells the person why (a refused upload or file name): the error page shows its text."""

from __future__ import annotations

from werkzeug.exceptions import HTTPException


class Refusal(HTTPException):
    """An HTTP error whose description is shown to the person on the error page."""

    def __init__(self, code: int, description: str) -> None:
        super().__init__(description)
        self.code = code
