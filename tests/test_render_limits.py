"""Pathological Markdown cannot stall Kurs: a size limit, a render process with limits, reloads aside."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from course.content.catalog import Catalog
from course.content.files import MAX_FILE_BYTES
from course.content.loader import load_course
from course.content.messages import Message
from course.content.sandbox import RenderLimit, RenderProcess
from course.web.i18n import cli_locale, translate

# 20,000 `[` took 207 s to render in the server before the render process (issue 11)
# A limit far below the brackets' 200 s and far above what an ordinary file takes on a busy machine
LIMIT = 3
BRACKETS = "---\ntitle: Brackets\n---\n" + "[" * 20_000 + "\n"


def errors_of(catalog: Catalog) -> list[str]:
    return [str(e).replace(f"{catalog.root}/", "") for e in catalog.course().errors]


def test_a_file_over_the_size_limit_is_an_error_with_its_size(app, lessons_dir):
    path = lessons_dir / "01-basics" / "03-huge.md"
    path.write_text("---\ntitle: Huge\n---\n" + "word " * (MAX_FILE_BYTES // 5 + 100), encoding="utf-8")
    course = load_course(lessons_dir)
    assert [str(e).replace(f"{lessons_dir}/", "") for e in course.errors] == [
        "01-basics/03-huge.md:1: the file is 1.0 MB, more than a course file may be (1 MB): split it into several lessons"
    ]
    assert course.lesson("basics", "welcome") is not None
    with app.app_context(), cli_locale("de"):  # the size in the reader's form, also once stored in the render cache
        [error] = course.errors
        assert "Die Datei ist 1,0 MB groß" in translate(error.message)
        assert "Die Datei ist 1,0 MB groß" in translate(Message.from_json(json.loads(json.dumps(error.message.as_json()))))


def test_the_render_process_stops_a_call_past_its_time_and_goes_on():
    renderer = RenderProcess()
    with pytest.raises(RenderLimit, match=r"took longer than 0.3 s to render"):  # a finished sleep returns None
        renderer.call(time.sleep, 30, seconds=0.3)
    assert renderer.call(len, "four") == 4  # a fresh process took over


def test_the_render_process_has_a_memory_limit():
    renderer = RenderProcess(memory=512 << 20)
    with pytest.raises(RenderLimit, match="needs more than 512 MB to render"):
        renderer.call(bytearray, 1 << 30)
    assert renderer.call(len, "ok") == 2


@pytest.mark.slow
def test_a_lesson_past_the_time_limit_is_its_content_error_and_the_rest_loads(lessons_dir):
    (lessons_dir / "01-basics" / "03-brackets.md").write_text(BRACKETS, encoding="utf-8")
    catalog = Catalog(lessons_dir, interval=0, render_seconds=LIMIT)
    found = errors_of(catalog)
    assert found == ["01-basics/03-brackets.md:1: took longer than 3 s to render (the limit): shorten it, or split it into several lessons"]
    assert catalog.course().lesson("basics", "welcome") is not None


@pytest.mark.slow
def test_a_module_text_past_the_time_limit_leaves_the_module_and_its_lessons(lessons_dir):
    (lessons_dir / "01-basics" / "module.md").write_text(BRACKETS, encoding="utf-8")
    catalog = Catalog(lessons_dir, interval=0, render_seconds=LIMIT)
    assert [e.split(":", 2)[:2] for e in errors_of(catalog)] == [["01-basics/module.md", "1"]]
    assert catalog.course().lesson("basics", "welcome") is not None


@pytest.mark.slow
def test_a_timeout_is_cached_so_no_later_start_renders_the_file_again(lessons_dir, tmp_path):
    (lessons_dir / "01-basics" / "03-brackets.md").write_text(BRACKETS, encoding="utf-8")
    first = Catalog(lessons_dir, interval=0, cache_dir=tmp_path / "cache", render_seconds=LIMIT)
    expected = errors_of(first)
    later = Catalog(lessons_dir, interval=0, cache_dir=tmp_path / "cache", render_seconds=LIMIT)
    assert errors_of(later) == expected
    assert later.parses == 0  # the cached timeout answered: nothing was rendered again


@pytest.mark.slow
def test_pages_stay_fast_while_a_slow_lesson_reloads(app, client, learner, lessons_dir):
    """The stalled page of issue 11: a request during the reload gets the last good course.

    No time is asserted (the machines are noisy): the slow render runs for 20 s, so a request that
    finishes while it is still running did not wait for it.
    """
    catalog = app.extensions["kurs_catalog"]
    catalog.render_seconds = 20  # the slow render is still running while the pages are timed
    catalog.patience = 0.5  # as in production (the tests' apps wait for every reload)
    assert client.get("/learn/basics/welcome").status_code == 200
    (lessons_dir / "01-basics" / "03-brackets.md").write_text(BRACKETS, encoding="utf-8")
    try:
        for path in ("/learn/basics/welcome", "/", "/learn/basics", "/learn/basics/welcome"):
            with client.get(path) as response:
                assert response.status_code == 200
                assert "Brackets" not in response.get_data(as_text=True)  # the last good course
            assert catalog._reload.is_alive(), path  # answered while the slow render still ran
    finally:
        catalog.renderer.stop()  # end the slow render rather than wait for its limit
        catalog._reload.join(5)


@pytest.mark.slow
def test_lessons_check_ends_within_the_render_limit_with_a_clear_error(make_app, lessons_dir):
    (lessons_dir / "01-basics" / "03-brackets.md").write_text(BRACKETS, encoding="utf-8")
    runner = make_app(KURS_RENDER_SECONDS=1).test_cli_runner()
    result = runner.invoke(args=["lessons", "check", str(lessons_dir)])
    assert result.exit_code == 1
    assert f"{lessons_dir}/01-basics/03-brackets.md:1: took longer than 1 s to render (the limit)" in result.stdout


def test_the_shipped_course_renders_well_within_the_limits(tmp_path):
    catalog = Catalog(Path(__file__).resolve().parent.parent / "lessons", interval=0)
    assert catalog.course().errors == ()


def test_a_new_renderers_start_and_imports_count_against_no_file(tmp_path, monkeypatch):
    """On a busy machine the renderer's start takes a second or more: the first file must not pay for it."""
    (tmp_path / "slow_to_import.py").write_text("import time\ntime.sleep(1.0)\n\ndef ok():\n    return 'ok'\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    import slow_to_import

    renderer = RenderProcess()
    try:
        assert renderer.call(slow_to_import.ok, seconds=0.5) == "ok"
    finally:
        renderer.stop()


def test_a_renderer_that_cannot_start_is_not_remembered_as_the_files_error(lessons_dir, tmp_path, monkeypatch):
    from course.content import sandbox

    monkeypatch.setattr(sandbox, "START_SECONDS", 0.0)
    broken = Catalog(lessons_dir, interval=0, cache_dir=tmp_path / "cache", renderer=RenderProcess())
    assert any("did not start" in e for e in errors_of(broken))
    monkeypatch.setattr(sandbox, "START_SECONDS", 60.0)
    later = Catalog(lessons_dir, interval=0, cache_dir=tmp_path / "cache", renderer=RenderProcess())
    assert errors_of(later) == []


DYING = '''import os
from pathlib import Path


def once(marker):
    """Die the first time (as if killed from outside), render the second."""
    if not Path(marker).exists():
        Path(marker).touch()
        os._exit(9)
    return "rendered"


def always():
    os._exit(9)
'''


def test_a_renderer_that_dies_once_gets_a_second_try_and_the_file_renders(tmp_path, monkeypatch):
    """A renderer killed by something else than the file must not leave the file a cached error."""
    (tmp_path / "dying.py").write_text(DYING)
    monkeypatch.syspath_prepend(str(tmp_path))
    import dying

    renderer = RenderProcess()
    try:
        assert renderer.call(dying.once, str(tmp_path / "died")) == "rendered"
        assert (tmp_path / "died").exists()  # it did die once
        with pytest.raises(RenderLimit, match="stopped the renderer"):
            renderer.call(dying.always)
        assert renderer.call(len, "ok") == 2
    finally:
        renderer.stop()


def test_a_renderer_that_dies_while_starting_is_not_remembered_as_the_files_error(lessons_dir, tmp_path, monkeypatch):
    """A renderer that cannot even import its code is an error of the moment, like one that does not start."""
    from course.content import sandbox

    monkeypatch.setattr(sandbox, "_import", _exit_at_once)
    broken = Catalog(lessons_dir, interval=0, cache_dir=tmp_path / "cache", renderer=RenderProcess())
    assert any("stopped while starting" in e for e in errors_of(broken))
    monkeypatch.undo()
    later = Catalog(lessons_dir, interval=0, cache_dir=tmp_path / "cache", renderer=RenderProcess())
    assert errors_of(later) == []


def _exit_at_once(_module):
    import os

    os._exit(3)
