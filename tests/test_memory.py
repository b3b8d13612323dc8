"""What keeps a worker small with a large course (docs/performance.md, Memory): each would fail if it broke."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from course.content import allocator

FIXTURE_COURSE = Path(__file__).parent / "fixtures" / "course"


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
