"""What keeps a worker small with a large course (docs/performance.md, Memory): each would fail if it broke."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import MISSING, fields, replace
from pathlib import Path

import pytest
from test_exercise import EXERCISE

from course.content import allocator
from course.content.catalog import Catalog
from course.content.exercise import Exercise
from course.content.quiz import Option, Question, QuizSettings
from course.content.render_cache import RenderCache
from course.content.values import Lesson

FIXTURE_COURSE = Path(__file__).parent / "fixtures" / "course"


@pytest.fixture
def root(tmp_path):
    shutil.copytree(FIXTURE_COURSE, tmp_path / "course")
    (tmp_path / "course" / "02-advanced" / "03-practice.md").write_text(EXERCISE, encoding="utf-8")
    return tmp_path / "course"


def lessons(course):
    return [x for m in course.modules for x in m.lessons]


def test_a_course_is_made_of_values_without_a_dict_each(root, tmp_path):
    course = Catalog(root, cache_dir=tmp_path / "cache").course()
    quiz = next(x for x in lessons(course) if x.questions)
    for value in (quiz, quiz.questions[0], quiz.questions[0].options[0], quiz.settings):
        assert not hasattr(value, "__dict__"), type(value).__name__
    assert {Lesson, Question, Option, QuizSettings} <= {type(v) for v in (quiz, quiz.questions[0], quiz.questions[0].options[0], quiz.settings)}


def test_lessons_read_from_the_render_cache_share_what_they_repeat(root, tmp_path):
    Catalog(root, cache_dir=tmp_path / "cache").course()  # renders and stores every lesson
    catalog = Catalog(root, cache_dir=tmp_path / "cache")
    course = catalog.course()
    assert catalog.parses == 0  # all from the cache
    plain = [x for x in lessons(course) if x.settings == QuizSettings()]
    assert len(plain) >= 2 and len({id(x.settings) for x in plain}) == 1  # equal settings: one object
    first, second = course.modules[0].lessons[:2]
    assert first.module_id is second.module_id
    assert any(first.path is path for path, _ in catalog._files)  # the very string the catalog's key holds


def test_the_catalog_keeps_neither_the_folders_stamps_nor_the_cache_keys_after_loading(root, tmp_path):
    catalog = Catalog(root, cache_dir=tmp_path / "cache")
    catalog.course()
    assert isinstance(catalog._stamp, int) and catalog._keys is None


def test_a_lessons_exercises_come_back_from_the_render_cache(root, tmp_path):
    fresh = Catalog(root, cache_dir=tmp_path / "cache").course()
    cached = Catalog(root, cache_dir=tmp_path / "cache")
    again = cached.course()
    assert cached.parses == 0
    practice = [x for x in lessons(fresh) if x.exercises]
    assert practice and [x.exercises for x in practice] == [x.exercises for x in lessons(again) if x.exercises]
    assert lessons(fresh) == lessons(again)


def test_every_field_of_an_exercise_comes_back_from_the_render_cache(root, tmp_path):
    """The cache decodes field by field (with type checks): a field it forgets is lost after a restart."""
    lesson = next(x for x in lessons(Catalog(root, cache_dir=tmp_path / "cache").course()) if x.exercises)
    values = {"int": 7, "str": "set", "str | None": "", "tuple[tuple[str, str], ...]": (("Tom", "Me too."),)}
    exercise = replace(lesson.exercises[0], **{f.name: values[f.type] for f in fields(Exercise)
                                               if f.default is not MISSING or f.default_factory is not MISSING})
    cache = RenderCache(tmp_path / "other")
    cache.put("key", replace(lesson, body=lesson.html, exercises=(exercise,)))
    assert cache.get("key").exercises == (exercise,)


class FakeLibc:
    def __init__(self):
        self.calls = []

    def mallopt(self, option, value):
        self.calls.append((option, value))
        return 1


def test_the_app_limits_glibcs_malloc_arenas_unless_the_environment_says_otherwise(monkeypatch):
    libc = FakeLibc()
    monkeypatch.setattr(allocator, "_glibc", lambda: libc)
    monkeypatch.delenv("MALLOC_ARENA_MAX", raising=False)
    assert allocator.limit_arenas() is True
    assert libc.calls == [(allocator.M_ARENA_MAX, allocator.ARENAS)]
    monkeypatch.setenv("MALLOC_ARENA_MAX", "4")  # an operator's setting wins
    assert allocator.limit_arenas() is False and len(libc.calls) == 1
    monkeypatch.setattr(allocator, "_glibc", lambda: None)  # not glibc: nothing to set
    monkeypatch.delenv("MALLOC_ARENA_MAX")
    assert allocator.limit_arenas() is False


def test_building_the_app_sets_the_limit_before_any_request(tmp_path):
    code = ("import sys\nfrom course.content import allocator\ncalls = []\n"
            "allocator.limit_arenas = lambda: calls.append(1) or True\n"
            "from course import create_app\n"
            f"create_app({{'DATABASE_URL': 'sqlite:///{tmp_path}/x.db', 'SECRET_KEY': 'x'}})\n"
            "print(calls)\n")
    env = {k: v for k, v in os.environ.items() if k != "MALLOC_ARENA_MAX"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parent.parent, env={**env, "KURS_LESSONS_DIR": str(FIXTURE_COURSE)})
    assert out.stdout.strip().splitlines()[-1] == "[1]"
    if allocator._glibc() is not None:  # and on glibc the real call is accepted
        assert allocator.limit_arenas() is True or os.environ.get("MALLOC_ARENA_MAX")


def test_a_worker_serving_pages_never_loads_the_renderers_libraries(tmp_path):
    """Markdown, bleach, Pygments and YAML load in the render process only (5 MB less per worker)."""
    code = ("import sys\nfrom course import create_app\n"
            f"app = create_app({{'DATABASE_URL': 'sqlite:///{tmp_path}/x.db', 'SECRET_KEY': 'x',"
            f" 'KURS_RENDER_CACHE': '{tmp_path}/cache'}})\n"
            "course = app.extensions['kurs_catalog'].course()\n"
            "assert course.lesson_count and not course.errors, course.errors\n"
            "print(sorted(m for m in ('markdown', 'bleach', 'pygments', 'pymdownx', 'yaml', 'course.content.markup')"
            " if m in sys.modules))\n")
    env = {**os.environ, "KURS_LESSONS_DIR": str(FIXTURE_COURSE)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parent.parent, env=env)
    assert out.stdout.strip().splitlines()[-1] == "[]"
