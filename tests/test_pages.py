"""Lesson HTML kept on disk (course/content/pages.py): read back exactly, written once, never lost."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from course.content.catalog import Catalog
from course.content.pages import SMALL, PageStore, StoredHtml

FIXTURE_COURSE = Path(__file__).parent / "fixtures" / "course"
LONG = "<p>Grüße an alle, die öffentlich antworten 👋</p>\n" * 40


def test_a_long_text_comes_back_exactly_and_is_written_once(tmp_path):
    store = PageStore(tmp_path / "cache")
    kept = store.keep(LONG)
    assert isinstance(kept, StoredHtml) and kept.read() == LONG
    assert store.keep(LONG) is kept  # the same text again: no second copy
    other = store.keep(LONG.replace("alle", "jeden"))
    assert other != kept and other.read() == LONG.replace("alle", "jeden") and kept.read() == LONG
    assert list((tmp_path / "cache").iterdir()) == []  # the file is unlinked: no one else sees or deletes it


def test_a_short_text_stays_in_memory(tmp_path):
    short = "x" * (SMALL - 1)
    assert PageStore(tmp_path).keep(short) is short


def test_without_a_writable_folder_the_text_stays_in_memory(tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    assert PageStore(blocked / "cache").keep(LONG) == LONG
    assert PageStore(None).keep(LONG) == LONG


def test_a_forked_worker_reads_the_texts_of_its_parent_and_writes_its_own(tmp_path):
    store = PageStore(tmp_path)
    kept = store.keep(LONG)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: reads the parent's text, writes one of its own into a file of its own
        os.close(read)
        mine = store.keep(LONG + "mine")
        ok = kept.read() == LONG and mine.read() == LONG + "mine" and mine.file is not kept.file
        os.write(write, b"1" if ok else b"0")
        os._exit(0)
    os.close(write)
    assert os.read(read, 1) == b"1"
    os.waitpid(pid, 0)
    assert kept.read() == LONG  # the child's writing left the parent's file alone


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "lessons"
    shutil.copytree(FIXTURE_COURSE, target)
    welcome = target / "01-basics" / "01-welcome.md"  # long enough to be kept on disk
    welcome.write_text(welcome.read_text() + "\n\n" + "Wer öffentlich antwortet, antwortet allen. " * 20 + "\n")
    return target


def test_a_catalog_with_a_cache_keeps_lesson_html_on_disk_in_every_language(root, tmp_path):
    course = Catalog(root, cache_dir=tmp_path / "cache").course()
    lessons = [x for m in course.modules for x in m.lessons]
    plain = Catalog(root).course()  # no cache: the same course, HTML in memory
    assert isinstance(course.lesson("basics", "welcome").body, StoredHtml)
    assert [x.html for x in lessons] == [x.html for m in plain.modules for x in m.lessons]
    for variant in course.variants.values():
        assert all(isinstance(x.body, StoredHtml) or len(x.body.encode()) < SMALL for m in variant.modules for x in m.lessons)


def test_an_edited_lesson_shows_its_new_text(root, tmp_path):
    catalog = Catalog(root, interval=0, cache_dir=tmp_path / "cache")
    before = catalog.course().lesson("basics", "welcome").html
    path = root / "01-basics" / "01-welcome.md"
    path.write_text(path.read_text() + "\n\nEin neuer Absatz über Antworten.\n")
    os.utime(path, (1, 1))
    after = catalog.refresh().lesson("basics", "welcome").html
    assert "Ein neuer Absatz" in after and "Ein neuer Absatz" not in before


def test_the_lesson_page_shows_the_html_kept_on_disk(client, learner, app, lessons_dir):
    welcome = lessons_dir / "01-basics" / "01-welcome.md"
    welcome.write_text(welcome.read_text() + "\n\n" + "Wer öffentlich antwortet, antwortet allen. " * 20 + "\n")
    os.utime(welcome, (1, 1))
    lesson = app.extensions["kurs_catalog"].refresh().lesson("basics", "welcome")
    assert isinstance(lesson.body, StoredHtml)
    page = client.get("/learn/basics/welcome").get_data(as_text=True)
    assert lesson.html in page and "Wer öffentlich antwortet" in page


def test_every_language_version_keeps_its_html_on_disk_and_finds_the_others(tmp_path):
    shipped = Path(__file__).parent.parent / "lessons"
    course = Catalog(shipped, cache_dir=tmp_path / "cache").course()
    assert len(course.languages) >= 2
    versions = [course.in_language(language) for language in course.languages]
    assert versions[0] is course
    for version in versions:
        assert all(version.in_language(language) is other for language, other in zip(course.languages, versions, strict=True))
        lessons = [x for m in version.modules for x in m.lessons]
        assert all(isinstance(x.body, StoredHtml) for x in lessons if len(x.html.encode()) >= SMALL)
        assert any(isinstance(x.body, StoredHtml) for x in lessons)


def test_a_text_read_again_comes_from_memory(tmp_path):
    kept = PageStore(tmp_path).keep(LONG + "again")
    first = kept.read()
    assert kept.read() is first  # the lessons read most often: one string, not a new one per page
    assert kept.read_file() == first and kept.read_file() is not first


def test_a_worker_imports_the_pdf_library_only_for_a_certificate(tmp_path):
    """fpdf and fontTools are 22 MB of resident memory: a worker that never writes a PDF does without."""
    code = ("import sys\nfrom course import create_app\n"
            f"create_app({{'DATABASE_URL': 'sqlite:///{tmp_path}/x.db', 'SECRET_KEY': 'x'}})\n"
            "print('fpdf' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parent.parent, env={**os.environ, "KURS_LESSONS_DIR": str(FIXTURE_COURSE)})
    assert out.stdout.strip().splitlines()[-1] == "False"


def test_loading_the_course_gives_freed_memory_back(root, tmp_path, monkeypatch):
    from course.content import catalog as catalog_module

    calls = []
    monkeypatch.setattr(catalog_module, "release_freed_memory", lambda: calls.append(1))
    catalog = Catalog(root, interval=0, cache_dir=tmp_path / "cache")
    catalog.course()
    assert calls == [1]
    monkeypatch.undo()
    catalog_module.release_freed_memory()  # and the real one runs on this system without error
