"""A real SMTP server on a loopback port (aiosmtpd), for tests and `make mailsink`.

It can ask for STARTTLS and a login, refuse a sender or a recipient, or drop the connection during DATA.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import ssl
import subprocess
import threading
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    """A free loopback port (Controller cannot take port 0: it connects to its own port to check it is up)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    """Keep every accepted message; refuse or drop as told."""

    def __init__(self, refuse: set[str] = frozenset(), drops: int = 0, stall_after: int | None = None,
                 refuse_senders: bool = False) -> None:
        self.received: list[email.message.EmailMessage] = []
        self.refuse, self.drops, self.refuse_senders = set(refuse), drops, refuse_senders
        self.lock = threading.Lock()
        # after this many mails the next DATA hangs (a sender killed meanwhile never gets its answer)
        self.stall_after, self.stalled, self.release = stall_after, threading.Event(), threading.Event()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.refuse_senders:
            return "553 5.7.1 Sender address rejected: not owned by user"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.stall_after is not None and len(self.received) >= self.stall_after and not self.release.is_set():
            self.stalled.set()
            while not self.release.is_set():
                await asyncio.sleep(0.05)
            return "451 4.3.0 Try again later"
        with self.lock:
            if self.drops:
                self.drops -= 1
                server.transport.close()  # hang up without an answer, as a crashed server does
                return "421 gone"
            self.received.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 OK"

    def to(self) -> list[str]:
        return [str(m["To"].addresses[0].addr_spec) for m in self.received]


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and its key (openssl), for STARTTLS and SMTPS."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


class Authenticator:
    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user.encode(), password.encode()
        self.logins: list[str] = []

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (self.user, self.password)
        if ok:
            self.logins.append(auth_data.login.decode())
        return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


def start(sink: Sink, *, cert: tuple[Path, Path] | None = None, login: tuple[str, str] | None = None,
          implicit_tls: bool = False, port: int | None = None) -> tuple[Controller, Authenticator | None]:
    """Start a server on 127.0.0.1: STARTTLS (or TLS from the start) when cert is given, a login when login is.

    aiosmtpd offers AUTH only after STARTTLS, not over TLS from the start: login is for STARTTLS.
    """
    options: dict = {}
    if cert is not None:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*cert)
        options.update(ssl_context=context) if implicit_tls else options.update(tls_context=context, require_starttls=True)
    authenticator = Authenticator(*login) if login else None
    if authenticator is not None:
        options.update(authenticator=authenticator, auth_required=True, auth_require_tls=cert is not None)
    controller = Controller(sink, hostname="127.0.0.1", port=port or free_port(), **options)
    controller.start()
    return controller, authenticator
