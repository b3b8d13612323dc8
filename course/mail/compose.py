"""A mail's text, composed when it is sent, in the person's language, from templates/mail/<kind>.txt.

A template's first line is the subject; the rest, after one blank line, the body. Links are absolute,
built from KURS_BASE_URL. An invitation's set-password link is issued here, at sending, so the
table never holds a usable token.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime as mail_date

from flask import current_app, render_template, url_for
from flask_babel import force_locale

from course import reports
from course.content.values import Course
from course.domain import managers, newcomers, tokens
from course.mail import due
from course.mail.kinds import week_name
from course.models import Mail, User
from course.web.i18n import LANGUAGES
from course.web.links import link_for

DIGEST_LINES = 20  # overdue people named in a digest; the report has the rest


class Skip(Exception):
    """The mail is no longer needed: kind says why (course/mail/failures.py, SKIPPED), detail what it concerns."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(kind, detail)
        self.kind, self.detail = kind, detail


def language_of(user: User) -> str:
    """The person's language for mail: their own choice, else the company's (KURS_LANGUAGE, default de)."""
    return user.language if user.language in LANGUAGES else current_app.config["KURS_LANGUAGE"]


def sender() -> Address | str:
    """KURS_MAIL_FROM, e.g. "Kurs <kurs@example.com>"."""
    return current_app.config.get("KURS_MAIL_FROM") or "Kurs <kurs@localhost>"


class Composer:
    """Compose the mails of one run; what every digest shares is read once per run."""

    def __init__(self, course: Course, now: datetime) -> None:
        self.course, self.now = course, now
        self._overdue: list | None = None

    def compose(self, row: Mail, user: User) -> EmailMessage:
        """Build the message for one recorded mail; raise Skip when it is no longer needed."""
        if not user.active:
            raise Skip("deactivated")
        params = json.loads(row.params or "{}")
        context = getattr(self, f"_{row.kind}")(user, params)
        with force_locale(language_of(user)):
            text = render_template(f"mail/{row.kind}.txt", person=user, course=self.course, **context)
        subject, _, body = text.strip().partition("\n")
        return _message(row, user, subject.strip(), body.strip() + "\n")

    def _invitation(self, user: User, params: dict) -> dict:
        if not newcomers.needs_password(user):
            raise Skip("has-password")
        return {"link": link_for(tokens.issue_token(user, now=self.now)), "days": tokens.TOKEN_DAYS}

    def _reminder(self, user: User, params: dict) -> dict:
        module = self.course.module(params["module_id"])
        if module is None:
            raise Skip("module-gone", params["module_id"])
        due_at = datetime.fromisoformat(params["due_at"])
        return {"module": module, "due_at": due_at, "overdue": params["stage"].startswith("overdue"),
                "days_left": due.days_left(due_at, self.now),
                "link": url_for("learn.module", module_id=module.id, _external=True)}

    def _digest(self, user: User, params: dict) -> dict:
        if self._overdue is None:
            self._overdue = reports.overdue(self.course, now=self.now)
        allowed = managers.departments_of(user)  # None: every department
        if allowed == []:
            raise Skip("no-departments")
        rows = [r for r in self._overdue if allowed is None or r.person.department in allowed]
        return {"week": week_name(params["week"]), "rows": rows[:DIGEST_LINES], "total": len(rows),
                "link": url_for("train.report_overdue", _external=True)}


def _message(row: Mail, user: User, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = sender()
    message["To"] = Address(user.name, addr_spec=user.email)
    message["Date"] = mail_date(datetime.now().astimezone())
    # the same mail always has the same Message-ID: a mail system can spot a rare resend
    domain = str(message["From"].addresses[0].domain or "localhost")
    message["Message-ID"] = f"<kurs.{row.id}.{hashlib.sha256(row.key.encode()).hexdigest()[:16]}@{domain}>"
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no out-of-office replies to this
    message["X-Kurs-Mail"] = f"{row.id:06d}-{row.kind}"
    message.set_content(body)
    return message


