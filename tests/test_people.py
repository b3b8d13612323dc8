"""People: import with a preview of every problem (pages and CLI), create, edit, deactivate, set-password links."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from conftest import FAST_HASH, PASSWORD, csrf_token

from course.db import database
from course.domain import people, tokens
from course.models import PasswordToken, User, utcnow

HEADER = "email,name,department,role\n"


@pytest.fixture
def db(app):
    with app.app_context(), database.connection_context():
        yield


@pytest.fixture
def admin(make_user, auth):
    user = make_user("admin@example.com", role="admin", name="Ada Admin")
    auth.login("admin@example.com")
    return user


def problems_of(text: str) -> dict[int, tuple[str, ...]]:
    return {row.line: row.problems for row in people.preview_import(text).rows if row.problems}


@pytest.mark.parametrize(("line", "problem"), [
    ("not-an-email,Ann,Service,learner", "“not-an-email” is not a valid email address"),
    (",Ann,Service,learner", "email is missing"),
    ("ann@example.com,,Service,learner", "name is missing"),
    ("ann@example.com,Ann,Service,boss", "unknown role “boss” (use learner, manager, trainer, admin)"),
    ("ann@example.com,Ann,Service,learner,extra", "5 fields where the header has 4"),
    ("ann@example.com," + "x" * 201 + ",Service,", "name and department may have at most"),
])
def test_each_bad_row_is_named_with_its_problem(db, line, problem):
    found = problems_of(HEADER + line + "\n")
    assert list(found) == [2] and found[2][0].startswith(problem)


def test_duplicates_in_the_file_and_existing_accounts(db, make_user):
    make_user("old@example.com")
    text = HEADER + "a@example.com,A,,\nOLD@example.com,Old,,\nb@example.com,B,,\na@example.com,A again,,\n"
    assert problems_of(text) == {3: ("an account with this email exists already",), 5: ("duplicate of line 2",)}
    good = people.preview_import(text).good
    assert [row.person["email"] for row in good] == ["a@example.com", "b@example.com"]
    assert good[0].person["role"] == "learner"


def test_bom_semicolons_and_column_order(db):
    preview = people.preview_import("\ufeffName;E-Mail\n")
    assert preview.file_problems and "header" in preview.file_problems[0]
    preview = people.preview_import("\ufeffname;email;role;department\nJürgen Groß;J.GROSS@example.com;Trainer;Süd\n")
    assert not preview.file_problems and not preview.bad
    assert preview.rows[0].person == {"email": "j.gross@example.com", "name": "Jürgen Groß", "department": "Süd",
                                      "role": "trainer"}
    assert people.preview_import("email,name,phone\n").file_problems == ("unknown column phone (use email,name,department,role)",)
    assert people.preview_import(HEADER).file_problems == ("the file holds no people",)
    assert people.decode("email,name\nä".encode("cp1252")) == ("email,name\nä", "Windows-1252")
    assert people.decode("\ufeffemail".encode()) == ("email", "UTF-8")


def company_csv(n: int = 100) -> str:
    rows = [f"person{i}@example.com,Person Nummer {i} Müller,Abteilung {i % 3},learner" for i in range(n - 2)]
    rows.insert(10, "bad-email,Somebody,Service,learner")
    rows.insert(50, "person3@example.com,Person Three Again,Service,learner")
    return HEADER + "\n".join(rows) + "\n"


def test_import_page_previews_then_imports_the_good_rows(client, admin, app):
    data = {"csrf_token": csrf_token(client, "/people/import"), "file": (io.BytesIO(("\ufeff" + company_csv()).encode()), "people.csv")}
    preview = client.post("/people/import", data=data, content_type="multipart/form-data")
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "<strong>98</strong> of 100 rows can be imported" in page
    assert "“bad-email” is not a valid email address" in page and "duplicate of line 5" in page
    with app.app_context(), database.connection_context():
        assert User.select().count() == 1  # nothing written yet
    text = re.search(r'<textarea name="csv" hidden>(.*?)</textarea>', page, re.S).group(1)
    confirm = client.post("/people/import", data={"csrf_token": csrf_token(client, "/people/import"), "confirm": "1",
                                                  "csv": text.replace("&amp;", "&")})
    done = confirm.get_data(as_text=True)
    assert confirm.status_code == 200 and "Imported 98 people" in done
    assert "Line 12 (bad-email)" in done
    links = re.findall(r'<code class="link-text"[^>]*>(http://127.0.0.1:5000/set-password/[^<]+)</code>', done)
    assert len(links) == 98
    with app.app_context(), database.connection_context():
        assert User.select().count() == 99
        assert User.get(User.email == "person0@example.com").name == "Person Nummer 0 Müller"
        stored = {t.token_hash for t in PasswordToken.select()}
    token = links[0].rsplit("/", 1)[1]
    assert token not in stored and tokens.token_hash(token) in stored  # only the hash is kept


def test_import_reads_german_excels_csv(client, admin):
    """Excel's "CSV (Trennzeichen-getrennt)" on a German Windows: Windows-1252 and semicolons (issue 13, item 14)."""
    text = "email;name;department;role\r\njuergen@example.com;Jürgen Groß;Süd;learner\r\n"
    data = {"csrf_token": csrf_token(client, "/people/import"), "file": (io.BytesIO(text.encode("cp1252")), "x.csv")}
    html = client.post("/people/import", data=data, content_type="multipart/form-data").get_data(as_text=True)
    assert "Read as Windows-1252" in html and "Jürgen Groß" in html and "Süd" in html


@pytest.mark.parametrize(("data", "why"), [
    (b"email,name\n\x81x@example.com,B", "byte 0x81 at position 11 is neither UTF-8 nor Windows-1252"),
    ("email,name\nx@example.com,Jürgen Groß".encode("mac_roman"), "which suggests another code page"),
    (b"e\x00m\x00a\x00i\x00l\x00", "NUL characters"),
])
def test_import_refuses_only_what_it_cannot_tell_and_says_why(client, admin, data, why):
    form = {"csrf_token": csrf_token(client, "/people/import"), "file": (io.BytesIO(data), "x.csv")}
    response = client.post("/people/import", data=form, content_type="multipart/form-data")
    assert response.status_code == 400 and why in response.get_data(as_text=True)


def test_excels_unicode_text_is_utf16_with_tabs(db):
    text, encoding = people.decode("email\tname\nx@example.com\tÖzlem Şahin\n".encode("utf-16"))
    assert encoding == "UTF-16"
    assert people.preview_import(text).rows[0].person["name"] == "Özlem Şahin"


def test_cli_import_dry_run_writes_nothing_and_names_bad_rows(app, runner, tmp_path, make_user):
    make_user("admin@example.com", role="admin")
    path = tmp_path / "people.csv"
    path.write_text(company_csv(10).replace("person3@example.com,Person Three Again", "person3@example.com,Again"), encoding="utf-8")
    result = runner.invoke(args=["users", "import", str(path), "--dry-run"])
    assert result.exit_code == 1
    assert f"{path}:10: bad-email: “bad-email” is not a valid email address" in result.output
    assert f"{path}:11: person3@example.com: duplicate of line 5" in result.output
    assert "Dry run: 8 rows would be imported, 2 skipped. Nothing was written." in result.output
    with app.app_context(), database.connection_context():
        assert User.select().count() == 1
    result = runner.invoke(args=["users", "import", str(path), "--base-url", "https://kurs.example.com"])
    assert result.exit_code == 1 and "Imported 8 people, skipped 2." in result.output
    assert result.output.count("https://kurs.example.com/set-password/") == 8
    with app.app_context(), database.connection_context():
        assert User.select().count() == 9


def test_cli_import_of_a_clean_file_exits_0(app, runner, tmp_path):
    path = tmp_path / "ok.csv"
    path.write_text(HEADER + "ann@example.com,Ann,Service,trainer\n", encoding="utf-8")
    result = runner.invoke(args=["users", "import", str(path)])
    assert result.exit_code == 0 and "Imported 1 person, skipped 0." in result.output
    path.write_text("nothing useful\n", encoding="utf-8")
    assert runner.invoke(args=["users", "import", str(path)]).exit_code == 1


def test_create_person_gives_a_link_that_sets_the_password_once(client, admin, app):
    response = client.post("/people/new", data={"csrf_token": csrf_token(client, "/people/new"), "email": "New@Example.com",
                                                "name": "Nina Neu", "department": "Süd", "role": "trainer"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Created Nina Neu" in page
    link = re.search(r'<code class="link-text"[^>]*>http://127.0.0.1:5000(/set-password/[^<]+)</code>', page).group(1)
    other = app.test_client()
    assert "Hello Nina Neu" in other.get(link, follow_redirects=True).get_data(as_text=True)
    form = "/set-password"  # the token has moved into the session
    mismatch = other.post(form, data={"csrf_token": csrf_token(other, form), "password": "long enough 1", "password2": "other one 12"})
    assert mismatch.status_code == 400 and "differ" in mismatch.get_data(as_text=True)
    done = other.post(form, data={"csrf_token": csrf_token(other, form), "password": "long enough 1", "password2": "long enough 1"})
    assert done.status_code == 302 and done.location == "/"
    assert 'id="nav-reports"' in other.get("/").get_data(as_text=True)  # signed in, as a trainer
    assert app.test_client().get(link).status_code == 404  # used up
    duplicate = client.post("/people/new", data={"csrf_token": csrf_token(client, "/people/new"), "email": "new@example.com",
                                                 "name": "Again", "role": "learner"})
    assert duplicate.status_code == 400 and "exists already" in duplicate.get_data(as_text=True)


def test_links_expire_and_a_new_link_replaces_the_old(db, make_user):
    person = make_user("p@example.com")
    old = tokens.issue_token(person)
    new = tokens.issue_token(person)
    assert tokens.valid_token(old) is None and tokens.valid_token(new) is not None
    assert tokens.valid_token(new, now=utcnow() + timedelta(days=8)) is None
    assert tokens.redeem_token(new, "a fine new password", FAST_HASH) is not None
    assert tokens.redeem_token(new, "a fine new password", FAST_HASH) is None
    assert User.get_by_id(person.id).session_version == 2


def test_admin_issues_a_reset_link(client, admin, make_user):
    person = make_user("forgetful@example.com", name="Fritz Vergesslich")
    response = client.post(f"/people/{person.id}/password-link", data={"csrf_token": csrf_token(client, f"/people/{person.id}")})
    assert response.status_code == 200
    assert re.search(r'<code class="link-text"[^>]*>http://127.0.0.1:5000/set-password/[\w-]+</code>', response.get_data(as_text=True))


def test_edit_name_department_and_role(client, admin, make_user, app):
    person = make_user("p@example.com", name="Paula")
    token = csrf_token(client, f"/people/{person.id}")
    response = client.post(f"/people/{person.id}", data={"csrf_token": token, "name": "Paula Groß", "department": "Nord",
                                                         "role": "trainer"})
    assert response.status_code == 302
    with app.app_context(), database.connection_context():
        saved = User.get_by_id(person.id)
    assert (saved.name, saved.department, saved.role) == ("Paula Groß", "Nord", "trainer")
    bad = client.post(f"/people/{person.id}", data={"csrf_token": token, "name": "", "role": "chief"})
    assert bad.status_code == 400 and "Name is missing" in bad.get_data(as_text=True)
    own = client.post(f"/people/{admin.id}", data={"csrf_token": token, "name": "Ada", "role": "learner"})
    assert own.status_code == 400 and "cannot change your own role" in own.get_data(as_text=True)


def test_deactivate_ends_sessions_keeps_history_and_hides_from_lists(app, client, admin, make_user):
    make_user("leaver@example.com", name="Lea Leaver")
    leaver_client = app.test_client()
    leaver_client.post("/login", data={"email": "leaver@example.com", "password": PASSWORD, "csrf_token": csrf_token(leaver_client)})
    assert leaver_client.get("/").status_code == 200
    with app.app_context(), database.connection_context():
        leaver = User.get(User.email == "leaver@example.com")
    response = client.post(f"/people/{leaver.id}/active", data={"csrf_token": csrf_token(client, f"/people/{leaver.id}"), "active": "0"})
    assert response.status_code == 302
    assert "Lea Leaver is deactivated." in client.get(response.location).get_data(as_text=True)
    assert leaver_client.get("/").status_code == 302  # signed out
    with app.app_context(), database.connection_context():
        assert User.get_by_id(leaver.id).deactivated_at is not None
    assert "Lea Leaver" not in client.get("/people/").get_data(as_text=True)
    assert "Lea Leaver" in client.get("/people/?inactive=1").get_data(as_text=True)
    own = client.post(f"/people/{admin.id}/active", data={"csrf_token": csrf_token(client, "/people/"), "active": "0"})
    assert own.status_code == 302 and "cannot deactivate your own" in client.get(own.location).get_data(as_text=True)


def test_search_by_name_email_or_department(client, admin, make_user):
    make_user("zoe@example.com", name="Zoë Zimmer", department="Logistik")
    make_user("max@example.com", name="Max Muster", department="Vertrieb")
    assert "Zoë Zimmer" in client.get("/people/?q=logis").get_data(as_text=True)
    page = client.get("/people/?q=MAX@").get_data(as_text=True)
    assert "Max Muster" in page and "Zoë" not in page
