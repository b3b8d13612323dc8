"""New set-password links in bulk (issue 13, item 12): everyone without a password in a department, copy, CSV."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime

import pytest
from conftest import FAST_HASH, csrf_token

from course.db import database
from course.domain import newcomers, tokens
from course.models import Mail, PasswordToken, User

BASE = "http://127.0.0.1:5000/set-password/"


@pytest.fixture
def admin(make_user, auth):
    user = make_user("admin@example.com", role="admin", name="Ada Admin", department="IT")
    auth.login("admin@example.com")
    return user


@pytest.fixture
def company(app, make_user):
    """Service: two without a password, one with; Nord: one without; one deactivated without."""
    made = {}
    for email, name, department, has_password, active in [
        ("zoe@example.com", "Zoe Zander", "Service", False, True),
        ("anna@example.com", "Anna Alt", "Service", False, True),
        ("set@example.com", "Sven Set", "Service", True, True),
        ("nord@example.com", "Nora Nord", "Nord", False, True),
        ("gone@example.com", "Gina Gone", "Service", False, False),
    ]:
        person = make_user(email, name=name, department=department, active=active)
        if not has_password:
            with app.app_context(), database.connection_context():
                User.update(password_hash="").where(User.id == person.id).execute()
        made[email] = person.id
    return made


def shown_links(page: str) -> list[str]:
    return re.findall(r'<code class="link-text"[^>]*>([^<]+)</code>', page)


def posted_tokens(page: str) -> list[str]:
    form = page.split('id="links-csv-form"', 1)[1].split("</form>", 1)[0]
    return re.findall(r'name="token" value="([^"]+)"', form)


def download(client, page: str):
    return download_tokens(client, posted_tokens(page))


def download_tokens(client, shown: list[str]):
    return client.post("/people/links/links.csv", data={"csrf_token": csrf_token(client, "/people/"), "token": shown})


def rows_of(response, separator=",") -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=separator))


def bulk(client, department: str = ""):
    return client.post("/people/links/without-password",
                       data={"csrf_token": csrf_token(client, "/people/"), "department": department})


def test_one_rule_picks_everyone_without_a_password_in_a_department(app, company):
    with app.app_context(), database.connection_context():
        assert [p.email for p in newcomers.without_password("Service")] == ["anna@example.com", "zoe@example.com"]
        assert [p.email for p in newcomers.without_password()] == ["anna@example.com", "nord@example.com", "zoe@example.com"]
        assert newcomers.without_password("Nowhere") == []
        assert [newcomers.needs_password(User.get_by_id(i)) for i in company.values()] == [True, True, False, True, False]


def test_new_links_end_earlier_ones_and_only_valid_ones_come_back(app, company):
    with app.app_context(), database.connection_context():
        anna = User.get_by_id(company["anna@example.com"])
        old = tokens.issue_token(anna)
        made = newcomers.links_for_everyone_without_password("Service")
        assert tokens.valid_token(old) is None  # the new bulk link replaced it
        assert [new.person.name for new in made] == ["Anna Alt", "Zoe Zander"]
        assert all(tokens.valid_token(new.token) for new in made)
        assert PasswordToken.select().where(PasswordToken.token_hash == made[0].token).count() == 0  # hashes only
        zoe = made[1].token
        tokens.redeem_token(zoe, "a long new password", FAST_HASH)
        # order as given, unknown, repeated, used and replaced tokens left out
        assert [n.person.name for n in newcomers.still_valid([zoe, made[0].token, "forged", old, made[0].token])] == ["Anna Alt"]


def test_the_bulk_action_shows_each_new_link_in_full_for_one_department(client, admin, company):
    response = bulk(client, "Service")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "2 new links to set a password" in page and "For everyone in Service" in page
    assert "Anna Alt" in page and "Zoe Zander" in page
    assert "Sven Set" not in page and "Nora Nord" not in page and "Gina Gone" not in page
    links = shown_links(page)
    assert len(links) == 2 and all(link.startswith(BASE) for link in links)
    assert [BASE + t for t in posted_tokens(page)] == links  # the CSV form sends exactly these back
    assert page.count('class="secondary small copy-link"') == 2 and 'id="copy-status" role="status"' in page
    assert "<input" not in page.split('id="links"', 1)[1]  # no link squeezed into an input field


def test_nobody_without_a_password_makes_no_links(client, admin, company):
    response = bulk(client, "IT")
    assert response.status_code == 302 and response.location == "/people/"
    assert "Everyone in IT has set a password: no links made." in client.get("/people/").get_data(as_text=True)


def test_every_department_is_the_empty_choice(client, admin, company):
    page = bulk(client).get_data(as_text=True)
    assert len(shown_links(page)) == 3 and "For everyone who has not set a password yet." in page


def test_the_csv_holds_name_email_link_and_valid_until_in_local_time(app, client, admin, company):
    with app.app_context(), database.connection_context():
        # issued just before the clocks go forward in 2027: valid until 1 April, 12:00 UTC = 14:00 in Berlin
        made = newcomers.new_links(newcomers.without_password("Service"), now=datetime(2027, 3, 25, 12, 0))
    response = download_tokens(client, [made[0].token])
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="set-password-links-')
    assert rows_of(response) == [["Name", "Email", "Link", "Valid until"],
                                 ["Anna Alt", "anna@example.com", BASE + made[0].token, "2027-04-01 14:00"]]


def test_the_csv_is_in_the_readers_language_and_excels_form(app, client, admin, company):
    client.post("/settings", data={"csrf_token": csrf_token(client, "/settings"), "language": "de"})
    page = bulk(client, "Service").get_data(as_text=True)
    assert "Gültig bis" in page
    response = download(client, page)
    rows = rows_of(response, ";")
    assert rows[0] == ["Name", "E-Mail", "Link", "Gültig bis"]
    assert [row[0] for row in rows[1:]] == ["Anna Alt", "Zoe Zander"]
    assert [row[2] for row in rows[1:]] == shown_links(page)
    assert all(re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", row[3]) for row in rows[1:])  # as German Excel reads a time


def test_names_are_escaped_on_the_page_and_neutralised_in_the_csv(app, client, admin, make_user):
    person = make_user("evil@example.com", name='=HYPERLINK("http://x";"<b>hi</b>")', department="Service")
    with app.app_context(), database.connection_context():
        User.update(password_hash="").where(User.id == person.id).execute()
    page = bulk(client, "Service").get_data(as_text=True)
    assert "<b>hi</b>" not in page and "&lt;b&gt;hi&lt;/b&gt;" in page
    rows = rows_of(download(client, page))
    assert rows[1][0] == "'=HYPERLINK(\"http://x\";\"<b>hi</b>\")"


def test_the_csv_is_post_only_for_admins_with_a_csrf_token(app, client, auth, make_user, admin, company):
    page = bulk(client, "Service").get_data(as_text=True)
    tokens_shown = posted_tokens(page)
    assert client.get("/people/links/links.csv").status_code == 405
    refused = client.post("/people/links/links.csv", data={"token": tokens_shown})
    assert refused.status_code == 400 and "Anna" not in refused.get_data(as_text=True)
    make_user("tina@example.com", role="trainer")
    auth.logout()
    auth.login("tina@example.com")
    forbidden = client.post("/people/links/links.csv", data={"csrf_token": csrf_token(client, "/"), "token": tokens_shown})
    assert forbidden.status_code == 403 and "Anna" not in forbidden.get_data(as_text=True)
    assert bulk(client).status_code == 403


def test_the_import_and_the_one_person_pages_offer_the_same_csv(client, admin):
    text = "email,name,department\na@example.com,Ann Ahorn,Service\nb@example.com,Ben Birke,Nord\n"
    page = client.post("/people/import", data={"csrf_token": csrf_token(client, "/people/import"), "confirm": "1",
                                               "csv": text}).get_data(as_text=True)
    assert "Download all 2 links as CSV" in page
    assert [row[:2] for row in rows_of(download(client, page))[1:]] == [["Ann Ahorn", "a@example.com"],
                                                                         ["Ben Birke", "b@example.com"]]
    created = client.post("/people/new", data={"csrf_token": csrf_token(client, "/people/new"), "email": "c@example.com",
                                               "name": "Cem Ceder", "role": "learner"}).get_data(as_text=True)
    assert "Download 1 link as CSV" in created
    assert [row[2] for row in rows_of(download(client, created))[1:]] == shown_links(created)


def test_the_mail_invitation_picks_people_by_the_same_rule(app, client, admin, company):
    client.post("/people/mail/invite-without-password",
                data={"csrf_token": csrf_token(client, "/people/mail/"), "department": "Service"})
    with app.app_context(), database.connection_context():
        invited = {User.get_by_id(m.user_id).email for m in Mail.select().where(Mail.kind == "invitation")}
    assert invited == {"anna@example.com", "zoe@example.com"}
