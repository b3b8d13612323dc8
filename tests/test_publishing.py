"""Publishing without a restart: lesson files added, changed, broken and removed show on the next request."""

from __future__ import annotations

import pytest
from conftest import PASSWORD, csrf_token

FRESH = "---\ntitle: Fresh lesson\n---\nNew.\n"


@pytest.fixture
def trainer(make_user, auth):
    make_user("admin@example.com", role="admin")
    make_user("trainer@example.com", role="trainer")
    auth.login("trainer@example.com")


def test_added_changed_and_removed_files_show_on_the_next_request(client, trainer, lessons_dir):
    path = lessons_dir / "02-advanced" / "03-fresh.md"
    assert "Fresh lesson" not in client.get("/train/content").get_data(as_text=True)
    path.write_text(FRESH, encoding="utf-8")
    assert "Fresh lesson" in client.get("/train/content").get_data(as_text=True)
    assert "Fresh lesson" in client.get("/learn/advanced").get_data(as_text=True)  # learners see it too
    path.write_text(FRESH.replace("Fresh lesson", "Renamed lesson"), encoding="utf-8")
    page = client.get("/train/content").get_data(as_text=True)
    assert "Renamed lesson" in page and "Fresh lesson" not in page
    path.unlink()
    assert "Renamed lesson" not in client.get("/train/content").get_data(as_text=True)
    assert client.get("/learn/advanced/fresh").status_code == 404


def test_a_broken_file_keeps_its_last_good_version_and_is_listed(client, trainer, lessons_dir):
    path = lessons_dir / "01-basics" / "01-welcome.md"
    assert "Welcome" in client.get("/train/content").get_data(as_text=True)
    path.write_text(path.read_text(encoding="utf-8").replace("minutes: 3", "minutes: three"), encoding="utf-8")
    page = client.get("/train/content").get_data(as_text=True)
    assert "01-basics/01-welcome.md:3" in page and "Error: last good version live" in page
    assert client.get("/learn/basics/welcome").status_code == 200
    path.write_text(path.read_text(encoding="utf-8").replace("minutes: three", "minutes: 4"), encoding="utf-8")
    page = client.get("/train/content").get_data(as_text=True)
    assert "No errors: every file loaded." in page


def test_reload_now_publishes_at_once_even_within_the_interval(make_app, app, make_user, lessons_dir):
    make_user("trainer@example.com", role="trainer")
    slow = make_app(KURS_RELOAD_INTERVAL=3600)
    client = slow.test_client()
    client.post("/login", data={"email": "trainer@example.com", "password": PASSWORD, "csrf_token": csrf_token(client)})
    assert "Fresh lesson" not in client.get("/train/content").get_data(as_text=True)
    (lessons_dir / "02-advanced" / "03-fresh.md").write_text(FRESH, encoding="utf-8")
    assert "Fresh lesson" not in client.get("/train/content").get_data(as_text=True)
    response = client.post("/train/content/reload", data={"csrf_token": csrf_token(client, "/train/content")})
    assert response.status_code == 302 and response.location == "/train/content"
    page = client.get("/train/content").get_data(as_text=True)
    assert "Fresh lesson" in page and "Reloaded: 2 modules, 5 lessons, 0 error(s)." in page
    assert client.post("/train/content/reload").status_code == 400  # no CSRF token


def test_a_learner_cannot_reload(client, make_user, auth):
    make_user("admin@example.com", role="admin")
    make_user()
    auth.login()
    assert client.post("/train/content/reload", data={"csrf_token": csrf_token(client, "/")}).status_code == 403
