"""The floors of course/ (docs/architecture.md): no module imports from a floor above its own."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COURSE = ROOT / "course"
WEB_LIBRARIES = ("flask", "flask_wtf", "flask_babel", "jinja2")

# floor (a folder or module under course/) -> what it may not import (prefixes of dotted names)
FORBIDDEN = {
    "content": ("course.", "flask", "peewee", "playhouse", "werkzeug"),
    "config": ("course.domain", "course.reports", "course.web", "course.views", "course.commands", "course.app"),
    "sqlite": ("course.",),
    "db": ("course.domain", "course.reports", "course.web", "course.views", "course.commands", "course.app"),
    "models": ("course.domain", "course.reports", "course.web", "course.views", "course.commands", "course.app"),
    "migrate": ("course.domain", "course.reports", "course.web", "course.views", "course.commands", "course.app"),
    "clock": ("course.domain", "course.reports", "course.web", "course.views", "course.commands", "course.app"),
    "domain": (*WEB_LIBRARIES, "course.reports", "course.web", "course.views", "course.commands", "course.app"),
    "reports": (*WEB_LIBRARIES, "course.web", "course.views", "course.commands", "course.app"),
    "web": ("course.views", "course.commands", "course.app"),
    "mail": ("course.views", "course.commands", "course.app"),
    "publish": ("course.views", "course.commands", "course.app"),
    "views": ("course.commands", "course.app"),
    "commands": ("course.views", "course.app"),
}
ALLOWED_IN_CONTENT = ("course.content",)


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports (at the top or inside a function), with its line."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append((node.lineno, node.module))
            if node.module == "course":  # "from course import people" imports course.people
                names += [(node.lineno, f"course.{alias.name}") for alias in node.names]
    return names


def floor_of(path: Path, root: Path = COURSE) -> str | None:
    part = path.relative_to(root).parts[0]
    return part.removesuffix(".py") if part.removesuffix(".py") in FORBIDDEN else None


def _within(name: str, prefix: str) -> bool:
    """Whether a dotted name is the module `prefix` or inside it ("course." means any of course)."""
    return name.startswith(prefix) if prefix.endswith(".") else name == prefix or name.startswith(prefix + ".")


def crossings(root: Path = COURSE) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        floor = floor_of(path, root)
        if floor is None:
            continue
        for line, name in imports_of(path):
            if floor == "content" and name.startswith(ALLOWED_IN_CONTENT):
                continue
            if any(_within(name, bad) for bad in FORBIDDEN[floor]):
                found.append(f"{path.relative_to(root.parent)}:{line}: {floor} imports {name}")
    return found


def test_no_module_imports_from_a_floor_above_its_own():
    assert crossings() == []


def test_every_module_of_course_sits_on_a_named_floor():
    loose = [p.name for p in COURSE.glob("*.py") if p.name not in ("__init__.py", "app.py") and floor_of(p) is None]
    folders = [p.name for p in COURSE.iterdir() if p.is_dir() and p.name != "__pycache__" and p.name not in FORBIDDEN]
    assert loose == [] and folders == [], "add the new module or folder to docs/architecture.md and FORBIDDEN"


def test_the_check_finds_an_upward_import(tmp_path):
    fake = tmp_path / "course"
    (fake / "domain").mkdir(parents=True)
    (fake / "domain" / "x.py").write_text("def f():\n    from course.views.password import link_for\n")
    (fake / "content").mkdir()
    (fake / "content" / "y.py").write_text("import peewee\nfrom course import db\nfrom course.content import values\n")
    assert crossings(fake) == ["course/content/y.py:1: content imports peewee",
                               "course/content/y.py:2: content imports course.db",
                               "course/domain/x.py:2: domain imports course.views.password"]


@pytest.mark.parametrize("module", ["course.content", "course.content.loader", "course.content.catalog"])
def test_importing_the_content_loads_neither_flask_nor_peewee(module):
    code = (f"import sys, {module}; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'peewee', 'playhouse')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


MAX_LINES = 300


def test_every_module_stays_small():
    """A module over 300 lines (docs/architecture.md) does more than one job; a page module holds rules of a floor below."""
    long = {p.relative_to(COURSE).as_posix(): n for p in sorted(COURSE.rglob("*.py"))
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}, ("split it along a seam into modules with one job each; a view: move a coherent part into "
                        "course/domain/, course/reports/ or a view module of its own")
