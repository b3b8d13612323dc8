"""Uploads (issue 17): checked before anything is written, hostile files refused with the reason, good files only."""

from __future__ import annotations

import io
import re
import stat
import zipfile

import pytest
from conftest import csrf_token
from test_publish import trainer  # noqa: F401 (the signed-in trainer fixture)
from werkzeug.test import EnvironBuilder

from course.db import database
from course.models import User

LESSON = "---\ntitle: Uploaded\n---\n\nAn uploaded lesson.\n"
BROKEN = "---\ntitle: Broken\n---\n\n![gone](gone.png)\n"


def snapshot(folder) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def zipped(entries: dict[str, bytes], links: tuple[str, ...] = ()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "../../etc/passwd")
    return out.getvalue()


def upload(client, files: list[tuple[bytes, str]], folder: str = "01-basics"):
    data = {"csrf_token": csrf_token(client, "/train/content/upload"), "folder": folder,
            "files": [(io.BytesIO(body), name) for body, name in files]}
    builder = EnvironBuilder(path="/train/content/upload", method="POST", data=data, content_type="multipart/form-data")
    environ = builder.get_environ()
    try:  # a refused upload is never read: its spooled body is closed here
        return client.open(environ)
    finally:
        environ["wsgi.input"].close()
        builder.close()


def test_a_good_lesson_is_published(client, trainer, lessons_dir):  # noqa: F811
    response = upload(client, [(LESSON.encode(), "05-uploaded.md")])
    assert response.status_code == 302
    assert (lessons_dir / "01-basics/05-uploaded.md").read_text() == LESSON
    assert "An uploaded lesson." in client.get("/learn/basics/uploaded").get_data(as_text=True)


def test_a_zipped_module_with_a_broken_file_writes_nothing_then_publishes_the_good_ones(client, trainer, lessons_dir):  # noqa: F811
    before = snapshot(lessons_dir)
    body = zipped({"03-new/module.md": b"---\ntitle: New module\n---\n", "03-new/01-good.md": LESSON.encode(),
                   "03-new/02-broken.md": BROKEN.encode()})
    response = upload(client, [(body, "module.zip")], folder="")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "03-new/02-broken.md:5" in page and "gone.png" in page
    assert snapshot(lessons_dir) == before
    token = re.search(r'action="/train/content/upload/([^"]+)"', page).group(1)
    response = client.post(f"/train/content/upload/{token}", data={
        "csrf_token": csrf_token(client, "/train/content/upload"), "broken": "03-new/02-broken.md"})
    assert response.status_code == 302
    assert (lessons_dir / "03-new/01-good.md").is_file() and not (lessons_dir / "03-new/02-broken.md").exists()


def test_a_zip_of_the_whole_course_unpacks_into_the_course_folder(client, trainer, lessons_dir):  # noqa: F811
    files = {f"lessons/{k}": v for k, v in snapshot(lessons_dir).items()}
    files["lessons/01-basics/06-more.md"] = LESSON.encode()
    assert upload(client, [(zipped(files), "course.zip")], folder="").status_code == 302
    assert (lessons_dir / "01-basics/06-more.md").is_file() and not (lessons_dir / "lessons").exists()


SVG_SCRIPT = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
SVG_ONLOAD = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>'
BOMB = zipped({"01-basics/bomb.md": b"a" * (15 << 20)})

HOSTILE = {
    "zip path traversal": ([(zipped({"../../escape.md": LESSON.encode()}), "evil.zip")], "leaves the course folder"),
    "zip absolute path": ([(zipped({"/tmp/abs.md": LESSON.encode()}), "evil.zip")], "leaves the course folder"),
    "zip bomb": ([(BOMB, "bomb.zip")], "zip bomb"),
    "symlink in a zip": ([(zipped({}, links=("01-basics/link.md",)), "link.zip")], "symbolic link"),
    "svg with script": ([(SVG_SCRIPT, "figure.svg")], "script"),
    "svg with an event handler": ([(SVG_ONLOAD, "figure.svg")], "event handler"),
    "not utf-8": ([("---\ntitle: Ä\n---\n\nGrüße\n".encode("latin-1"), "latin.md")], "line 2: not UTF-8"),
    "hidden file": ([(LESSON.encode(), ".hidden.md")], "hidden"),
    "a script": ([(b"#!/bin/sh\n", "run.sh")], "only"),
    "an image that is not one": ([(b"<html>", "photo.png")], "not a PNG"),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_uploads_are_refused_and_change_no_file(client, trainer, lessons_dir, case):  # noqa: F811
    before = snapshot(lessons_dir)
    files, reason = HOSTILE[case]
    response = upload(client, files)
    assert response.status_code == 400
    assert reason in response.get_data(as_text=True)
    assert snapshot(lessons_dir) == before
    assert not (lessons_dir.parent / "escape.md").exists()


def test_a_50_mb_file_is_refused(client, trainer, lessons_dir):  # noqa: F811
    before = snapshot(lessons_dir)
    response = upload(client, [(b"x" * (50 << 20), "huge.md")])
    assert response.status_code == 413 and "larger than 20 MB: nothing was written" in response.get_data(as_text=True)
    assert snapshot(lessons_dir) == before


@pytest.mark.parametrize(("language", "says"), [
    ("en", "“big.md” is 1.5 MB; a file may be at most 1 MB."),
    ("de", "„big.md“ ist 1,5 MB groß; eine Datei darf höchstens 1 MB groß sein."),
])
def test_a_file_over_its_limit_is_refused_with_its_size_in_the_readers_form(app, client, trainer, lessons_dir, language, says):  # noqa: F811
    with app.app_context(), database.connection_context():
        User.update(language=language).where(User.id == trainer.id).execute()
    response = upload(client, [(b"a" * (3 << 19), "big.md")])  # 1.5 MB of text: 1 MB is a course file's limit
    assert response.status_code == 400 and says in response.get_data(as_text=True)
    assert not (lessons_dir / "01-basics" / "big.md").exists()


def test_a_symlink_in_the_course_folder_is_never_written_through(client, trainer, lessons_dir, tmp_path):  # noqa: F811
    outside = tmp_path / "outside"
    outside.mkdir()
    (lessons_dir / "01-basics" / "linked").symlink_to(outside)
    response = upload(client, [(LESSON.encode(), "x.md")], folder="01-basics/linked")
    assert response.status_code == 400
    assert not list(outside.iterdir())
