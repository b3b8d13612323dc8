"""Invitations and the admin's mail page: outbox notice, failed mail, sending again."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path
from urllib.parse import urlsplit

from conftest import csrf_token

from course.db import database
from course.models import Mail, User


def outbox(app) -> list[email.message.EmailMessage]:
    files = sorted(Path(app.config["KURS_OUTBOX"]).glob("*.eml"))
    return [email.message_from_bytes(p.read_bytes(), policy=email.policy.default) for p in files]


def newcomer(make_user, address: str, **fields) -> User:
    """A person who has not set a password yet."""
    person = make_user(address, **fields)
    with database.connection_context():
        User.update(password_hash="").where(User.id == person.id).execute()
        return User.get_by_id(person.id)


def admin(make_user, auth):
    make_user("admin@example.com", role="admin")
    auth.login("admin@example.com")


def test_the_mail_page_says_mail_goes_to_the_outbox_without_a_server(client, make_user, auth):
    admin(make_user, auth)
    html = client.get("/people/mail/").get_data(as_text=True)
    assert "No mail server is set" in html and "outbox" in html and "No mail has failed" in html


def test_an_invitation_carries_a_working_set_password_link(app, client, make_user, auth):
    admin(make_user, auth)
    person = newcomer(make_user, "new@example.com")
    page = client.get(f"/people/{person.id}").get_data(as_text=True)
    assert 'id="invite"' in page
    response = client.post(f"/people/mail/invite/{person.id}", data={"csrf_token": csrf_token(client, "/people/")},
                           follow_redirects=True)
    assert "Invitation sent to new@example.com" in response.get_data(as_text=True)
    [mail] = outbox(app)
    assert mail["To"].addresses[0].addr_spec == "new@example.com"
    link = re.search(r"http://\S+/set-password/\S+", mail.get_content()).group(0)
    auth.logout()
    assert client.get(urlsplit(link).path, follow_redirects=True).status_code == 200  # the set-password form


def test_everyone_without_a_password_is_invited_once_a_day(app, client, runner, make_user, auth):
    admin(make_user, auth)
    for n in range(3):
        newcomer(make_user, f"new{n}@example.com")
    newcomer(make_user, "gone@example.com", active=False)
    assert "3 active people have not set a password" in client.get("/people/mail/").get_data(as_text=True)
    for _ in range(2):  # a double click records each person once
        client.post("/people/mail/invite-without-password", data={"csrf_token": csrf_token(client, "/people/mail/")})
    with app.app_context(), database.connection_context():
        assert Mail.select().where(Mail.kind == "invitation").count() == 3
        User.update(password_hash="set meanwhile").where(User.email == "new0@example.com").execute()
    result = runner.invoke(args=["mail", "send-due"])
    assert result.exit_code == 0, result.output
    invited = [m for m in outbox(app) if m["X-Kurs-Mail"].endswith("-invitation")]
    assert sorted(m["To"].addresses[0].addr_spec for m in invited) == ["new1@example.com", "new2@example.com"]
    with app.app_context(), database.connection_context():
        skipped = Mail.get(Mail.status == "skipped")
        assert (skipped.error_kind, skipped.last_error) == ("has-password", "")


def test_the_invite_command_names_people_or_everyone_without_a_password(app, runner, make_user):
    newcomer(make_user, "new@example.com")
    assert runner.invoke(args=["mail", "invite"]).exit_code == 2
    missing = runner.invoke(args=["mail", "invite", "nobody@example.com"])
    assert missing.exit_code == 1 and "No active account for nobody@example.com" in missing.output
    result = runner.invoke(args=["mail", "invite", "--without-password"])
    assert result.exit_code == 0 and "1 sent" in result.output
    assert "/set-password/" in outbox(app)[0].get_content()


def test_a_given_up_mail_is_shown_to_admins_and_can_be_sent_again(app, client, make_user, auth):
    admin(make_user, auth)
    person = make_user("typo@example.con")
    with app.app_context(), database.connection_context():
        failed = Mail.create(key="reminder:x", kind="reminder", user=person.id, status="given-up", attempts=1,
                             error_kind="recipient", last_error="550 5.1.1 <typo@example.con>: No such mailbox")
    html = client.get("/people/mail/").get_data(as_text=True)
    assert "The mail server refused the recipient&#39;s address." in html and "Given up" in html
    # the server's own words beside it, unchanged and marked as such
    quoted = '<q class="original-words" translate="no">550 5.1.1 &lt;typo@example.con&gt;: No such mailbox</q>'
    assert f"The mail server&#39;s answer: {quoted}" in html
    with app.app_context(), database.connection_context():  # the kind of mail and the failure in the reader's language
        User.update(language="de").where(User.role == "admin").execute()
    html = client.get("/people/mail/").get_data(as_text=True)
    assert "<td>Erinnerung</td>" in html and "Der Mailserver hat die Adresse des Empfängers abgelehnt." in html
    assert f"Antwort des Mailservers: {quoted}" in html and "refused" not in html
    client.post(f"/people/mail/{failed.id}/retry", data={"csrf_token": csrf_token(client, "/people/mail/")})
    with app.app_context(), database.connection_context():
        assert Mail.get_by_id(failed.id).status == "pending"


def test_a_failure_recorded_without_a_kind_is_shown_as_stored(app, client, make_user, auth):
    admin(make_user, auth)
    person = make_user("old@example.com")
    with app.app_context(), database.connection_context():
        Mail.create(key="reminder:old", kind="reminder", user=person.id, status="given-up", attempts=6,
                    last_error="an answer no pattern knew")
    html = client.get("/people/mail/").get_data(as_text=True)
    assert '<td class="mail-failure">an answer no pattern knew</td>' in html


def test_broken_mail_settings_are_named_on_the_page(make_app, make_user):
    app = make_app(KURS_SMTP_URL="smtp://user:pw@mail.example")
    from conftest import Auth, fresh_schema

    fresh_schema(app.extensions["kurs_db"])
    client = app.test_client()
    with app.app_context(), database.connection_context():
        from conftest import FAST_HASH, PASSWORD
        from werkzeug.security import generate_password_hash
        User.create(email="admin@example.com", name="Admin", role="admin",
                    password_hash=generate_password_hash(PASSWORD, method=FAST_HASH))
    Auth(client).login("admin@example.com")
    html = client.get("/people/mail/").get_data(as_text=True)
    assert "cannot be read" in html and "smtp+starttls://" in html and "pw" not in html.split("cannot be read")[1][:200]
