"""The admin's problems (people, their import, assignments) in the reader's language, on pages and the command line."""

from __future__ import annotations

import html
import io
import re

import pytest
from conftest import csrf_token
from other_language import other_language_in

pytestmark = pytest.mark.each_language

BAD_PEOPLE = ("email,name,department,role\nkaputt,,,\nneu@example.com,Neu Person,,chef\nneu@example.com,Neu Zwei,,\n"
              "admin@example.com,Ada,,\nx@example.com,X,,,extra\n")
PROBLEMS = {
    "de": ["„kaputt“ ist keine gültige E-Mail-Adresse; Name fehlt", "unbekannte Rolle „chef“",
           "Duplikat von Zeile 3", "ein Konto mit dieser E-Mail-Adresse gibt es bereits",
           "5 Felder, die Kopfzeile hat aber 4"],
    "en": ["“kaputt” is not a valid email address; name is missing", "unknown role “chef”", "duplicate of line 3",
           "an account with this email exists already", "5 fields where the header has 4"],
}


@pytest.fixture
def admin(make_user, auth):
    user = make_user("admin@example.com", role="admin")
    auth.login("admin@example.com")
    return user


def page_text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def test_import_problems_on_the_page(client, admin, language):
    data = {"csrf_token": csrf_token(client, "/people/import"), "file": (io.BytesIO(BAD_PEOPLE.encode()), "people.csv")}
    text = page_text(client.post("/people/import", data=data, content_type="multipart/form-data"))
    for problem in PROBLEMS[language]:
        assert problem in text
    assert not other_language_in(text, language)


def test_unreadable_and_headless_files_say_why_in_the_readers_language(client, admin, language):
    data = {"csrf_token": csrf_token(client, "/people/import"), "file": (io.BytesIO(b"name\x81\n"), "people.csv")}
    text = page_text(client.post("/people/import", data=data, content_type="multipart/form-data"))
    assert {"de": "Byte 0x81 an Position 4 ist weder UTF-8 noch Windows-1252", "en": "byte 0x81 at position 4"}[language] in text
    data = {"csrf_token": csrf_token(client, "/people/import"), "csv": "vorname,nachname\nA,B\n"}
    text = page_text(client.post("/people/import", data=data))
    assert {"de": "die erste Zeile muss die Kopfzeile email,name,department,role sein (gefunden: vorname,nachname)",
            "en": "the first row must be the header email,name,department,role (found: vorname,nachname)"}[language] in text


def test_person_form_and_assignment_form_problems(client, admin, language):
    token = csrf_token(client, "/people/new")
    text = page_text(client.post("/people/new", data={"csrf_token": token, "email": "", "name": "", "role": "manager"}))
    assert {"de": "E-Mail-Adresse fehlt. Name fehlt. Eine Führungskraft braucht eine Abteilung",
            "en": "Email is missing. Name is missing. A manager needs a department"}[language] in text
    token = csrf_token(client, f"/people/{admin.id}")
    text = page_text(client.post(f"/people/{admin.id}", data={"csrf_token": token, "name": "Ada", "role": "learner"}))
    assert {"de": "Ihre eigene Rolle können Sie nicht ändern", "en": "You cannot change your own role"}[language] in text
    token = csrf_token(client, "/people/assignments")
    for form, expected in (({"module_id": "nope"}, {"de": "Wählen Sie ein Modul.", "en": "Choose a module."}),
                           ({"module_id": "basics", "email": "nobody@example.com"},
                            {"de": "Für nobody@example.com gibt es kein aktives Konto.",
                             "en": "There is no active account for nobody@example.com."}),
                           ({"module_id": "basics", "department": "Service", "due": "31.12.2030"},
                            {"de": "Geben Sie das Fälligkeitsdatum als JJJJ-MM-TT ein", "en": "Enter the due date as YYYY-MM-DD"})):
        text = page_text(client.post("/people/assignments", data={"csrf_token": token, **form}))
        assert expected[language] in text


def test_import_problems_on_the_command_line(app, admin, language, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(BAD_PEOPLE, encoding="utf-8")
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["users", "import", str(path), "--dry-run"])
    assert result.exit_code == 1
    for problem in PROBLEMS[language]:
        assert problem in result.output
    assert not other_language_in(result.output, language)
