"""The render cache on disk and the catalog that uses it: shared, safe, and never stale."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from course.content import markup, render_cache
from course.content.catalog import Catalog
from course.content.parsers import parse_lesson
from course.content.render_cache import RenderCache, lesson_key

FIXTURE_COURSE = Path(__file__).parent / "fixtures" / "course"
IMAGE_LESSON = "---\ntitle: Pictures\n---\nLook: ![a diagram](diagram.png)\n"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "lessons"
    shutil.copytree(FIXTURE_COURSE, target)
    return target


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


def quiz_lesson(root: Path):
    path = root / "01-basics" / "02-quiz.md"
    lesson, errors = parse_lesson(path, root, str(path), "basics")
    assert errors == [] and lesson.questions
    return lesson


def test_a_lesson_comes_back_equal_from_json(root, cache_dir):
    lesson = quiz_lesson(root)
    cache = RenderCache(cache_dir)
    cache.put("k", lesson)
    entry = (cache_dir / "k.json").read_bytes()
    assert json.loads(entry.rpartition(b"\n")[0])["id"] == lesson.id  # JSON, not pickle
    assert RenderCache(cache_dir).get("k") == lesson


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # a torn write
        lambda data: b"not json at all",
        lambda data: data.replace(b'"minutes":', b'"minutez":'),  # checksum no longer matches
        lambda data: b"",
    ],
)
def test_a_damaged_entry_is_ignored(root, cache_dir, damage):
    cache = RenderCache(cache_dir)
    cache.put("k", quiz_lesson(root))
    path = cache_dir / "k.json"
    path.write_bytes(damage(path.read_bytes()))
    assert cache.get("k") is None
    assert cache.misses == 1


def test_an_entry_with_a_wrong_type_is_ignored_even_with_a_valid_checksum(root, cache_dir):
    import hashlib

    cache = RenderCache(cache_dir)
    cache.put("k", quiz_lesson(root))
    payload = json.loads((cache_dir / "k.json").read_bytes().rpartition(b"\n")[0])
    payload["questions"][0]["options"][0]["correct"] = "yes"
    raw = json.dumps(payload).encode()
    (cache_dir / "k.json").write_bytes(raw + b"\n" + hashlib.sha256(raw).hexdigest().encode())
    assert cache.get("k") is None


def test_the_key_changes_with_everything_that_shapes_the_output(monkeypatch):
    base = lesson_key("v1", b"text", "/course", "/course/a.md", "basics")
    assert lesson_key("v1", b"text", "/course", "/course/a.md", "basics") == base
    assert lesson_key("v2", b"text", "/course", "/course/a.md", "basics") != base
    assert lesson_key("v1", b"text!", "/course", "/course/a.md", "basics") != base
    assert lesson_key("v1", b"text", "/course", "/course/a.md", "other") != base
    assert lesson_key("v1", b"text", "/elsewhere", "/course/a.md", "basics") != base
    version = render_cache.code_version()
    monkeypatch.setattr(markup, "RENDERER_VERSION", "changed")
    assert render_cache.code_version() != version


def test_a_warm_start_renders_nothing_and_serves_the_same_course(root, cache_dir):
    cold = Catalog(root, interval=0, cache_dir=cache_dir)
    course = cold.course()
    assert cold.parses == course.lesson_count == 4
    warm = Catalog(root, interval=0, cache_dir=cache_dir)
    assert warm.course() == course
    assert warm.parses == 0 and warm.cache.hits == 4


def test_a_change_to_one_file_re_renders_that_file_alone(root, cache_dir):
    Catalog(root, cache_dir=cache_dir).course()
    lesson = root / "02-advanced" / "01-reading.md"
    lesson.write_text(lesson.read_text() + "\nOne more line.\n")
    running = Catalog(root, interval=0, cache_dir=cache_dir)
    running.course()
    assert running.parses == 1
    (root / "01-basics" / "01-welcome.md").write_text("---\ntitle: Welcome back\n---\nHello again.\n")
    assert running.course().lesson("basics", "welcome").title == "Welcome back"
    assert running.parses == 2


def test_touching_a_file_without_changing_it_renders_nothing(root, cache_dir):
    catalog = Catalog(root, interval=0, cache_dir=cache_dir)
    catalog.course()
    path = root / "01-basics" / "01-welcome.md"
    later = time.time() + 5
    os.utime(path, (later, later))
    catalog.course()
    assert catalog.parses == 4


def test_a_broken_file_keeps_its_last_good_version_and_is_not_cached(root, cache_dir):
    catalog = Catalog(root, interval=0, cache_dir=cache_dir)
    catalog.course()
    path = root / "01-basics" / "01-welcome.md"
    path.write_text("---\ntitle: Welcome\nbogus: 1\n---\nBroken.\n")
    course = catalog.course()
    assert course.lesson("basics", "welcome").html.startswith("<h1")  # the last good version
    assert any("bogus" in e.message for e in course.errors)
    assert len(list(cache_dir.glob("*.json"))) == 4  # the broken version was not stored


def test_adding_the_missing_image_clears_the_error_and_removing_it_brings_it_back(root, cache_dir):
    (root / "01-basics" / "03-pictures.md").write_text(IMAGE_LESSON.replace("diagram.png", "new.png"))
    catalog = Catalog(root, interval=0, cache_dir=cache_dir)
    assert catalog.course().lesson("basics", "pictures") is None
    shutil.copy(root / "01-basics" / "diagram.png", root / "01-basics" / "new.png")
    assert 'src="/media/01-basics/new.png"' in catalog.course().lesson("basics", "pictures").html
    (root / "01-basics" / "new.png").unlink()
    assert any("new.png" in e.message for e in catalog.course().errors)
    # and a fresh start does not take the cached good version either
    fresh = Catalog(root, interval=0, cache_dir=cache_dir)
    assert fresh.course().lesson("basics", "pictures") is None


def test_an_image_added_elsewhere_renders_nothing_again(root, cache_dir):
    catalog = Catalog(root, interval=0, cache_dir=cache_dir)
    catalog.course()
    shutil.copy(root / "01-basics" / "diagram.png", root / "02-advanced" / "chart.png")
    catalog.course()
    assert catalog.parses == 4


def test_a_corrupt_entry_is_rendered_again_and_replaced(root, cache_dir):
    course = Catalog(root, cache_dir=cache_dir).course()
    for entry in cache_dir.glob("*.json"):
        entry.write_bytes(b"garbage")
    again = Catalog(root, cache_dir=cache_dir)
    assert again.course() == course
    assert again.parses == 4
    assert Catalog(root, cache_dir=cache_dir).course() == course  # entries were rewritten


def test_prune_removes_old_entries_no_lesson_uses(root, cache_dir):
    Catalog(root, cache_dir=cache_dir).course()
    stale = cache_dir / ("0" * 64 + ".json")
    stale.write_bytes(b"old")
    fresh_unused = cache_dir / ("1" * 64 + ".json")
    fresh_unused.write_bytes(b"new, maybe another worker's")
    old = time.time() - 7200
    os.utime(stale, (old, old))
    for entry in cache_dir.glob("*.json"):
        if entry not in (stale, fresh_unused):
            os.utime(entry, (old, old))
    Catalog(root, cache_dir=cache_dir).course()  # a start prunes
    assert not stale.exists()
    assert fresh_unused.exists()
    assert len(list(cache_dir.glob("*.json"))) == 5


def test_the_app_keeps_its_cache_under_instance_by_default(make_app, tmp_path):
    app = make_app(KURS_RENDER_CACHE=str(tmp_path / "elsewhere"))
    assert app.extensions["kurs_catalog"].cache.directory == tmp_path / "elsewhere"
    del app.config["KURS_RENDER_CACHE"]
    from course.content.catalog import init_app

    init_app(app)
    assert app.extensions["kurs_catalog"].cache.directory == Path(app.instance_path) / "render-cache"


def test_the_key_changes_with_the_markdown_dialect(monkeypatch):
    """Another extension, another setting or another pymdown-extensions or Pygments gives other HTML."""
    import pygments
    import pymdownx

    version = render_cache.code_version()
    monkeypatch.setattr(markup, "EXTENSIONS", markup.EXTENSIONS[:-1])
    assert render_cache.code_version() != version
    monkeypatch.undo()
    configs = {**markup.EXTENSION_CONFIGS, "pymdownx.tabbed": {"alternate_style": False}}
    monkeypatch.setattr(markup, "EXTENSION_CONFIGS", configs)
    assert render_cache.code_version() != version
    monkeypatch.undo()
    for module in (pymdownx, pygments):
        monkeypatch.setattr(module, "__version__", "0.0")
        assert render_cache.code_version() != version
        monkeypatch.undo()
    assert render_cache.code_version() == version


def test_the_shipped_code_colours_are_those_of_the_pinned_pygments():
    shipped = (Path(__file__).resolve().parent.parent / "static" / "pygments.css").read_text(encoding="utf-8")
    assert shipped == markup.pygments_css(), "run `make pygments-css` and commit static/pygments.css"


def _sealed(payload: bytes) -> bytes:
    """An entry whose checksum is right: damage the checksum cannot catch."""
    import hashlib

    return payload + b"\n" + hashlib.sha256(payload).hexdigest().encode()


@pytest.mark.parametrize("payload", [
    b"[" * 200_000 + b"]" * 200_000,  # decoding it exhausts the stack (RecursionError)
    b'{"failure": ' + b"[" * 200_000 + b"]" * 200_000 + b"}",
    b"1e999999",
    b'"\\ud800"',
])
def test_any_failure_to_load_an_entry_is_a_miss(cache_dir, payload):
    cache_dir.mkdir()
    (cache_dir / "k.json").write_bytes(_sealed(payload))
    cache = RenderCache(cache_dir)
    assert cache.get("k") is None and cache.failure("k") is None


def test_a_damaged_entry_is_no_error_page(client, learner, lessons_dir, tmp_path):
    """One entry that raised while loading was a 500 on every page (issue 11)."""
    cache_dir = tmp_path / "render-cache"  # the app's, as the test apps are configured
    Catalog(lessons_dir, cache_dir=cache_dir).course()  # another worker filled it
    for entry in cache_dir.glob("*.json"):
        entry.write_bytes(_sealed(b"[" * 200_000 + b"]" * 200_000))
    assert client.get("/learn/basics/welcome").status_code == 200
    assert client.get("/learn/basics/quiz").status_code == 200
