"""The handbooks' examples are loaded with the real loader and must behave as documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course.content.loader import load_course

DOCS = Path(__file__).resolve().parent.parent / "docs"
EXAMPLE = re.compile(
    r"<!-- example: (?P<path>\S+) -->\n```markdown\n(?P<body>.*?)\n```\n"
    r"(?:<!-- expect -->\n```text\n(?P<expect>.*?)\n```)?",
    re.S,
)


def handbook_examples() -> list[tuple[str, str, list[str]]]:
    """Return (path, file text, expected error lines) for every example in the trainer's handbook."""
    text = (DOCS / "authoring.md").read_text(encoding="utf-8")
    return [
        (m["path"], m["body"] + "\n", m["expect"].splitlines() if m["expect"] else [])
        for m in EXAMPLE.finditer(text)
    ]


EXAMPLES = handbook_examples()


def test_handbook_has_examples_of_every_kind():
    bodies = "\n".join(body for _, body, _ in EXAMPLES)
    assert len(EXAMPLES) >= 25
    for marker in ("- [x]", "[[", "quiz:", "show_correct", "> ", "mandatory", "{#"):
        assert marker in bodies
    assert sum(1 for *_, expect in EXAMPLES if expect) >= 14


@pytest.mark.parametrize(("path", "body", "expected"), EXAMPLES, ids=[f"{i}-{p}" for i, (p, _, _) in enumerate(EXAMPLES)])
def test_handbook_example_loads_as_documented(tmp_path, path, body, expected):
    root = tmp_path / "course"
    (root / "01-basics").mkdir(parents=True)
    (root / "course.md").write_text("---\ntitle: Course\n---\n", encoding="utf-8")
    (root / "01-basics" / "module.md").write_text("---\ntitle: Basics\n---\n", encoding="utf-8")
    (root / "01-basics" / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (root / path).write_text(body, encoding="utf-8")
    course = load_course(root)
    errors = sorted(str(e).replace(f"{root}/", "") for e in course.errors)
    assert errors == sorted(expected)
    if not expected and path not in ("course.md", "01-basics/module.md"):
        lesson_ids = [lesson.id for lesson in course.modules[0].lessons]
        assert len(lesson_ids) == 1


SCREENSHOT_CALL = re.compile(r"""screenshot\(\w+, "([\w-]+)"\)""")
IMAGE_LINK = re.compile(r"!\[[^\]]+\]\(([^)\s]+)\)")


def test_docs_show_exactly_the_screenshots_that_make_screenshots_writes():
    """`make screenshots` rewrites docs/screenshots/: no stale picture, none missing, all shown."""
    taken = set(SCREENSHOT_CALL.findall((DOCS.parent / "tests" / "e2e" / "test_screenshots.py").read_text()))
    stored = {path.stem for path in (DOCS / "screenshots").glob("*.png")}
    assert taken and taken == stored
    shown = set(IMAGE_LINK.findall((DOCS.parent / "README.md").read_text(encoding="utf-8")))
    assert {f"docs/screenshots/{name}.png" for name in stored} <= shown


def test_every_picture_the_docs_show_exists():
    for page in [DOCS.parent / "README.md", *DOCS.glob("*.md")]:
        for target in IMAGE_LINK.findall(page.read_text(encoding="utf-8")):
            if "://" in target or page.name == "authoring.md":  # the handbook's images are lesson examples
                continue
            assert (page.parent / target).is_file(), f"{page.name} shows missing {target}"
