"""Where mail goes: the SMTP server named by KURS_SMTP_URL, or .eml files in instance/outbox/."""

from __future__ import annotations

import os
import secrets
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote, urlsplit

from course.content.messages import N_

# scheme -> (default port, how the connection is secured)
SCHEMES = {"smtp": (25, "plain"), "smtp+starttls": (587, "starttls"), "smtps": (465, "tls")}
TIMEOUT = 30  # seconds for connecting and for each SMTP reply


class MailSettingsError(ValueError):
    """KURS_SMTP_URL cannot be read; the message says why (without the password)."""


class SendError(Exception):
    """A mail did not go: kind (course/mail/failures.py), detail (the server's answer or the system's message, as given).

    permanent: the server refused it for good (5xx), retrying cannot help.
    """

    def __init__(self, kind: str, detail: str = "", permanent: bool = False) -> None:
        super().__init__(f"{kind}: {detail}")  # logs and tracebacks read the code and the words as given
        self.kind, self.detail, self.permanent = kind, detail, permanent


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str  # plain | starttls | tls
    username: str = ""
    password: str = ""

    def __repr__(self) -> str:  # never print the password into a log
        return f"SmtpSettings({self.security}://{self.username + '@' if self.username else ''}{self.host}:{self.port})"


def parse_smtp_url(url: str) -> SmtpSettings:
    """Read smtp://host[:25], smtp+starttls://user:password@host[:587] or smtps://user:password@host[:465]."""
    parts = urlsplit(url.strip())
    if parts.scheme not in SCHEMES:
        raise MailSettingsError(N_("KURS_SMTP_URL must start with %(schemes)s", schemes=", ".join(s + "://" for s in SCHEMES)))
    try:
        port = parts.port
    except ValueError:
        raise MailSettingsError(N_("KURS_SMTP_URL has a port that is not a number")) from None
    if not parts.hostname:
        raise MailSettingsError(N_("KURS_SMTP_URL names no host"))
    default_port, security = SCHEMES[parts.scheme]
    username, password = unquote(parts.username or ""), unquote(parts.password or "")
    if username and security == "plain":
        # a password over an unencrypted connection: refuse rather than leak it
        raise MailSettingsError(N_("KURS_SMTP_URL: a user name and password need smtp+starttls:// or smtps://"))
    return SmtpSettings(parts.hostname, port or default_port, security, username, password)


class SmtpTransport:
    """Send through one SMTP connection, opened on the first mail and reopened once if dropped."""

    def __init__(self, settings: SmtpSettings, context: ssl.SSLContext | None = None) -> None:
        self.settings = settings
        self.context = context or ssl.create_default_context()
        self._smtp: smtplib.SMTP | None = None

    def describe(self) -> str:
        return N_("SMTP server %(host)s:%(port)s (%(security)s)", host=self.settings.host, port=self.settings.port,
                  security=self.settings.security)

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.security == "tls":
            smtp = smtplib.SMTP_SSL(s.host, s.port, timeout=TIMEOUT, context=self.context)
        else:
            smtp = smtplib.SMTP(s.host, s.port, timeout=TIMEOUT)
        try:
            if s.security == "starttls":
                smtp.starttls(context=self.context)
            if s.username:
                smtp.login(s.username, s.password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def send(self, message: EmailMessage) -> None:
        """Hand one message to the server; raise SendError saying whether retrying may help."""
        for retry in (False, True):
            try:
                if self._smtp is None:
                    self._smtp = self._connect()
                refused = self._smtp.send_message(message)
                if refused:  # some recipients refused; Kurs sends each mail to one person
                    raise _refusal(refused)
                return
            except smtplib.SMTPServerDisconnected as dropped:
                self._smtp = None
                if retry:  # smtplib reports a reply that never came (a timeout) as a closed connection
                    timed_out = isinstance(dropped.__context__, TimeoutError)
                    raise SendError("timeout" if timed_out else "dropped", str(dropped)) from None
            except smtplib.SMTPRecipientsRefused as refused:
                raise _refusal(refused.recipients) from None
            except smtplib.SMTPAuthenticationError as denied:
                self.close()
                raise SendError("login", _answer(denied.smtp_code, denied.smtp_error)) from None
            except smtplib.SMTPResponseException as answer:
                self._reset()
                kind = "sender" if isinstance(answer, smtplib.SMTPSenderRefused) else "refused"
                raise SendError(kind, _answer(answer.smtp_code, answer.smtp_error),
                                permanent=500 <= answer.smtp_code < 600) from None
            except (OSError, smtplib.SMTPException) as problem:  # refused connection, timeout, TLS
                self.close()
                raise SendError(_unreachable_kind(problem), str(problem) or type(problem).__name__) from None

    def _reset(self) -> None:
        try:
            if self._smtp is not None:
                self._smtp.rset()
        except (OSError, smtplib.SMTPException):
            self.close()

    def close(self) -> None:
        """Say goodbye to the server (or just drop a broken connection)."""
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()


def _refusal(recipients: dict) -> SendError:
    code, text = next(iter(recipients.values()))
    return SendError("recipient", _answer(code, text), permanent=500 <= code < 600)


def _answer(code: int, text: bytes | str) -> str:
    """The server's reply as it sent it: "550 5.1.1 <typo@example.con>: no such mailbox"."""
    return f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"


def _unreachable_kind(problem: BaseException) -> str:
    """Name a failure without an answer from the server: timeout, TLS (certificate), or not reachable at all."""
    if isinstance(problem, TimeoutError):  # socket.timeout too
        return "timeout"
    if isinstance(problem, ssl.SSLError):  # an untrusted certificate too
        return "tls"
    if isinstance(problem, OSError) and not isinstance(problem, smtplib.SMTPException):
        return "unreachable"  # refused, no route, unknown host (socket.gaierror)
    return "other"  # e.g. the server offers no STARTTLS or no login


class OutboxTransport:
    """Write each mail as an .eml file into a folder (instance/outbox/) instead of sending it."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def describe(self) -> str:
        return N_("outbox folder %(folder)s", folder=str(self.folder))

    def send(self, message: EmailMessage) -> None:
        """Write the message aside, then rename it into place: a reader never sees half a file."""
        self.folder.mkdir(parents=True, exist_ok=True)
        stem = f"{message['X-Kurs-Mail'] or secrets.token_hex(8)}"
        draft = self.folder / f".{stem}.{os.getpid()}.tmp"
        draft.write_bytes(bytes(message))
        os.replace(draft, self.folder / f"{stem}.eml")

    def close(self) -> None:
        pass


def transport_for(config: dict, instance_path: str):
    """Return the transport the configuration asks for: SMTP when KURS_SMTP_URL is set, else the outbox."""
    url = config.get("KURS_SMTP_URL")
    if not url:
        return OutboxTransport(Path(config.get("KURS_OUTBOX") or outbox_folder(instance_path)))
    context = ssl.create_default_context(cafile=config.get("KURS_SMTP_CA_FILE") or None)
    return SmtpTransport(parse_smtp_url(url), context)


def outbox_folder(instance_path: str) -> Path:
    """instance/outbox/: where mail goes while no SMTP server is configured."""
    return Path(instance_path) / "outbox"
