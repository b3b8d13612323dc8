"""Outside the pages, in German and in English: command output (and its --help), CSV headers, charts.

As tests/e2e/test_interface_languages.py does for pages, each text is compared with the catalog of
the other language: none of its pieces may appear. The company speaks the language (KURS_LANGUAGE),
the terminal names none (tests/conftest.py unsets LANG and its kin).
"""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from builders import ago, assignment, attempt, lesson, person
from other_language import other_language_in

from course.db import database

pytestmark = pytest.mark.each_language

PEOPLE_CSV = "email,name,department,role\nneu@example.com,Neu Person,Service,learner\nzwei@example.com,Zwei Person,Service,learner\n"


class Terminal:
    """Runs commands and checks that each output speaks one language."""

    def __init__(self, app, language: str) -> None:
        self.app, self.language, self.runner = app, language, app.test_cli_runner()

    def run(self, *args: str, input: str | None = None, code: int = 0) -> str:  # noqa: A002 - Click's name
        with self.app.app_context():  # as `flask` has one: --help reads the translated texts in it
            result = self.runner.invoke(args=list(args), input=input)
        assert result.exit_code == code, result.output
        found = other_language_in(result.output, self.language)
        assert not found, f"flask {' '.join(args)} ({self.language}) prints text of the other language: {found}\n{result.output}"
        return result.output


COMMANDS = [("init-db",), ("backup",), ("demo",), ("users",), ("users", "create"), ("users", "import"),
            ("mail",), ("mail", "send-due"), ("mail", "invite"), ("lessons",), ("lessons", "check")]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help_speaks_the_company_language(app, language, command):
    text = Terminal(app, language).run(*command, "--help")
    expected = {"init-db": ("Create the database", "Die Datenbank anlegen"),
                "users import": ("--dry-run        Check the file", "--dry-run        Die Datei prüfen"),
                "mail invite": ("Invite every active person", "Jede aktive Person einladen")}.get(" ".join(command))
    assert text.startswith({"en": "Usage:", "de": "Aufruf:"}[language])
    if expected:
        assert expected[language == "de"] in text


def test_clicks_own_errors_speak_the_company_language_after_the_command(app, language):
    # as under `flask`: no app context is left when Click shows the error
    result = app.test_cli_runner().invoke(args=["users", "create", "x@example.com"])
    assert result.exit_code == 2
    assert {"en": "Error: Missing option '--name'.", "de": "Fehler: Fehlende Option '--name'."}[language] in result.output


def test_accounts_imports_and_backups_speak_the_company_language(app, language, tmp_path):
    terminal = Terminal(app, language)
    assert terminal.run("init-db") == {"en": "Database is up to date.\n", "de": "Die Datenbank ist auf dem neuesten Stand.\n"}[language]
    created = terminal.run("users", "create", "ada@example.com", "--name", "Ada", "--role", "admin", input="a long password\n")
    assert created == {"en": "Created the account of ada@example.com (Administrator).\n",
                       "de": "Konto für ada@example.com angelegt (Administrator/in).\n"}[language]
    again = terminal.run("users", "create", "ada@example.com", "--name", "Ada", input="a long password\n", code=1)
    assert again == {"en": "Error: An account for ada@example.com exists already.\n",
                     "de": "Fehler: Ein Konto für ada@example.com gibt es bereits.\n"}[language]
    terminal.run("users", "create", "bob@example.com", "--name", "Bob", input="short\n", code=1)
    people = tmp_path / "people.csv"
    people.write_text(PEOPLE_CSV, encoding="cp1252")
    dry = terminal.run("users", "import", str(people), "--dry-run")
    assert {"en": "Dry run: 2 rows would be imported, 0 skipped.", "de": "Probelauf: 2 Zeilen würden importiert, 0 übersprungen."}[language] in dry
    done = terminal.run("users", "import", str(people))
    assert {"en": "Imported 2 people, skipped 0.", "de": "2 Personen importiert, 0 übersprungen."}[language] in done
    terminal.run("users", "import", str(people), code=1)  # both exist now
    terminal.run("demo", code=1)  # the database is not fresh
    copy = tmp_path / "copy.db"
    if app.config["DATABASE_URL"].startswith("sqlite"):
        assert {"en": "Backed up", "de": "gesichert nach"}[language] in terminal.run("backup", str(copy))
        terminal.run("backup", str(copy), code=1)  # a backup never overwrites
    else:  # PostgreSQL is backed up with its own tool: Kurs says so, in the company's language
        assert "pg_dump" in terminal.run("backup", str(copy), code=1)


def test_mail_speaks_the_company_language(app, language, tmp_path):
    terminal = Terminal(app, language)
    (tmp_path / "people.csv").write_text(PEOPLE_CSV, encoding="utf-8")
    terminal.run("users", "import", str(tmp_path / "people.csv"))  # two people without a password
    terminal.run("mail", "send-due", "--dry-run")
    terminal.run("mail", "send-due")
    invited = terminal.run("mail", "invite", "--without-password")
    assert {"en": "Invitations: 2 sent (outbox folder", "de": "Einladungen: 2 gesendet (Ausgangsordner"}[language] in invited
    terminal.run("mail", "invite", "nobody@example.com", code=1)
    terminal.run("mail", "invite", code=2)


def test_the_demo_speaks_the_company_language(app, language):
    text = Terminal(app, language).run("demo", "--people", "5")
    assert {"en": "Demo company: 6 people", "de": "Demo-Unternehmen: 6 Personen"}[language] in text


@pytest.fixture
def reports_client(app, client, make_user, auth, course):
    """A signed-in trainer, and people with progress, attempts and an overdue assignment to report on."""
    make_user("admin@example.com", role="admin")
    make_user("trainer@example.com", role="trainer")
    questions = course.lesson("basics", "quiz").questions
    with app.app_context(), database.connection_context():
        ann, ben = person("ann@example.com", "Service", name="Ann Berger"), person("ben@example.com", "", name="Ben Hall")
        lesson(ann, "basics", "welcome", ago(3), ago(3))
        attempt(ann, "basics", "quiz", ago(2), [(q.key, q.text, "42", True) for q in questions])
        attempt(ben, "basics", "quiz", ago(1), [(q.key, q.text, "7", False) for q in questions])
        assignment("advanced", ago(10), department="Service")
    auth.login("trainer@example.com")
    return client, ann


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    text = response.get_data(as_text=True).lstrip("\ufeff")
    return list(csv.reader(io.StringIO(text), delimiter=";" if text.startswith('"') and '";"' in text else ","))


def test_every_csv_download_speaks_the_company_language(app, language, reports_client):
    client, ann = reports_client
    paths = ["/train/reports/summary.csv", "/train/reports/matrix.csv", "/train/reports/overdue.csv",
             "/train/reports/departments.csv", "/train/reports/items/basics/quiz.csv"]
    paths += [f"/train/reports/people/{ann.id}/{table}.csv" for table in ("modules", "lessons", "answers")]
    tables = {}
    for path in paths:
        tables[path] = rows = csv_rows(client.get(path))
        # headers and the words Kurs writes into cells (states, yes/no, who assigned); not the course's text
        words = " ".join(rows[0]) + " " + " ".join(cell for row in rows[1:] for cell in row if not cell[:1].isdigit())
        found = other_language_in(words, language)
        assert not found, f"{path} ({language}) holds text of the other language: {found}"
    overdue = tables["/train/reports/overdue.csv"]
    modules = tables[f"/train/reports/people/{ann.id}/modules.csv"]
    if language == "de":
        assert overdue[0] == ["Name", "E-Mail", "Abteilung", "Modul", "Fällig am", "Tage überfällig", "Zugewiesen durch"]
        assert overdue[1][4].count(".") == 2 and {"Abteilung", "Pflichtmodul"} == {r[6] for r in overdue[1:]}  # 14.12.2026, as German Excel reads a date
        assert modules[0][:3] == ["Modul", "Status", "Lektionen erledigt"] and "Überfällig" in {r[1] for r in modules[1:]}
        assert tables["/train/reports/matrix.csv"][1][3] == "ja"
    else:
        assert overdue[0] == ["name", "email", "department", "module", "due date", "days overdue", "assigned by"]
        assert overdue[1][4].count("-") == 2 and {"department", "mandatory module"} == {r[6] for r in overdue[1:]}  # 2026-12-14
        assert tables["/train/reports/matrix.csv"][1][3] == "yes"


def test_the_matrix_names_each_state_in_the_company_language(app, language, reports_client):
    client, _ = reports_client
    page = client.get("/train/reports/matrix").get_data(as_text=True)
    cells = set(re.findall(r'<td><span class="state state-([a-z-]+)">([^<]+)</span>', page))
    names = {"en": {"not-started": "Not started", "in-progress": "In progress", "completed": "Completed", "failed": "Failed",
                    "overdue": "Overdue", "due-again": "Due again"},
             "de": {"not-started": "Nicht begonnen", "in-progress": "In Bearbeitung", "completed": "Abgeschlossen",
                    "failed": "Nicht bestanden", "overdue": "Überfällig", "due-again": "Erneut fällig"}}[language]
    assert {"not-started", "overdue"} <= {state for state, _ in cells}
    assert all(names[state] == word for state, word in cells), cells


def test_charts_speak_the_company_language(app, language, reports_client):
    client, _ = reports_client
    for name in ("modules", "departments"):
        svg = client.get(f"/train/reports/charts/{name}.svg").get_data(as_text=True)
        root = ET.fromstring(svg)
        words = " ".join(root.itertext()) + " " + root.get("aria-label")
        found = other_language_in(words, language)
        assert not found, f"the {name} chart ({language}) shows text of the other language: {found}"
    modules = client.get("/train/reports/charts/modules.svg").get_data(as_text=True)
    departments = client.get("/train/reports/charts/departments.svg").get_data(as_text=True)
    if language == "de":
        assert 'aria-label="Abschluss nach Modul"' in modules and "<desc>Anteil der Personen" in modules
        assert re.search(r">\d+ von \d+<", modules) and "(keine Abteilung)" in departments and "\u00a0%</text>" in departments  # 80 %, with a non-breaking space
    else:
        assert 'aria-label="Completion by module"' in modules and re.search(r">\d+ of \d+<", modules)
        assert "(no department)" in departments and "%</text>" in departments
