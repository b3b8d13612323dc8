"""Publishing from the browser (issue 17): edit, preview, publish, conflicts, history, restore, git, roles."""

from __future__ import annotations

import re
import subprocess

import pytest
from conftest import csrf_token

from course.db import database
from course.models import Publish, PublishedFile
from course.publish.history import publish_lock, record_disk_changes, sha256, version_of_attempt
from course.publish.writing import write_atomic

LESSON = "01-basics/01-welcome.md"


@pytest.fixture
def trainer(make_user, auth):
    make_user("admin@example.com", role="admin")
    user = make_user("trainer@example.com", role="trainer", name="Tina Trainer")
    auth.login("trainer@example.com")
    return user


def editor(client, path=LESSON) -> dict:
    html = client.get(f"/train/content/edit/{path}").get_data(as_text=True)
    base = re.search(r'name="base" value="([^"]*)"', html).group(1)
    text = re.search(r'<textarea[^>]*>(.*?)</textarea>', html, re.S).group(1)
    return {"csrf_token": csrf_token(client, f"/train/content/edit/{path}"), "base": base,
            "text": text.replace("&#39;", "'").replace("&quot;", '"').replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")}


def test_edit_preview_and_publish(client, trainer, lessons_dir):
    form = editor(client)
    assert form["base"] == sha256((lessons_dir / LESSON).read_bytes())
    form["text"] = form["text"].replace("\n\n", "\n\nA sentence added in the browser.\n\n", 1)
    shown = client.post(f"/train/content/preview/{LESSON}", data=form).get_data(as_text=True)
    assert "A sentence added in the browser." in shown and "preview-lesson" in shown
    assert "added in the browser" not in (lessons_dir / LESSON).read_text()  # a preview writes nothing
    response = client.post(f"/train/content/edit/{LESSON}", data={**form, "action": "publish"})
    assert response.status_code == 302
    assert "A sentence added in the browser." in (lessons_dir / LESSON).read_text()
    assert not list(lessons_dir.rglob(".kurs-*"))  # no temporary file left behind
    assert "A sentence added in the browser." in client.get("/learn/basics/welcome").get_data(as_text=True)


def test_an_error_is_shown_beside_its_line_and_nothing_is_written(client, trainer, lessons_dir):
    before = (lessons_dir / LESSON).read_bytes()
    form = editor(client)
    form["text"] = form["text"] + "\n![missing](nowhere.png)\n"
    shown = client.post(f"/train/content/preview/{LESSON}", data=form).get_data(as_text=True)
    line = form["text"].count("\n")
    assert f'data-line="{line}"' in shown and "nowhere.png" in shown
    response = client.post(f"/train/content/edit/{LESSON}", data={**form, "action": "publish"})
    assert response.status_code == 422 and "nowhere.png" in response.get_data(as_text=True)
    assert (lessons_dir / LESSON).read_bytes() == before


def test_a_stale_edit_is_refused_with_the_difference(client, trainer, lessons_dir):
    mine, theirs = editor(client), editor(client)
    theirs["text"] = theirs["text"].replace("\n\n", "\n\nTheir sentence.\n\n", 1)
    assert client.post(f"/train/content/edit/{LESSON}", data={**theirs, "action": "publish"}).status_code == 302
    mine["text"] = mine["text"].replace("\n\n", "\n\nMy sentence.\n\n", 1)
    response = client.post(f"/train/content/edit/{LESSON}", data={**mine, "action": "publish"})
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "-Their sentence." in page and "+My sentence." in page  # the difference
    assert "My sentence." in page.split("<textarea", 1)[1]  # nothing lost: the text is still in the editor
    assert "Their sentence." in (lessons_dir / LESSON).read_text()
    assert "My sentence." not in (lessons_dir / LESSON).read_text()
    # the form now carries the published version's hash: publishing again is deliberate and works
    again = re.search(r'name="base" value="([^"]*)"', page).group(1)
    assert client.post(f"/train/content/edit/{LESSON}", data={**mine, "base": again, "action": "publish"}).status_code == 302
    assert "My sentence." in (lessons_dir / LESSON).read_text()


def test_history_records_disk_changes_browser_publishes_and_restores(app, client, trainer, lessons_dir):
    original = (lessons_dir / LESSON).read_text()
    (lessons_dir / LESSON).write_text(original + "\nEdited on disk.\n")
    form = editor(client)
    form["text"] = form["text"] + "\nEdited in the browser.\n"
    client.post(f"/train/content/edit/{LESSON}", data={**form, "action": "publish"})
    page = client.get(f"/train/content/history/{LESSON}").get_data(as_text=True)
    assert page.count('class="card version"') == 2 + 0  # the course as found on disk first, then the publish
    assert "Tina Trainer" in page and "on disk" in page and "+Edited in the browser." in page
    with app.app_context(), database.connection_context():
        first = PublishedFile.select().where(PublishedFile.path == LESSON).order_by(PublishedFile.id).first()
    token = csrf_token(client, f"/train/content/history/{LESSON}")
    assert client.post(f"/train/content/restore/{first.id}", data={"csrf_token": token}).status_code == 302
    assert (lessons_dir / LESSON).read_text() == original + "\nEdited on disk.\n"
    with app.app_context(), database.connection_context():
        assert [p.source for p in Publish.select().order_by(Publish.id)] == ["disk", "browser", "restore"]


def test_an_attempt_points_at_the_version_it_answered(app, course, lessons_dir):
    lesson = course.lesson("basics", "quiz")
    name = lesson.path.replace(str(lessons_dir) + "/", "")
    with app.app_context(), database.connection_context():
        with publish_lock():
            record_disk_changes(lessons_dir)
        version = version_of_attempt(name, lesson.content_hash)
    assert version is not None and version.content == (lessons_dir / name).read_text()


def test_learners_may_not_edit(client, make_user, auth):
    make_user("admin@example.com", role="admin")
    make_user()
    auth.login()
    for url in (f"/train/content/edit/{LESSON}", f"/train/content/history/{LESSON}", "/train/content/upload"):
        assert client.get(url).status_code == 403


@pytest.mark.parametrize("path", ["../outside.md", ".hidden.md", "01-basics/run.sh", "01-basics/%2e%2e/%2e%2e/x.md"])
def test_bad_names_are_refused(client, trainer, path):
    response = client.get(f"/train/content/edit/{path}")
    assert response.status_code == 400


def test_a_git_course_folder_gets_a_commit_per_publish(client, trainer, lessons_dir):
    git = ["git", "-C", str(lessons_dir)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "-c", "user.name=Setup", "-c", "user.email=setup@example.com", "commit", "-qm", "start"], check=True)
    form = editor(client)
    form["text"] += "\nCommitted.\n"
    client.post(f"/train/content/edit/{LESSON}", data={**form, "action": "publish", "note": "A sentence more"})
    log = subprocess.run([*git, "log", "-1", "--format=%an <%ae>|%s"], capture_output=True, text=True, check=True).stdout
    assert log.strip() == "Tina Trainer <trainer@example.com>|A sentence more"
    assert subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True).stdout == ""


def test_write_atomic_replaces_the_file_whole(tmp_path):
    path = tmp_path / "m" / "a.md"
    write_atomic(path, b"one")
    write_atomic(path, b"two")
    assert path.read_bytes() == b"two" and [p.name for p in path.parent.iterdir()] == ["a.md"]


def rename(client, new_name: str, path: str = LESSON):
    form = editor(client, path)
    return client.post(f"/train/content/rename/{path}", data={"csrf_token": form["csrf_token"], "base": form["base"],
                                                              "new_name": new_name})


def test_a_renamed_lesson_keeps_its_id_in_front_matter(client, trainer, lessons_dir):
    response = rename(client, "05-hello")
    assert response.status_code == 302 and response.location.endswith("/train/content/edit/01-basics/05-hello.md")
    assert not (lessons_dir / LESSON).exists()
    assert "id: welcome" in (lessons_dir / "01-basics/05-hello.md").read_text()
    assert client.get("/learn/basics/welcome").status_code == 200  # the same id: nobody's progress is lost


def test_renumbering_changes_the_order_and_writes_no_id(client, trainer, lessons_dir):
    assert rename(client, "03-welcome").status_code == 302
    assert "id:" not in (lessons_dir / "01-basics/03-welcome.md").read_text()
    page = client.get("/train/content").get_data(as_text=True).split('id="module-basics"', 1)[1]
    assert page.index("01-basics/02-quiz.md") < page.index("01-basics/03-welcome.md")


def test_a_rename_onto_an_existing_file_is_refused(client, trainer, lessons_dir):
    before = (lessons_dir / "01-basics/02-quiz.md").read_text()
    response = client.get(rename(client, "02-quiz").location)
    assert "exists already" in response.get_data(as_text=True)
    assert (lessons_dir / "01-basics/02-quiz.md").read_text() == before and (lessons_dir / LESSON).exists()
