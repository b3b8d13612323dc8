"""Mail: settings, reminder stages, the ledger, and sending through a real SMTP server (aiosmtpd)."""

from __future__ import annotations

import email
import email.policy
import re
import socket
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from mailsink import Sink, free_port, self_signed, start

from course.db import database
from course.mail import due, ledger, transport
from course.mail.failures import FAILURES, failure_line, failure_sentence
from course.mail.kinds import stage_name, week_name
from course.mail.transport import MailSettingsError, SendError, SmtpSettings, SmtpTransport, parse_smtp_url
from course.models import Mail, User, utcnow
from course.web.i18n import cli_locale, translate

NOW = datetime(2026, 3, 10, 8, 0)
UTC = ZoneInfo("UTC")


def test_smtp_urls_name_host_port_security_and_login():
    plain = parse_smtp_url("smtp://mail.intranet")
    assert (plain.host, plain.port, plain.security, plain.username) == ("mail.intranet", 25, "plain", "")
    starttls = parse_smtp_url("smtp+starttls://kurs%40firma.de:p%40ss:w@mail.intranet:2587")
    assert (starttls.port, starttls.security, starttls.username, starttls.password) == (2587, "starttls", "kurs@firma.de", "p@ss:w")
    assert parse_smtp_url("smtps://u:p@mail.intranet").port == 465
    assert "p@ss" not in repr(starttls)


@pytest.mark.parametrize("url, says", [
    ("http://mail.intranet", "must start with"),
    ("smtp://", "names no host"),
    ("smtp://mail.intranet:twenty", "not a number"),
    ("smtp://user:secret@mail.intranet", "need smtp+starttls:// or smtps://"),
])
def test_bad_smtp_urls_say_what_is_wrong(url, says):
    with pytest.raises(MailSettingsError, match=re.escape(says)) as raised:
        parse_smtp_url(url)
    assert "secret" not in str(raised.value)


def test_reminder_days_are_read_from_the_setting():
    assert due.reminder_days(None) == (7, 0)
    assert due.reminder_days("0, 3,14") == (14, 3, 0)
    for bad in ("soon", "-1"):
        with pytest.raises(ValueError, match="KURS_REMINDER_DAYS"):
            due.reminder_days(bad)


@pytest.mark.parametrize("due_at, stage", [
    (NOW + timedelta(days=9), None),  # too early for any reminder
    (NOW + timedelta(days=7), "before-7"),
    (NOW + timedelta(days=3), "before-7"),  # assigned late: the 7-day reminder still goes, once
    (datetime(2026, 3, 10, 23, 59, 59), "before-0"),  # due at the end of today
    (NOW - timedelta(minutes=1), "overdue-0"),  # the day it became overdue
    (NOW - timedelta(days=6, hours=23), "overdue-0"),
    (NOW - timedelta(days=7), "overdue-1"),  # weekly while overdue
    (NOW - timedelta(days=22), "overdue-3"),
])
def test_reminder_stage_is_the_latest_reached(due_at, stage):
    assert due.reminder_stage(due_at, NOW, (7, 0), UTC) == stage


def test_days_before_are_counted_in_local_days():
    berlin = ZoneInfo("Europe/Berlin")
    due_at = datetime(2026, 3, 17, 22, 59, 59)  # the end of 17 March in Berlin, stored in UTC
    assert due.reminder_stage(due_at, datetime(2026, 3, 9, 23, 30), (7, 0), berlin) == "before-7"  # 10 March in Berlin
    assert due.reminder_stage(due_at, datetime(2026, 3, 9, 22, 30), (7, 0), berlin) is None  # still 9 March


def joined(make_user, email: str, days_ago: float, **fields) -> User:
    """A person whose account is days_ago old: the mandatory module 'basics' is due 14 days after."""
    return make_user(email, created_at=utcnow() - timedelta(days=days_ago), **fields)


@pytest.fixture
def people(make_user):
    """Three learners at different stages of the mandatory module, and a trainer for the digest."""
    return {
        "soon": joined(make_user, "soon@example.com", 10),  # due in 4 days
        "late": joined(make_user, "late@example.com", 20),  # overdue by 6 days
        "fresh": joined(make_user, "fresh@example.com", 0),  # due in 14 days: nothing yet
        "trainer": make_user("trainer@example.com", role="trainer", department=""),
    }


def test_send_due_writes_eml_files_to_the_outbox_without_an_smtp_server(app, runner, people):
    result = runner.invoke(args=["mail", "send-due"])
    assert result.exit_code == 0, result.output
    outbox = sorted(Path(app.config["KURS_OUTBOX"]).glob("*.eml"))
    texts = "\n".join(p.read_text() for p in outbox)
    assert "outbox" in result.output and len(outbox) == 3  # two reminders, one digest
    assert "soon@example.com" in texts and "late@example.com" in texts and "fresh@example.com" not in texts
    assert "trainer@example.com" in texts
    again = runner.invoke(args=["mail", "send-due"])
    assert "nothing to send" in again.output
    assert len(list(Path(app.config["KURS_OUTBOX"]).glob("*.eml"))) == 3


def test_dry_run_lists_what_would_go_and_records_nothing(app, runner, people):
    result = runner.invoke(args=["mail", "send-due", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "reminder\tsoon@example.com\tbasics (7 days before the due date)" in result.output
    assert "reminder\tlate@example.com\tbasics (overdue)" in result.output
    year, week, _ = utcnow().isocalendar()
    assert f"weekly digest\ttrainer@example.com\tweek {week} of {year}\n" in result.output
    assert "Dry run: 3 mails would go" in result.output
    with app.app_context(), database.connection_context():
        assert Mail.select().count() == 0


def test_dry_run_names_kinds_and_stages_in_the_command_lines_language(app, runner, people):
    result = runner.invoke(args=["mail", "send-due", "--dry-run"], env={"LANGUAGE": None, "LC_ALL": None, "LANG": "de_DE.UTF-8"})
    assert result.exit_code == 0, result.output
    assert "Erinnerung\tsoon@example.com\tbasics (7 Tage vor dem Fälligkeitsdatum)" in result.output
    assert "Erinnerung\tlate@example.com\tbasics (überfällig)" in result.output
    year, week, _ = utcnow().isocalendar()
    assert f"Wochenübersicht\ttrainer@example.com\tKW {week}/{year}\n" in result.output
    assert "-W" not in result.output  # no ISO week code left


@pytest.mark.parametrize(("stage", "english", "german"), [
    ("before-1", "1 day before the due date", "1 Tag vor dem Fälligkeitsdatum"),
    ("before-0", "on the due date", "am Fälligkeitstag"),
    ("overdue-2", "overdue for 2 weeks", "seit 2 Wochen überfällig"),
    ("later-3", "later-3", "later-3"),  # a stage Kurs does not know: as stored
])
def test_reminder_stages_in_words(app, stage, english, german):
    with app.app_context():
        assert translate(stage_name(stage)) == english
        with cli_locale("de"):
            assert translate(stage_name(stage)) == german


@pytest.mark.parametrize(("week", "english", "german"), [
    ("2026-W49", "week 49 of 2026", "KW 49/2026"),
    ("2027-W01", "week 1 of 2027", "KW 1/2027"),
    ("2026-49", "2026-49", "2026-49"),  # a code Kurs does not know: as stored
])
def test_digest_weeks_in_words(app, week, english, german):
    with app.app_context():
        assert translate(week_name(week)) == english
        with cli_locale("de"):
            assert translate(week_name(week)) == german


def test_the_digests_subject_names_the_week_in_the_readers_language(app, runner, make_user):
    make_user("chef@example.com", role="trainer", department="", language="de")
    make_user("boss@example.com", role="trainer", department="", language="en")
    assert runner.invoke(args=["mail", "send-due"]).exit_code == 0
    subjects = {}
    for path in Path(app.config["KURS_OUTBOX"]).glob("*-digest.eml"):
        mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        subjects[mail["To"].addresses[0].addr_spec] = mail["Subject"]
    year, week, _ = utcnow().isocalendar()
    assert subjects["chef@example.com"].startswith(f"Kurs-Wochenübersicht KW {week}/{year}:")
    assert subjects["boss@example.com"].startswith(f"Kurs weekly digest for week {week} of {year}:")


def test_a_completed_or_deactivated_persons_module_gets_no_reminder(app, people, make_user, course):
    gone = joined(make_user, "gone@example.com", 20, active=False)
    with app.app_context(), database.connection_context():
        keys = {p.key for p in due.plan_reminders(course, utcnow(), (7, 0))}
    assert any(k.startswith(f"reminder:{people['late'].id}:basics:") for k in keys)
    assert not any(k.startswith(f"reminder:{gone.id}:") for k in keys)
    assert not any(k.startswith(f"reminder:{people['fresh'].id}:") for k in keys)


@pytest.fixture
def sink():
    received = Sink()
    controller, _ = start(received)
    yield received, controller.port
    controller.stop()


def send(runner, *args):
    return runner.invoke(args=["mail", "send-due", *args])


def test_reminders_go_through_smtp_in_plain_text_with_a_link(make_app, app, people, sink):
    received, port = sink
    mailer = make_app(KURS_SMTP_URL=f"smtp://127.0.0.1:{port}", KURS_MAIL_FROM="Kurs <kurs@firma.example>",
                      KURS_BASE_URL="https://kurs.firma.example")
    result = send(mailer.test_cli_runner())
    assert result.exit_code == 0, result.output
    assert sorted(received.to()) == ["late@example.com", "soon@example.com", "trainer@example.com"]
    late = next(m for m in received.received if "late@" in str(m["To"]))
    body = late.get_content()
    assert "https://kurs.firma.example/learn/basics" in body and "Basics" in body
    assert late["From"] == "Kurs <kurs@firma.example>" and late["Auto-Submitted"] == "auto-generated"
    assert re.fullmatch(r"<kurs\.\d+\.[0-9a-f]{16}@firma\.example>", late["Message-ID"])
    with mailer.app_context(), database.connection_context():
        assert {m.status for m in Mail.select()} == {"sent"}


def test_starttls_with_a_login(make_app, app, people, tmp_path):
    received = Sink()
    cert, key = self_signed(tmp_path)
    controller, authenticator = start(received, cert=(cert, key), login=("kurs", "geheim 123"))
    try:
        mailer = make_app(KURS_SMTP_URL=f"smtp+starttls://kurs:geheim%20123@127.0.0.1:{controller.port}",
                          KURS_SMTP_CA_FILE=str(cert))
        result = send(mailer.test_cli_runner())
        assert result.exit_code == 0, result.output
        assert len(received.received) == 3 and authenticator.logins == ["kurs"]
        wrong = make_app(KURS_SMTP_URL=f"smtp+starttls://kurs:falsch@127.0.0.1:{controller.port}",
                         KURS_SMTP_CA_FILE=str(cert))
        with wrong.app_context(), database.connection_context():
            Mail.update(status="pending", attempts=0).execute()
        denied = send(wrong.test_cli_runner())
        assert denied.exit_code == 1 and "The mail server refused Kurs's login" in denied.output
        assert "The mail server's answer: “535" in denied.output  # the server's own words, quoted
        with wrong.app_context(), database.connection_context():
            assert {m.status for m in Mail.select()} == {"pending"}
            assert all((m.error_kind, m.last_error[:4], m.attempts) == ("login", "535 ", 1) for m in Mail.select())
    finally:
        controller.stop()


def test_smtps_tls_from_the_start(make_app, app, people, tmp_path):
    received = Sink()
    cert, key = self_signed(tmp_path)
    controller, _ = start(received, cert=(cert, key), implicit_tls=True)
    try:
        mailer = make_app(KURS_SMTP_URL=f"smtps://127.0.0.1:{controller.port}", KURS_SMTP_CA_FILE=str(cert))
        result = send(mailer.test_cli_runner())
        assert result.exit_code == 0, result.output
        assert len(received.received) == 3
    finally:
        controller.stop()


def test_an_untrusted_certificate_is_not_accepted(make_app, app, people, tmp_path):
    cert, key = self_signed(tmp_path)
    controller, _ = start(Sink(), cert=(cert, key))
    try:
        mailer = make_app(KURS_SMTP_URL=f"smtp+starttls://127.0.0.1:{controller.port}")
        result = send(mailer.test_cli_runner())
        assert result.exit_code == 1 and "The secure connection to the mail server failed" in result.output
        assert "The system's message: “[SSL: CERTIFICATE_VERIFY_FAILED]" in result.output
        with mailer.app_context(), database.connection_context():
            assert {m.error_kind for m in Mail.select()} == {"tls"}
    finally:
        controller.stop()


def test_a_refused_recipient_is_given_up_and_the_others_still_go(make_app, app, people):
    received = Sink(refuse={"late@example.com"})
    controller, _ = start(received)
    try:
        mailer = make_app(KURS_SMTP_URL=f"smtp://127.0.0.1:{controller.port}")
        result = send(mailer.test_cli_runner())
        assert result.exit_code == 1 and "given up" in result.output
        assert "The mail server refused the recipient's address. The mail server's answer: “550 5.1.1 No such mailbox”" \
            in result.output
        assert sorted(received.to()) == ["soon@example.com", "trainer@example.com"]
        with mailer.app_context(), database.connection_context():
            refused = Mail.get(Mail.user == people["late"].id)
            assert (refused.status, refused.error_kind, refused.last_error) == ("given-up", "recipient", "550 5.1.1 No such mailbox")
            Mail.update(status="pending", attempts=0, next_attempt_at=utcnow()).where(Mail.id == refused.id).execute()
        german = mailer.test_cli_runner().invoke(args=["mail", "send-due"], env={"LANGUAGE": None, "LC_ALL": None, "LANG": "de_DE.UTF-8"})
        assert "Der Mailserver hat die Adresse des Empfängers abgelehnt. Antwort des Mailservers: „550 5.1.1 No such mailbox“ " \
            "(aufgegeben)" in german.output
    finally:
        controller.stop()


def test_a_dropped_connection_is_reopened_once_then_retried_later_with_back_off(make_app, app, people):
    received = Sink(drops=1)
    controller, _ = start(received)
    try:
        mailer = make_app(KURS_SMTP_URL=f"smtp://127.0.0.1:{controller.port}")
        assert send(mailer.test_cli_runner()).exit_code == 0
        assert len(received.received) == 3  # the dropped mail went on a new connection
        received.drops = 100
        with mailer.app_context(), database.connection_context():
            Mail.update(status="pending", attempts=0).execute()
        result = send(mailer.test_cli_runner())
        assert result.exit_code == 1 and "The mail server closed the connection." in result.output
        with mailer.app_context(), database.connection_context():
            rows = list(Mail.select())
            assert {m.status for m in rows} == {"pending"}
            now = utcnow()
            assert all(now + timedelta(minutes=4) < m.next_attempt_at <= now + ledger.BACKOFF[0] for m in rows)
        received.drops = 0
        assert "nothing to send" in send(mailer.test_cli_runner()).output  # waiting for the back-off
        with mailer.app_context(), database.connection_context():
            Mail.update(next_attempt_at=utcnow() - timedelta(seconds=1)).execute()
        assert send(mailer.test_cli_runner()).exit_code == 0
        assert len(received.received) == 6
    finally:
        controller.stop()


def test_a_mail_is_given_up_after_the_last_attempt(app, people):
    with app.app_context(), database.connection_context():
        row = Mail.create(key="x", kind="reminder", user=people["soon"].id, attempts=ledger.MAX_ATTEMPTS - 1,
                          status="sending", claimed_by="me")
        assert ledger.mark_failed(row, "me", "timeout", "timed out", False, utcnow()) == "given-up"
        assert ledger.retry(row.id) and Mail.get_by_id(row.id).status == "pending"


def test_each_mail_is_written_in_its_recipients_language(app, runner, make_user):
    joined(make_user, "deutsch@example.com", 20, language="de")
    joined(make_user, "english@example.com", 20, language="en")
    joined(make_user, "firma@example.com", 20)  # no choice: the company's language (the suite's is English)
    assert runner.invoke(args=["mail", "send-due"]).exit_code == 0
    subjects = {}
    for path in Path(app.config["KURS_OUTBOX"]).glob("*.eml"):
        mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        subjects[mail["To"].addresses[0].addr_spec] = (mail["Subject"], mail.get_content())
    assert subjects["deutsch@example.com"][0] == "Überfällig: Basics"
    assert "Guten Tag Deutsch," in subjects["deutsch@example.com"][1]
    assert subjects["english@example.com"][0] == "Overdue: Basics"
    assert subjects["firma@example.com"][0] == "Overdue: Basics"


def test_a_manager_digest_names_only_their_departments(app, runner, make_user):
    from course.domain.managers import set_departments

    joined(make_user, "ours@example.com", 20, department="Vertrieb")
    joined(make_user, "theirs@example.com", 20, department="Service")
    boss = make_user("boss@example.com", role="manager", department="Vertrieb")
    make_user("idle@example.com", role="manager", department="")
    with app.app_context(), database.connection_context():
        set_departments(User.get_by_id(boss.id), ["Vertrieb"])
    assert runner.invoke(args=["mail", "send-due"]).exit_code == 0
    digests = {}
    for path in Path(app.config["KURS_OUTBOX"]).glob("*-digest.eml"):
        mail = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        digests[mail["To"].addresses[0].addr_spec] = mail.get_content()
    assert set(digests) == {"boss@example.com"}  # the manager without departments gets none
    assert "Ours" in digests["boss@example.com"] and "Theirs" not in digests["boss@example.com"]


def failure_of(smtp: SmtpTransport) -> SendError:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "kurs@example.com", "ann@example.com", "Hello"
    try:
        with pytest.raises(SendError) as raised:
            smtp.send(message)
    finally:
        smtp.close()
    return raised.value


def test_a_server_nobody_answers_at_is_unreachable():
    failure = failure_of(SmtpTransport(SmtpSettings("127.0.0.1", free_port(), "plain")))
    assert (failure.kind, failure.permanent) == ("unreachable", False)
    assert "refused" in failure.detail  # the system's own words, e.g. "[Errno 111] Connection refused"


def test_a_server_that_never_greets_is_a_timeout(monkeypatch):
    monkeypatch.setattr(transport, "TIMEOUT", 0.2)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        failure = failure_of(SmtpTransport(SmtpSettings("127.0.0.1", silent.getsockname()[1], "plain")))
    assert failure.kind == "timeout" and "timed out" in failure.detail


def test_a_refused_sender_keeps_the_servers_answer():
    controller, _ = start(Sink(refuse_senders=True))
    try:
        failure = failure_of(SmtpTransport(SmtpSettings("127.0.0.1", controller.port, "plain")))
    finally:
        controller.stop()
    assert (failure.kind, failure.permanent) == ("sender", True)
    assert failure.detail == "553 5.7.1 Sender address rejected: not owned by user"


@pytest.mark.parametrize(("kind", "detail", "english", "german"), [
    ("recipient", "550 5.1.1 No such mailbox",
     "The mail server refused the recipient's address. The mail server's answer: “550 5.1.1 No such mailbox”",
     "Der Mailserver hat die Adresse des Empfängers abgelehnt. Antwort des Mailservers: „550 5.1.1 No such mailbox“"),
    ("unreachable", "[Errno 111] Connection refused",
     "Kurs could not reach the mail server. The system's message: “[Errno 111] Connection refused”",
     "Kurs konnte den Mailserver nicht erreichen. Meldung des Systems: „[Errno 111] Connection refused“"),
    ("module-gone", "basics", "Not needed any more: the module basics is no longer in the course.",
     "Nicht mehr nötig: Das Modul basics ist nicht mehr im Kurs."),
    ("", "the server answered 451 busy", "the server answered 451 busy", "the server answered 451 busy"),  # an older row
])
def test_failures_in_words_with_the_original_words_quoted(app, kind, detail, english, german):
    with app.app_context():
        assert translate(failure_line(kind, detail)) == english
        with cli_locale("de"):
            assert translate(failure_line(kind, detail)) == german


def test_every_failure_kind_has_a_german_sentence(app):
    with app.app_context(), cli_locale("de"):
        for kind in FAILURES:
            assert translate(failure_sentence(kind, "x")) != str(failure_sentence(kind, "x")), kind
