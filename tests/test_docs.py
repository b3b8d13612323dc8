"""The handbooks' examples are loaded with the real loader and must behave as documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from course import create_app
from course.commands.lessons import problem_lines
from course.content.loader import load_course

DOCS = Path(__file__).resolve().parent.parent / "docs"
HANDBOOKS = ("authoring.md", "authoring.de.md")  # the trainer's handbook in English and in German
LANGUAGE = {"authoring.md": "en", "authoring.de.md": "de"}  # each shows the messages in its own language
# an example is one file; `<!-- and: path -->` adds a file to the example before it (a translation
# beside its original); an `expect` block lists what `lessons check` prints: errors, then warnings
EXAMPLE = re.compile(
    r"<!-- (?P<kind>example|and): (?P<path>\S+) -->\n```markdown\n(?P<body>.*?)\n```\n"
    r"(?:<!-- expect -->\n```text\n(?P<expect>.*?)\n```)?",
    re.S,
)


def handbook_examples(name: str = "authoring.md") -> list[tuple[dict[str, str], list[str]]]:
    """Return (files by path, expected lines) for every example in one of the trainer's handbooks."""
    text = (DOCS / name).read_text(encoding="utf-8")
    examples: list[tuple[dict[str, str], list[str]]] = []
    for m in EXAMPLE.finditer(text):
        if m["kind"] == "example" or not examples:
            examples.append(({}, []))
        examples[-1][0][m["path"]] = m["body"] + "\n"
        examples[-1][1].extend(m["expect"].splitlines() if m["expect"] else [])
    return examples


EXAMPLES = [(name, files, expect) for name in HANDBOOKS for files, expect in handbook_examples(name)]


@pytest.mark.parametrize("name", HANDBOOKS)
def test_handbook_has_examples_of_every_kind(name):
    examples = handbook_examples(name)
    bodies = "\n".join(body for files, _ in examples for body in files.values())
    assert len(examples) >= 27
    for marker in ("- [x]", "[[", "quiz:", "show_correct", "> ", "mandatory", "{#", "languages: [de, en]"):
        assert marker in bodies
    assert sum(1 for _, expect in examples if expect) >= 15
    assert any(len(files) > 2 for files, _ in examples)  # a course with its translations


def test_both_handbooks_show_the_same_examples_and_messages():
    """The German handbook has every example of the English one, in the same order, with the same messages in German."""
    english, german = (handbook_examples(name) for name in HANDBOOKS)
    assert [list(files) for files, _ in german] == [list(files) for files, _ in english]
    assert [[_place(line) for line in expect] for _, expect in german] == [[_place(line) for line in expect] for _, expect in english]
    assert {line for _, expect in german for line in expect}.isdisjoint(line for _, expect in english for line in expect)


def _place(line: str) -> str:
    return line.split(": ", 1)[0]  # path:line, the same in every language


@pytest.fixture(scope="module")
def speaking(tmp_path_factory):
    """An app per language: `lessons check` prints the messages in its language."""
    folder = tmp_path_factory.mktemp("speaking")
    return {language: create_app({"DATABASE_URL": f"sqlite:///{folder / 'kurs.db'}", "SECRET_KEY": "test", "TESTING": True,
                                  "KURS_LESSONS_DIR": str(folder), "KURS_RENDER_CACHE": str(folder / "cache"),
                                  "KURS_LANGUAGE": language})
            for language in ("de", "en")}


@pytest.mark.parametrize(("name", "files", "expected"), EXAMPLES,
                         ids=[f"{name}-{i}-{'+'.join(files)}" for i, (name, files, _) in enumerate(EXAMPLES)])
def test_handbook_example_loads_as_documented(tmp_path, speaking, name, files, expected):
    root = tmp_path / "course"
    (root / "01-basics").mkdir(parents=True)
    (root / "course.md").write_text("---\ntitle: Course\n---\n", encoding="utf-8")
    (root / "01-basics" / "module.md").write_text("---\ntitle: Basics\n---\n", encoding="utf-8")
    (root / "01-basics" / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    for path, body in files.items():
        (root / path).write_text(body, encoding="utf-8")
    course = load_course(root)
    with speaking[LANGUAGE[name]].app_context():
        found = problem_lines(course)
    assert sorted(line.replace(f"{root}/", "") for line in found) == sorted(expected)
    lessons = [path for path in files if path.count("/") == 1 and not path.endswith("module.md") and ".en." not in path
               and ".de." not in path]
    if not expected:
        assert len([lesson for module in course.modules for lesson in module.lessons]) == len(lessons)


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
            if "://" in target or page.name in HANDBOOKS:  # the handbook's images are lesson examples
                continue
            assert (page.parent / target).is_file(), f"{page.name} shows missing {target}"
