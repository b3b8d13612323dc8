"""Migrations: from an empty database, and from the first schema with people's data in it."""

from __future__ import annotations

import re
from datetime import datetime

from conftest import reset_database

import course.web.throttle  # noqa: F401 - its model belongs to the schema too
from course.db import database
from course.migrate import MIGRATIONS_DIR, apply_migrations, pending_migrations
from course.models import Assignment, BaseModel, LessonProgress, Mail, QuestionResponse, QuizAttempt, User
from course.web.throttle import LoginFailure

FIRST = "0001_initial"


def all_models() -> list[type[BaseModel]]:
    """Every model of the app (a model added later is checked without touching this test)."""
    found, todo = [], list(BaseModel.__subclasses__())
    while todo:
        model = todo.pop()
        todo.extend(model.__subclasses__())
        if model.__module__.startswith("course."):
            found.append(model)
    return sorted(found, key=lambda m: m._meta.table_name)


def empty_database(app):
    db = app.extensions["kurs_db"]
    reset_database(db)
    return db


def assert_schema_matches_models(db) -> None:
    with db.connection_context():
        tables = set(db.get_tables())
        for model in all_models():
            table = model._meta.table_name
            assert table in tables, f"no migration creates the table of {model.__name__}"
            columns = {c.name for c in db.get_columns(table)}
            wanted = {f.column_name for f in model._meta.sorted_fields}
            assert wanted <= columns, f"{table}: no migration adds {sorted(wanted - columns)}"
            unique = {tuple(i.columns) for i in db.get_indexes(table) if i.unique}
            for field in model._meta.sorted_fields:
                if field.unique:
                    assert (field.column_name,) in unique, f"{table}.{field.column_name} is not unique in the database"
            for fields, is_unique in model._meta.indexes:
                if is_unique:
                    names = tuple(model._meta.fields[f].column_name for f in fields)
                    assert names in unique, f"{table}: no unique index on {names}"


def test_migration_numbers_are_unique():
    numbers = [re.match(r"(\d+)_", p.name).group(1) for p in MIGRATIONS_DIR.glob("[0-9]*.py")]
    assert len(numbers) == len(set(numbers)), sorted(numbers)
    assert f"{FIRST}.py" in {p.name for p in MIGRATIONS_DIR.iterdir()}


def test_from_an_empty_database(make_app):
    db = empty_database(make_app())
    applied = apply_migrations(db)
    assert applied[0] == FIRST and len(applied) == len(list(MIGRATIONS_DIR.glob("[0-9]*.py")))
    assert pending_migrations(db) == []
    assert apply_migrations(db) == []  # a second run changes nothing
    assert_schema_matches_models(db)


def test_one_step_at_a_time(make_app):
    db = empty_database(make_app())
    names = pending_migrations(db)
    for name in names:
        assert apply_migrations(db, name) == [name]
    assert_schema_matches_models(db)


def insert(db, table: str, **values) -> int:
    """Insert a row with plain SQL (the app's models may already expect later columns)."""
    columns = ", ".join(f'"{c}"' for c in values)
    marks = ", ".join([db.param] * len(values))
    db.execute_sql(f'INSERT INTO "{table}" ({columns}) VALUES ({marks})', list(values.values()))
    return db.execute_sql(f'SELECT max(id) FROM "{table}"').fetchone()[0]


def test_from_the_first_schema_with_data(make_app):
    app = make_app()
    db = empty_database(app)
    assert apply_migrations(db, FIRST) == [FIRST]
    now = datetime(2026, 3, 1, 9, 30)
    with db.connection_context():
        uid = insert(db, "user", email="ann@example.com", name="Ann", department="Service", role="learner",
                     password_hash="x", active=True, session_version=1, created_at=now)
        insert(db, "lesson_progress", user_id=uid, module_id="basics", lesson_id="welcome", started_at=now, completed_at=now)
        aid = insert(db, "quiz_attempt", user_id=uid, module_id="basics", lesson_id="quiz", token="tok-1",
                     content_hash="abc", started_at=now, submitted_at=now, score_raw=3, score_max=4,
                     score_percent=75.0, passed=False)
        insert(db, "question_response", attempt_id=aid, position=1, question_key="q1", question_kind="single",
               question_text="What first?", answer_given="Wait.", right=False)
        insert(db, "assignment", module_id="basics", user_id=uid, department=None, assigned_at=now, due_at=now)

    later = apply_migrations(db)
    assert later and FIRST not in later
    assert_schema_matches_models(db)
    with app.app_context(), database.connection_context():
        ann = User.get(User.email == "ann@example.com")
        assert (ann.name, ann.department, ann.active, ann.created_at) == ("Ann", "Service", True, now)
        assert LessonProgress.get(LessonProgress.user == ann).completed_at == now
        attempt = QuizAttempt.get(QuizAttempt.user == ann)
        assert (attempt.token, attempt.score_percent, attempt.passed) == ("tok-1", 75.0, False)
        old = QuestionResponse.get(QuestionResponse.attempt == attempt)
        assert (old.question_text, old.answer_positions) == ("What first?", None)  # matched by its text when read
        # the new schema works with the old rows
        LoginFailure.create(account="ann@example.com", address="127.0.0.1")
        User.create(email="bob@example.com", name="Bob")
        assert User.select().count() == 2


def test_due_dates_move_to_the_end_of_the_local_day(make_app):
    app = make_app()
    db = empty_database(app)
    before = "0005_people_by_name"
    apply_migrations(db, before)
    with db.connection_context():
        uid = insert(db, "user", email="ann@example.com", name="Ann", department="Service", role="learner",
                     password_hash="x", active=True, session_version=1, created_at=datetime(2026, 1, 1))
        typed = insert(db, "assignment", module_id="basics", user_id=uid, assigned_at=datetime(2026, 1, 1),
                       due_at=datetime(2026, 7, 31, 23, 59, 59))  # "2026-07-31" typed in the old form
        counted = insert(db, "assignment", module_id="advanced", user_id=uid, assigned_at=datetime(2026, 1, 1),
                         due_at=datetime(2026, 1, 15, 23, 30))  # due_days from 23:30 UTC: already the 16th in Berlin
        insert(db, "assignment", module_id="extra", department="IT", assigned_at=datetime(2026, 1, 1), due_at=None)
    with app.app_context():
        apply_migrations(db)
    with app.app_context(), database.connection_context():
        assert Assignment.get_by_id(typed).due_at == datetime(2026, 7, 31, 21, 59, 59)
        assert Assignment.get_by_id(counted).due_at == datetime(2026, 1, 16, 22, 59, 59)
        assert Assignment.get(Assignment.module_id == "extra").due_at is None


def test_people_get_their_sort_name_from_the_name_they_have(make_app):
    app = make_app()
    db = empty_database(app)
    apply_migrations(db, "0010_mail_and_certificates")
    with db.connection_context():
        insert(db, "user", email="jan@example.com", name="Jan Özdemir", department="IT", role="learner",
               password_hash="", active=True, session_version=1, created_at=datetime(2026, 1, 1))
    apply_migrations(db)
    with app.app_context(), database.connection_context():
        assert User.get(User.email == "jan@example.com").sort_name == "ozdemir jan"


def test_stored_mail_errors_get_their_kind_and_keep_the_servers_words(make_app):
    app = make_app()
    db = empty_database(app)
    apply_migrations(db, "0017_replies")
    stored = {  # texts the code before 0018 wrote -> (kind, detail kept)
        "the server refused typo@example.con: 550 5.1.1 No such mailbox": ("recipient", "550 5.1.1 No such mailbox"),
        "the server refused the login: 535 5.7.8 Authentication failed": ("login", "535 5.7.8 Authentication failed"),
        "the server answered 552 Message too big": ("refused", "552 Message too big"),
        "the server closed the connection: Connection unexpectedly closed": ("dropped", "Connection unexpectedly closed"),
        "cannot reach SMTP server mail.intranet:587 (starttls): [Errno 111] Connection refused":
            ("unreachable", "[Errno 111] Connection refused"),
        "cannot reach SMTP server mail.intranet:25 (plain): timed out": ("timeout", "timed out"),
        "cannot reach SMTP server mail.intranet:465 (tls): [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed":
            ("tls", "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed"),
        "the module basics is no longer in the course": ("module-gone", "basics"),
        "the person has been deactivated": ("deactivated", ""),
        "something else": ("", "something else"),  # shown as stored
        "": ("", ""),
    }
    with db.connection_context():
        uid = insert(db, "user", email="ann@example.com", name="Ann", department="", role="learner", sort_name="ann",
                     password_hash="x", active=True, session_version=1, created_at=datetime(2026, 1, 1))
        ids = {text: insert(db, "mail", key=f"k{n}", kind="reminder", user_id=uid, params="{}", subject="",
                            status="given-up", attempts=1, next_attempt_at=datetime(2026, 1, 1), claimed_by="",
                            created_at=datetime(2026, 1, 1), last_error=text)
               for n, text in enumerate(stored)}
    apply_migrations(db)
    with app.app_context(), database.connection_context():
        for text, (kind, detail) in stored.items():
            row = Mail.get_by_id(ids[text])
            assert (row.error_kind, row.last_error) == (kind, detail), text
