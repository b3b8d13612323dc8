"""The flask commands: lessons check, users create, init-db."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_COURSE, reset_database
from werkzeug.security import check_password_hash

from course.db import database
from course.models import User

BROKEN_COURSE = Path(__file__).parent / "fixtures" / "broken"
ERROR_LINE = re.compile(r"^(?P<path>\S.*?\.md):(?P<line>\d+): (?P<message>.+)$")


def test_check_good_course_prints_one_summary_line(runner):
    result = runner.invoke(args=["lessons", "check", str(FIXTURE_COURSE)])
    assert result.exit_code == 0, result.output
    assert result.output == "OK: 2 modules, 4 lessons, 5 questions.\n"


def test_check_defaults_to_the_configured_folder(runner, lessons_dir):
    shutil.rmtree(lessons_dir / "02-advanced")
    result = runner.invoke(args=["lessons", "check"])
    assert result.exit_code == 0
    assert result.output == "OK: 1 module, 2 lessons, 4 questions.\n"


def test_check_broken_course_lists_every_error_and_exits_1(runner):
    result = runner.invoke(args=["lessons", "check", str(BROKEN_COURSE)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert all(ERROR_LINE.match(line) for line in lines), lines
    found = {(Path(m["path"]).relative_to(BROKEN_COURSE).as_posix(), int(m["line"])): m["message"] for m in map(ERROR_LINE.match, lines)}
    assert found == {
        ("01-basics/02-typo.md", 3): "unknown front matter key 'titel' (allowed: title, minutes, id, quiz, confirm)",
        ("01-basics/03-yaml.md", 3): "invalid YAML in front matter: a list in square brackets is not closed with ']', or lacks a comma",
        ("01-basics/04-no-correct.md", 6): "no correct answer: mark at least one with '- [x]'",
        ("01-basics/05-unclosed.md", 4): "unclosed <quiz>: add </quiz> after the question",
        ("01-basics/06-duplicate.md", 1): "duplicate lesson id 'good' in this module: rename the file or set id:",
        ("02-basics/module.md", 1): "duplicate module id 'basics': rename the folder or set id:",
    }
    assert result.stderr == "6 errors.\n"
    assert "OK:" not in result.output


def test_check_default_folder_reports_a_broken_lesson(runner, lessons_dir):
    (lessons_dir / "01-basics" / "03-typo.md").write_text("---\ntitle: T\nmintues: 3\n---\n", encoding="utf-8")
    result = runner.invoke(args=["lessons", "check"])
    assert result.exit_code == 1
    assert result.stdout == f"{lessons_dir}/01-basics/03-typo.md:3: unknown front matter key 'mintues' (allowed: title, minutes, id, quiz, confirm)\n"
    assert result.stderr == "1 error.\n"


def test_check_relative_folder_prints_relative_paths(runner, tmp_path, monkeypatch):
    shutil.copytree(BROKEN_COURSE, tmp_path / "course")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(args=["lessons", "check", "course"])
    assert result.exit_code == 1
    assert result.stdout.startswith("course/01-basics/02-typo.md:3: ")


def test_check_empty_folder_fails(runner, tmp_path):
    (tmp_path / "empty").mkdir()
    result = runner.invoke(args=["lessons", "check", str(tmp_path / "empty")])
    assert result.exit_code == 1
    assert result.stdout == f"{tmp_path}/empty/course.md:1: no modules here: a module is a folder of lesson files with a module.md\n"


def test_check_missing_folder_fails(runner, tmp_path):
    result = runner.invoke(args=["lessons", "check", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "course folder not found" in result.stdout


# ---------------------------------------------------------------- users create


def users(app):
    with app.app_context(), database.connection_context():
        return {u.email: u for u in User.select()}


def test_users_create_reads_the_password_twice_from_a_pipe(runner, app):
    result = runner.invoke(
        args=["users", "create", " Ada@Example.com ", "--name", "Ada Lovelace", "--role", "trainer", "--department", "Service"],
        input="a long password\na long password\n",
    )
    assert result.exit_code == 0, result.output
    assert result.output == "Created the account of ada@example.com (Trainer).\n"
    ada = users(app)["ada@example.com"]
    assert (ada.name, ada.role, ada.department, ada.active) == ("Ada Lovelace", "trainer", "Service", True)
    assert ada.password_hash != "a long password" and check_password_hash(ada.password_hash, "a long password")


def test_users_create_defaults_to_learner_without_department(runner, app):
    result = runner.invoke(args=["users", "create", "bo@example.com", "--name", "Bo"], input="a long password\na long password\n")
    assert result.exit_code == 0
    bo = users(app)["bo@example.com"]
    assert (bo.role, bo.department) == ("learner", "")


@pytest.mark.parametrize(
    ("args", "password_input", "message"),
    [
        (["x@example.com", "--name", "X"], "a long password\nanother password\n", "The two passwords differ."),
        (["x@example.com", "--name", "X"], "short\nshort\n", "Choose a password of at least 10 characters."),
        (["x@example.com", "--name", "X"], "", "Choose a password of at least 10 characters."),
        (["not-an-email", "--name", "X"], "a long password\na long password\n", "“not-an-email” is not a valid email address."),
        (["x@example.com", "--name", " "], "a long password\na long password\n", "Name is missing."),
        (["learner@example.com", "--name", "Again"], "a long password\na long password\n", "An account for learner@example.com exists already."),
        (["LEARNER@example.com", "--name", "Again"], "a long password\na long password\n", "exists already"),
    ],
)
def test_users_create_refuses_bad_input(runner, app, make_user, args, password_input, message):
    make_user("learner@example.com")
    result = runner.invoke(args=["users", "create", *args], input=password_input)
    assert result.exit_code == 1
    assert message in result.output
    assert set(users(app)) == {"learner@example.com"}


def test_users_create_rejects_an_unknown_role(runner, app):
    result = runner.invoke(args=["users", "create", "x@example.com", "--name", "X", "--role", "boss"], input="a long password\n" * 2)
    assert result.exit_code == 2
    assert "'boss' is not one of 'learner', 'manager', 'trainer', 'admin'" in result.output
    assert users(app) == {}


def test_users_create_needs_a_name(runner, app):
    result = runner.invoke(args=["users", "create", "x@example.com"], input="a long password\n" * 2)
    assert result.exit_code == 2 and "--name" in result.output


def test_created_user_can_sign_in(runner, app, client, auth):
    runner.invoke(args=["users", "create", "cy@example.com", "--name", "Cy"], input="a long password\na long password\n")
    response = auth.login("cy@example.com", "a long password")
    assert response.status_code == 302 and response.location == "/"


# ---------------------------------------------------------------- init-db


def test_init_db_applies_migrations_and_is_idempotent(make_app):
    app = make_app()
    db = app.extensions["kurs_db"]
    reset_database(db)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["init-db"])
    assert first.exit_code == 0, first.output
    assert re.match(r"^Applied \d+ migrations: 0001_initial", first.output)
    with db.connection_context():
        assert {"user", "lesson_progress", "quiz_attempt", "question_response"} <= set(db.get_tables())
    second = runner.invoke(args=["init-db"])
    assert second.exit_code == 0
    assert second.output == "Database is up to date.\n"
    with app.app_context(), database.connection_context():
        assert User.select().count() == 0
    db.close()
