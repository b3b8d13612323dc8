"""The catalog: changed files are reloaded without a restart, and only they are parsed again."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from course.content.catalog import Catalog

PNG = b"\x89PNG\r\n\x1a\n"


def write(path: Path, text: str | bytes) -> None:
    """Write a file and move its modification time on, as a later save would."""
    before = path.stat().st_mtime_ns if path.exists() else None
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    if before is not None:
        os.utime(path, ns=(before + 10**9, before + 10**9))


def errors(catalog: Catalog) -> list[str]:
    return [str(e).replace(f"{catalog.root}/", "") for e in catalog.course().errors]


@pytest.fixture(params=["memory", "render-cache"])
def catalog(request, lessons_dir, tmp_path) -> Catalog:
    """A catalog that checks the files on every call, with and without its render cache on disk."""
    cache = tmp_path / "render-cache" if request.param == "render-cache" else None
    catalog = Catalog(lessons_dir, interval=0, cache_dir=cache, patience=30)
    assert errors(catalog) == []
    return catalog


def test_first_load_parses_every_lesson_once(catalog):
    assert catalog.parses == 4  # each test's render cache starts empty
    before = catalog.parses
    catalog.course()
    catalog.course()
    assert catalog.parses == before


def test_changed_lesson_is_seen_on_the_next_call(catalog, lessons_dir):
    write(lessons_dir / "01-basics/01-welcome.md", "---\ntitle: Welcome, reworded\n---\nNew **text**.\n")
    lesson = catalog.course().lesson("basics", "welcome")
    assert lesson.title == "Welcome, reworded"
    assert "<strong>text</strong>" in lesson.html


def test_only_the_changed_file_is_parsed_again(catalog, lessons_dir):
    before = catalog.parses
    write(lessons_dir / "02-advanced/01-reading.md", "---\ntitle: Reading\n---\nMore reading.\n")
    catalog.course()
    assert catalog.parses == before + 1
    catalog.course()
    assert catalog.parses == before + 1
    write(lessons_dir / "02-advanced/module.md", "---\ntitle: Advanced, renamed\n---\nMore.\n")
    assert catalog.course().module("advanced").title == "Advanced, renamed"
    assert catalog.parses == before + 1  # a module's own file does not re-render its lessons


def test_broken_lesson_keeps_its_last_good_version_live(catalog, lessons_dir):
    path = lessons_dir / "01-basics/02-quiz.md"
    good = path.read_text(encoding="utf-8")
    write(path, good.replace("- [x] Thank them", "- [ ] Thank them"))
    course = catalog.course()
    assert errors(catalog) == ["01-basics/02-quiz.md:9: no correct answer: mark at least one with '- [x]'"]
    lesson = course.lesson("basics", "quiz")
    assert lesson is not None and lesson.title == "First check"
    assert lesson.questions[0].correct_keys == {"1"}  # the last good version, not the broken one
    write(path, good.replace("First check", "First check, fixed"))
    assert errors(catalog) == []
    assert catalog.course().lesson("basics", "quiz").title == "First check, fixed"


def test_a_lesson_broken_from_the_start_is_left_out_until_fixed(catalog, lessons_dir):
    path = lessons_dir / "01-basics/03-new.md"
    write(path, "---\ntitel: New\n---\n")
    assert errors(catalog) == [
        "01-basics/03-new.md:2: unknown front matter key 'titel' (allowed: title, minutes, id, quiz, confirm)",
        "01-basics/03-new.md:1: 'title' is missing from the front matter",
    ]
    assert catalog.course().lesson("basics", "new") is None
    write(path, "---\ntitle: New\n---\n")
    assert errors(catalog) == [] and catalog.course().lesson("basics", "new").title == "New"


def test_a_broken_file_stays_listed_while_others_change(catalog, lessons_dir):
    write(lessons_dir / "01-basics/03-new.md", "---\ntitle: New\nminutes: x\n---\n")
    assert len(errors(catalog)) == 1
    write(lessons_dir / "02-advanced/01-reading.md", "---\ntitle: Reading\n---\nChanged.\n")
    assert errors(catalog) == ["01-basics/03-new.md:3: 'minutes' must be a whole number of at least 1"]


def test_removed_lesson_and_module_disappear(catalog, lessons_dir):
    (lessons_dir / "02-advanced/01-reading.md").unlink()
    assert [lesson.id for lesson in catalog.course().module("advanced").lessons] == ["final"]
    for path in sorted((lessons_dir / "02-advanced").iterdir()):
        path.unlink()
    (lessons_dir / "02-advanced").rmdir()
    assert [m.id for m in catalog.course().modules] == ["basics"]
    assert errors(catalog) == []


def test_added_image_clears_the_image_not_found_error(catalog, lessons_dir):
    write(lessons_dir / "01-basics/03-figure.md", "---\ntitle: Figure\n---\n![The flow](flow.png)\n")
    assert errors(catalog) == [
        "01-basics/03-figure.md:4: image 'flow.png' not found (or not a .gif, .jpeg, .jpg, .png, .svg, .webp file)"
    ]
    assert catalog.course().lesson("basics", "figure") is None
    write(lessons_dir / "01-basics/flow.png", PNG)
    assert errors(catalog) == []
    assert 'src="/media/01-basics/flow.png"' in catalog.course().lesson("basics", "figure").html


def test_removed_image_is_reported_and_the_last_good_version_stays(catalog, lessons_dir):
    write(lessons_dir / "01-basics/03-figure.md", "---\ntitle: Figure\n---\n![The diagram](diagram.png)\n")
    assert errors(catalog) == []
    (lessons_dir / "01-basics/diagram.png").unlink()
    not_found = "image 'diagram.png' not found (or not a .gif, .jpeg, .jpg, .png, .svg, .webp file)"
    assert errors(catalog) == [f"01-basics/module.md:7: {not_found}", f"01-basics/03-figure.md:4: {not_found}"]
    assert catalog.course().lesson("basics", "figure").title == "Figure"


def test_interval_holds_changes_back_until_it_passes(lessons_dir):
    catalog = Catalog(lessons_dir, interval=3600)
    assert catalog.course().lesson("basics", "welcome").title == "Welcome"
    write(lessons_dir / "01-basics/01-welcome.md", "---\ntitle: Later\n---\n")
    assert catalog.course().lesson("basics", "welcome").title == "Welcome"
    assert catalog.refresh().lesson("basics", "welcome").title == "Later"



def test_one_thread_scans_the_folder_per_interval_while_the_others_serve_the_course(lessons_dir):
    """Requests arriving during a check get the course at once; none scans the folder a second time."""
    catalog = Catalog(lessons_dir, interval=0.2, patience=30)
    course = catalog.course()
    scanning, go_on, scans, scan = threading.Event(), threading.Event(), [], catalog._scan

    def slow_scan():
        scans.append(threading.current_thread().name)
        scanning.set()
        go_on.wait(5)
        return scan()

    catalog._scan = slow_scan
    time.sleep(0.25)
    checker = threading.Thread(target=catalog.course, name="checker")
    checker.start()
    try:
        assert scanning.wait(5)
        served = []
        others = [threading.Thread(target=lambda: served.append(catalog.course())) for _ in range(8)]
        for thread in others:
            thread.start()
        for thread in others:
            thread.join(5)
        assert len(served) == 8 and all(c is course for c in served)  # while the scan was still blocked
    finally:
        go_on.set()
        checker.join(5)
    assert scans == ["checker"]


def test_one_reload_at_a_time_while_the_others_serve_the_course_as_it_was(lessons_dir):
    """Every request notices the change; one reload runs, and each request gets the last good course meanwhile."""
    catalog = Catalog(lessons_dir, interval=0, patience=0)
    course = catalog.course()
    go_on, reloads, refresh = threading.Event(), [], catalog.refresh

    def slow_refresh():
        reloads.append(threading.current_thread().name)
        go_on.wait(5)
        return refresh()

    catalog.refresh = slow_refresh
    write(lessons_dir / "01-basics/01-welcome.md", "---\ntitle: Welcome, reworded\n---\nNew.\n")
    try:
        served = [catalog.course() for _ in range(8)]
        assert all(c is course for c in served)
        assert reloads == ["kurs-course-reload"]
    finally:
        go_on.set()
        catalog._reload.join(5)
    assert catalog.course().lesson("basics", "welcome").title == "Welcome, reworded"

def test_the_app_serves_the_edited_lesson_without_a_restart(client, learner, lessons_dir):
    write(lessons_dir / "01-basics/01-welcome.md", "---\ntitle: Welcome back\n---\nEdited while running.\n")
    html = client.get("/learn/basics/welcome").get_data(as_text=True)
    assert "Welcome back" in html and "Edited while running." in html


def _walked(root: Path) -> tuple:
    """The folder's stamps as os.walk lists them: the order and the rules the scan keeps."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if not d.startswith((".", "_")))
        for name in sorted(f for f in files if not f.startswith((".", "_"))):
            path = os.path.join(folder, name)
            if os.path.exists(path):
                st = os.stat(path)
                found.append((path, st.st_mtime_ns, st.st_size))
    return tuple(found)


def test_the_folder_scan_lists_what_os_walk_lists_hidden_files_and_linked_folders_left_out(tmp_path):
    root = tmp_path / "course"
    (root / "01-a" / "pictures").mkdir(parents=True)
    (root / "_drafts").mkdir()
    (root / ".git").mkdir()
    for name in ("course.md", "01-a/module.md", "01-a/02-b.md", "01-a/01-a.md", "01-a/pictures/x.png",
                 "01-a/.b.md.swp", "01-a/_draft.md", "_drafts/c.md", ".git/HEAD"):
        (root / name).write_text(name)
    (root / "01-a" / "linked.md").symlink_to(root / "course.md")
    (root / "01-a" / "broken.md").symlink_to(root / "missing.md")
    (root / "02-linked").symlink_to(root / "01-a")  # a linked folder is not followed
    scanned = Catalog(root, interval=0)._scan()
    assert scanned == _walked(root)
    assert [Path(p).relative_to(root).as_posix() for p, _, _ in scanned] == [
        "course.md", "01-a/01-a.md", "01-a/02-b.md", "01-a/linked.md", "01-a/module.md", "01-a/pictures/x.png"]
