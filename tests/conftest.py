"""Fixtures: an app on a fresh database (SQLite, and PostgreSQL when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

import pytest

from course import create_app
from course.commands.translation_catalogs import compile_catalogs
from course.db import database
from course.migrate import apply_migrations, pending_migrations
from course.models import User
from course.web.i18n import LANGUAGES

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE_COURSE = FIXTURES / "course"
PASSWORD = "correct horse battery"
BACKENDS = ["sqlite"] + (["postgres"] if os.environ.get("TEST_DATABASE_URL") else [])
# tests hash passwords cheaply; the app's default is scrypt
FAST_HASH = "pbkdf2:sha256:1000"
# a command speaks the terminal's language (course/web/i18n.py, cli_language); in the suite, KURS_LANGUAGE's
for _variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
    os.environ.pop(_variable, None)


def pytest_sessionstart(session):
    """Compile the translation catalogs that changed, as `make test` does, for a bare pytest run too."""
    compile_catalogs()


@pytest.fixture
def lessons_dir(request, tmp_path: Path) -> Path:
    """A private copy of the fixture course, free to edit.

    tests/fixtures/course, or the folder a module names: `pytestmark = pytest.mark.lessons("practice")`.
    """
    marker = request.node.get_closest_marker("lessons")
    target = tmp_path / "lessons"
    shutil.copytree(FIXTURES / marker.args[0] if marker else FIXTURE_COURSE, target)
    return target


def pytest_generate_tests(metafunc):
    """`pytest.mark.each_language`: the test runs once per interface language, named by its `language` argument."""
    if metafunc.definition.get_closest_marker("each_language"):
        metafunc.parametrize("language", list(LANGUAGES))


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kurs.db'}"
    return os.environ["TEST_DATABASE_URL"]


def reset_database(db) -> None:
    """Drop every table: the PostgreSQL test database outlives each test."""
    with db.connection_context():
        for table in db.get_tables():
            db.execute_sql(f'DROP TABLE IF EXISTS "{table}" CASCADE' if not _is_sqlite(db) else f'DROP TABLE IF EXISTS "{table}"')


_SQLITE_TEMPLATE: list[Path] = []


def _sqlite_template() -> Path:
    """Migrate one empty SQLite database per test session; each test starts from a copy of it."""
    if not _SQLITE_TEMPLATE:
        from course.db import open_database

        path = Path(tempfile.mkdtemp(prefix="kurs-template-")) / "template.db"
        template = open_database(f"sqlite:///{path}")
        apply_migrations(template)
        template.close()
        _SQLITE_TEMPLATE.append(path)
    return _SQLITE_TEMPLATE[0]


def fresh_schema(db) -> None:
    """Leave empty tables at the latest schema: a current PostgreSQL schema is truncated (fast), others rebuilt."""
    if _is_sqlite(db) and db.is_closed() and not Path(db.database).exists():
        shutil.copyfile(_sqlite_template(), db.database)
        return
    if not _is_sqlite(db):
        with db.connection_context():
            tables = db.get_tables()
        if "schema_migration" in tables and not pending_migrations(db):
            names = ", ".join(f'"{table}"' for table in tables if table != "schema_migration")
            with db.connection_context():
                db.execute_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            return
    reset_database(db)
    apply_migrations(db)


def _is_sqlite(db) -> bool:
    return type(db).__name__.endswith("SqliteDatabase")


@pytest.fixture
def make_app(database_url: str, lessons_dir: Path, tmp_path: Path):
    """Build apps on this test's database; extra settings override the defaults."""

    def build(**settings):
        config = {
            "DATABASE_URL": database_url,
            "KURS_LESSONS_DIR": str(lessons_dir),
            "SECRET_KEY": "test-secret",
            "KURS_PASSWORD_METHOD": FAST_HASH,
            "KURS_RELOAD_INTERVAL": 0,
            "KURS_RELOAD_WAIT": 30,  # a test sees its edit on the next request, however busy the machine
            "KURS_RENDER_CACHE": str(tmp_path / "render-cache"),
            # the suite reads the English interface unless a test asks for German (tests/test_i18n.py)
            "KURS_LANGUAGE": "en",
            "KURS_OUTBOX": str(tmp_path / "outbox"),  # mail written without an SMTP server
            "TESTING": True,
        }
        config.update(settings)
        built.append(create_app(config))
        return built[-1]

    built = []
    yield build
    if not database.is_closed():
        database.close()
    for app in built:  # a pooled PostgreSQL database (postgresql+pool://) keeps its connections until told
        getattr(app.extensions["kurs_db"], "close_all", lambda: None)()


@pytest.fixture
def app(make_app, request):
    """The app on a fresh schema; under `pytest.mark.each_language` the company speaks the test's language."""
    marker = request.node.get_closest_marker("each_language")
    app = make_app(**({"KURS_LANGUAGE": request.getfixturevalue("language")} if marker else {}))
    db = app.extensions["kurs_db"]
    fresh_schema(db)
    yield app
    db.close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    """Create a person directly in the database; the password is PASSWORD."""
    from werkzeug.security import generate_password_hash

    hashed = generate_password_hash(PASSWORD, method=FAST_HASH)

    def create(email="learner@example.com", role="learner", name=None, department="Service", **fields):
        with app.app_context(), database.connection_context():
            return User.create(email=email, name=name or email.split("@")[0].title(), role=role,
                               department=department, password_hash=hashed, **fields)

    return create


def csrf_token(client, path="/login") -> str:
    """Fetch a page and return the CSRF token of its first form."""
    html = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, f"no CSRF token on {path}"
    return match.group(1)


class Auth:
    """Sign in and out through the real forms, CSRF token included."""

    def __init__(self, client):
        self.client = client

    def login(self, email="learner@example.com", password=PASSWORD):
        token = csrf_token(self.client)
        return self.client.post("/login", data={"email": email, "password": password, "csrf_token": token})

    def logout(self):
        token = csrf_token(self.client, "/")
        return self.client.post("/logout", data={"csrf_token": token})


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def learner(make_user, auth):
    """A signed-in learner (plus an admin, so the app is past its first-run setup)."""
    make_user("admin@example.com", role="admin")
    user = make_user()
    auth.login()
    return user


@pytest.fixture
def course(app):
    """The course as the app has loaded it."""
    return app.extensions["kurs_catalog"].course()
