"""Sign-in throttling: failures per account and per client address, kept in the database.

The counts live in a table (not in memory) so they hold across server processes and restarts.
A throttled sign-in is refused even with the right password, with the same message as a wrong
one, so the answer tells a guesser nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from flask import current_app, request
from peewee import CharField, DateTimeField

from course.db import database
from course.models import BaseModel, utcnow

ACCOUNT_LIMIT = 5  # failures per account within the window
ADDRESS_LIMIT = 20  # failures per client address within the window
WINDOW = timedelta(minutes=15)


class LoginFailure(BaseModel):
    """One failed sign-in: the account tried, where from, and when."""

    account = CharField(max_length=254, index=True)
    address = CharField(max_length=64, index=True)
    failed_at = DateTimeField(default=utcnow, index=True)


def client_address() -> str:
    """Return the client's address (ProxyFix has applied X-Forwarded-For when a proxy is trusted)."""
    return (request.remote_addr or "unknown")[:64]


def throttled(account: str, address: str) -> bool:
    """Return whether this account or this address has failed too often lately."""
    now = utcnow()
    # a failure stamped in the future (a clock that ran fast, then was corrected) is not believed:
    # counted, it would lock the account out until the clock caught up with it
    recent = LoginFailure.select().where((LoginFailure.failed_at > now - WINDOW) & (LoginFailure.failed_at <= now))
    if recent.where(LoginFailure.account == account[:254]).count() >= ACCOUNT_LIMIT:
        return True
    return recent.where(LoginFailure.address == address).count() >= ADDRESS_LIMIT


def record_failure(account: str, address: str) -> None:
    """Count one failed sign-in, and drop failures too old to matter."""
    now = utcnow()
    with database.atomic():
        LoginFailure.delete().where(LoginFailure.failed_at <= now - WINDOW).execute()
        LoginFailure.create(account=account[:254], address=address, failed_at=now)


def check_sign_in(account: str, password_ok: Callable[[], bool]) -> bool:
    """Return whether a sign-in may go ahead: not throttled, and the password matches.

    A failure is counted; a success forgets the account's failures (not the address's, so one
    good account cannot reset the count of an address trying many others).
    """
    address = client_address()
    if throttled(account, address):
        current_app.logger.warning("Sign-in throttled for %r from %s", account[:254], address)
        return False
    if password_ok():
        LoginFailure.delete().where(LoginFailure.account == account[:254]).execute()
        return True
    record_failure(account, address)
    return False
