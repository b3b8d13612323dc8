"""/media/ serves only the images loaded lessons show, inside the course folder; links out are errors."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file beside the course folder, as instance/secret_key is beside lessons/."""
    path = tmp_path / "instance" / "secret_key"
    path.parent.mkdir()
    path.write_text("the secret key")
    return path


def get(client, path: str):
    with client.get(path) as response:
        return response.status_code, response.get_data()


def errors(app) -> list[str]:
    root = app.config["KURS_LESSONS_DIR"]
    return [str(e).replace(f"{root}/", "") for e in app.extensions["kurs_catalog"].refresh().errors]


def test_links_out_of_the_folder_are_not_served_and_are_errors(app, client, learner, lessons_dir, secret):
    (lessons_dir / "01-basics" / "key.png").symlink_to(secret)
    (lessons_dir / "01-basics" / "passwd.png").symlink_to("/etc/passwd")
    (lessons_dir / "rootfs").symlink_to("/")
    for path in ("/media/01-basics/key.png", "/media/01-basics/passwd.png", "/media/rootfs/etc/passwd.png"):
        status, body = get(client, path)
        assert status == 404 and b"secret" not in body and b"root:" not in body, path
    found = errors(app)
    assert any(e.startswith("01-basics/key.png:1: 'key.png' is a link to") and "outside the course folder" in e for e in found)
    assert any(e.startswith("01-basics/passwd.png:1:") for e in found)
    assert any(e.startswith("rootfs:1: 'rootfs' is a link to /, outside the course folder") for e in found)


def test_a_lesson_showing_a_linked_image_gets_an_error_not_the_file(app, client, learner, lessons_dir, secret):
    (lessons_dir / "01-basics" / "key.png").symlink_to(secret)
    (lessons_dir / "01-basics" / "01-welcome.md").write_text("---\ntitle: Welcome\n---\n![k](key.png)\n")
    assert "01-basics/01-welcome.md:4: image 'key.png' leaves the course folder" in errors(app)
    assert get(client, "/media/01-basics/key.png")[0] == 404


def test_a_lesson_file_or_module_folder_linked_from_outside_is_not_loaded(app, client, learner, lessons_dir, tmp_path):
    outside = tmp_path / "outside"
    (outside / "mod").mkdir(parents=True)
    (outside / "mod" / "module.md").write_text("---\ntitle: Outside\n---\n")
    (outside / "mod" / "01-x.md").write_text("---\ntitle: Outside lesson\n---\nroot:x:0:0\n")
    (lessons_dir / "03-outside").symlink_to(outside / "mod")
    (lessons_dir / "01-basics" / "09-leak.md").symlink_to(outside / "mod" / "01-x.md")
    found = errors(app)
    assert any(e.startswith("03-outside:1:") for e in found) and any(e.startswith("01-basics/09-leak.md:1:") for e in found)
    course = app.extensions["kurs_catalog"].course()
    assert course.module("outside") is None and course.lesson("basics", "leak") is None
    assert get(client, "/learn/basics/leak")[0] == 404


def test_only_images_a_loaded_lesson_shows_are_served(client, learner, lessons_dir):
    for name in ("01-basics/unused.png", ".git/logo.png", "_drafts/new.png", "01-basics/_old/pic.png"):
        (lessons_dir / name).parent.mkdir(parents=True, exist_ok=True)
        (lessons_dir / name).write_bytes(PNG)
        assert get(client, f"/media/{name}")[0] == 404, name
    assert get(client, "/media/01-basics/diagram.png")[0] == 200


def test_an_image_in_a_hidden_folder_is_an_error(app, lessons_dir):
    (lessons_dir / "_drafts").mkdir()
    (lessons_dir / "_drafts" / "new.png").write_bytes(PNG)
    (lessons_dir / "01-basics" / "01-welcome.md").write_text("---\ntitle: Welcome\n---\n![n](../_drafts/new.png)\n")
    assert any("image '../_drafts/new.png' is in a hidden folder" in e for e in errors(app))


def test_an_image_swapped_for_a_link_after_loading_is_refused(app, client, learner, lessons_dir, secret):
    assert get(client, "/media/01-basics/diagram.png")[0] == 200
    image = lessons_dir / "01-basics" / "diagram.png"
    stamp = image.stat()
    image.unlink()
    image.symlink_to(secret)
    os.utime(image, ns=(stamp.st_atime_ns, stamp.st_mtime_ns), follow_symlinks=False)
    status, body = get(client, "/media/01-basics/diagram.png")
    assert status == 404 and b"secret" not in body


def test_a_link_inside_the_folder_is_no_error(app, lessons_dir):
    (lessons_dir / "01-basics" / "same.png").symlink_to(lessons_dir / "01-basics" / "diagram.png")
    assert errors(app) == []
