"""The Markdown dialect: documents as trainers copy them from wikis, READMEs and mkdocs-material sites.

Each case is written here (not copied) in the habits of its source, and its rendered structure
(headings, code blocks with language and title, lists and their nesting, details, tabs,
admonitions, links) is compared with the structure mkdocs-material shows for it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from course.content.dialect import GitHubHabits
from course.content.loader import load_course
from course.content.markup import render_markdown


class _Structure(HTMLParser):
    """Reduce rendered HTML to the outline a reader sees, one entry per structural element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[str] = []
        self.depth = 0  # list nesting
        self.capture: list[str] | None = None
        self.pending: str | None = None
        self.in_pre = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag in ("ul", "ol", "li") and self.capture is not None:
            self._flush()  # a tight list item's text ends where its sublist starts
        if tag in ("ul", "ol"):
            self.depth += 1
        elif tag == "li":
            self._start(f"{'  ' * (self.depth - 1)}li")
        elif tag in ("h1", "h2", "h3", "h4"):
            self._start(tag)
        elif tag == "div" and "highlight" in classes:
            language = next((c.removeprefix("language-") for c in classes if c.startswith("language-")), "")
            self.items.append(f"code {language}")
        elif tag == "span" and "filename" in classes:
            self._start("  title")
        elif tag == "td" and "linenos" in classes:
            self.items.append("  linenums")
        elif tag == "pre" and not self.items[-1:] == ["  linenums"] and not any(i.startswith("code") for i in self.items[-3:]):
            self.items.append("code (plain)")
        elif tag == "div" and "admonition" in classes:
            self.items.append("admonition " + " ".join(c for c in classes if c != "admonition"))
        elif tag == "details":
            self.items.append(("details " + " ".join(classes)).strip() + (" open" if "open" in a else ""))
        elif tag == "summary":
            self._start("  summary")
        elif tag == "div" and "tabbed-set" in classes:
            self.items.append("tabs")
        elif tag == "label":
            self._start("  tab")
        elif tag == "input" and a.get("type") == "checkbox":
            self.items.append(f"{'  ' * (self.depth - 1)}[{'x' if 'checked' in a else ' '}]")
        elif tag == "a" and "href" in a:
            self.items.append(f"link {a['href']}")
        elif tag == "blockquote":
            self.items.append("quote")

    def _start(self, label):
        self.pending = label
        self.capture = []

    def handle_endtag(self, tag):
        if tag in ("ul", "ol"):
            self.depth -= 1
        if self.capture is not None and tag in ("li", "h1", "h2", "h3", "h4", "span", "summary", "label", "p", "ul", "ol"):
            self._flush()

    def handle_data(self, data):
        if self.capture is not None:
            self.capture.append(data)

    def _flush(self):
        text = " ".join("".join(self.capture).split())
        self.items.append(f"{self.pending} {text}".rstrip())
        self.capture = None


def structure(markdown_text: str) -> list[str]:
    parser = _Structure()
    parser.feed(str(render_markdown(markdown_text)))
    if parser.capture is not None:
        parser._flush()
    return parser.items


# (name, Markdown as written at its source, the structure mkdocs-material renders)
CASES = [
    ("fence with a title", '```yaml title="mkdocs.yml"\nsite_name: Kurs\n```', ["code yaml", "  title mkdocs.yml"]),
    ("fence with line numbers", '```python linenums="42"\nx = 1\ny = 2\n```', ["code python", "  linenums"]),
    ("fence with title and line numbers", '```python title="a.py" linenums="1"\nx = 1\n```',
     ["code python", "  title a.py", "  linenums"]),
    ("rustdoc info string", "```rust,ignore\nfn main() {}\n```\n\n# After", ["code rust", "h1 After"]),
    ("code and prose keep their places", "```toml title=\"Cargo.toml\"\n[package]\n# not a heading\n```\n\n# Heading\n\ntext",
     ["code toml", "  title Cargo.toml", "h1 Heading"]),
    ("tilde fence", "~~~sh\nls\n~~~", ["code sh"]),
    ("fence in a list item, 4 spaces", "1. Install:\n\n    ```sh\n    pip install kurs\n    ```\n\n2. Run",
     ["li Install:", "code sh", "li Run"]),
    ("fence directly under a list item, 2 spaces", "- Install:\n  ```sh\n  pip install kurs\n  ```\n- Run",
     ["li Install:", "code sh", "li Run"]),
    ("fence in an admonition", "!!! note\n    ```bash\n    ls\n    ```", ["admonition note", "code bash"]),
    ("lists nested by 2 spaces", "- one\n  - one.one\n    - one.one.one\n- two",
     ["li one", "  li one.one", "    li one.one.one", "li two"]),
    ("lists nested by 4 spaces", "- one\n    - one.one\n        - one.one.one\n- two",
     ["li one", "  li one.one", "    li one.one.one", "li two"]),
    ("ordered list nested by 3 spaces", "1. one\n   - sub\n2. two", ["li one", "  li sub", "li two"]),
    ("nested list in an admonition", "!!! tip\n    - a\n      - b", ["admonition tip", "li a", "  li b"]),
    ("task list", "- [x] done\n- [ ] open\n    - [x] nested", ["[x]", "li done", "[ ]", "li open", "  [x]", "  li nested"]),
    ("collapsible admonition", '??? note "More"\n    Hidden.', ["details note", "  summary More"]),
    ("collapsible admonition, open", '???+ warning "Careful"\n    Open.', ["details warning open", "  summary Careful"]),
    ("html details with Markdown (GitHub)", "<details>\n<summary>Show</summary>\n\n- *item*\n</details>",
     ["details", "  summary Show", "li item"]),
    ("html details with markdown attribute (md_in_html)", "<details markdown>\n<summary>Show</summary>\n\n## Inside\n</details>",
     ["details", "  summary Show", "h2 Inside"]),
    ("content tabs", '=== "Python"\n\n    ```python\n    x = 1\n    ```\n\n=== "Rust"\n\n    Text',
     ["tabs", "  tab Python", "  tab Rust", "code python"]),
    ("admonition with nested blocks", '!!! example "Nested"\n    - a list\n\n    !!! note\n        inner\n\n    > quote',
     ["admonition example", "li a list", "admonition note", "quote"]),
    ("GitHub alert", "> [!NOTE]\n> Read *this*.", ["admonition note"]),
    ("GitHub alert, caution", "> [!CAUTION]\n> Stop.\n\n> plain quote", ["admonition caution", "quote"]),
    ("an admonition type without a style is a note", '!!! astro "Built with Astro"\n    Text.\n\n??? Tip inline end\n    More.',
     ["admonition note", "details tip", "  summary Tip"]),
    ("heading with code title", "# Install `kurs`", ["h1 Install kurs"]),
]


@pytest.mark.parametrize(("name", "source", "expected"), CASES, ids=[c[0] for c in CASES])
def test_structure_as_mkdocs_material_renders_it(name, source, expected):
    assert structure(source) == expected


def test_a_fence_interrupts_a_paragraph_as_on_github():
    for source in ("Run:\n```sh\nmake\n```\nDone.", "!!! note\n    Run:\n    ```sh\n    make\n    ```\n    Done."):
        html = str(render_markdown(source))
        assert "<p>Run:</p>" in html and "<p>Done.</p>" in html and "<p></p>" not in html


def test_dark_scheme_images_are_left_out():
    html = str(render_markdown("![Logo](logo.png#only-light){ width=\"640\" } ![Logo](logo-dark.png#only-dark){ width=\"640\" }"))
    assert html.count("<img") == 1 and "logo-dark" not in html


def test_highlighting_uses_classes_never_inline_styles():
    html = str(render_markdown("```python\ndef f():\n    return 1\n```\n\nInline `#!python print(1)`."))
    assert 'class="k"' in html and "style=" not in html


def test_examples_of_the_habits_inside_code_stay_examples():
    source = "````markdown\n- one\n  - two\n> [!NOTE]\n> x\n<details>\n```rust,ignore\n````"
    html = str(render_markdown(source))
    assert "[!NOTE]" in html and "&lt;details&gt;" in html and "rust,ignore" in html and "<li>" not in html


def test_the_preprocessor_leaves_plain_text_alone():
    lines = ["Text", "", "    indented code", "", "* * *", "Last"]
    assert GitHubHabits(None).run(lines) == lines


# ---------------------------------------------------------------- the handbook's examples render what they show

RENDERS = re.compile(
    r"<!-- example: (?P<path>\S+) -->\n```markdown\n(?P<body>(?:(?!<!-- example:).)*?)\n```\n<!-- renders: (?P<fragments>.*?) -->",
    re.S)
HANDBOOK_RENDERS = [
    (name, m["path"], m["body"] + "\n", [f.strip() for f in m["fragments"].split(" | ")])
    for name in ("authoring.md", "authoring.de.md")
    for m in RENDERS.finditer((Path(__file__).resolve().parent.parent / "docs" / name).read_text(encoding="utf-8"))
]


def test_every_new_construct_of_the_handbook_has_an_example():
    assert len(HANDBOOK_RENDERS) >= 2 * 9


@pytest.mark.parametrize(("name", "path", "body", "fragments"), HANDBOOK_RENDERS,
                         ids=[f"{n}-{p}" for n, p, _, _ in HANDBOOK_RENDERS])
def test_handbook_example_renders_its_construct(tmp_path, name, path, body, fragments):
    (tmp_path / "01-basics").mkdir()
    (tmp_path / "course.md").write_text("---\ntitle: Course\n---\n", encoding="utf-8")
    (tmp_path / "01-basics" / "module.md").write_text("---\ntitle: Basics\n---\n", encoding="utf-8")
    (tmp_path / path).write_text(body, encoding="utf-8")
    course = load_course(tmp_path)
    assert course.errors == ()
    (lesson,) = course.modules[0].lessons
    page = lesson.html + "".join(q.prompt_html[0] + q.explanation_html for q in lesson.questions)
    for fragment in fragments:
        assert fragment in page
