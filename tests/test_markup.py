"""The sanitiser: hostile HTML in Markdown renders with nothing executable left (a table of vectors)."""

from __future__ import annotations

import re
import threading
from html.parser import HTMLParser

import pytest

from course.content.markup import plain_text, render_inline, render_markdown

# (input, substrings that must not survive (lower-cased output), substrings that must survive)
VECTORS = [
    ("<script>alert(1)</script>", ["<script"], []),
    ("<SCRIPT SRC=//evil.example/x.js></SCRIPT>", ["<script", "evil.example"], []),
    ("<img src=x onerror=alert(1)>", ["onerror"], ["<img"]),
    ('![pic](x.png" onerror="alert(1))', ['onerror="'], []),
    ('<a href="javascript:alert(1)">x</a>', ["javascript:", "href"], [">x</a>"]),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', ["javascript:", "href"], [">x</a>"]),
    ('<a href="jav&#x61;script:alert(1)">x</a>', ["script:", "href"], [">x</a>"]),
    ('<a href="&#106;avascript:alert(1)">x</a>', ["script:", "href"], [">x</a>"]),
    ('<a href="java\tscript:alert(1)">x</a>', ["script:", "href"], [">x</a>"]),
    ('<a href="  javascript:alert(1)">x</a>', ["javascript:", "href"], [">x</a>"]),
    ("[x](javascript:alert(1))", ["javascript:", "href"], [">x</a>"]),
    ("[x](JAVASCRIPT:alert(1))", ["javascript:", "href"], [">x</a>"]),
    ("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", ["data:", "href"], [">x</a>"]),
    ('<a href="data:text/html,<script>alert(1)</script>">x</a>', ["data:", "<script"], []),
    ("![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)", ["data:"], []),
    ('<a href="vbscript:msgbox(1)">x</a>', ["vbscript", "href"], [">x</a>"]),
    ('<iframe src="https://evil.example"></iframe>', ["<iframe", "evil.example"], []),
    ("<svg onload=alert(1)><circle r=5 /></svg>", ["<svg", "onload", "<circle"], []),
    ('<p style="background:url(javascript:alert(1))">styled</p>', ["style=", "url(", "javascript"], ["styled"]),
    ("<style>body { background: url(javascript:alert(1)) }</style>", ["<style"], []),
    ('<object data="evil.swf"></object><embed src="evil.swf">', ["<object", "<embed", "evil.swf"], []),
    ('<form action="https://evil.example"><input name="password"><button>Go</button></form>',
     ["<form", "<input", "<button", "evil.example"], []),
    ("<details open ontoggle=alert(1)><summary>s</summary></details>", ["ontoggle", "alert"], ["<details open>", "<summary>s"]),
    ('<div onclick="alert(1)" onmouseover="alert(2)">hover</div>', ["onclick", "onmouseover"], ["hover"]),
    ("<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>", ["onerror", "<math", "<style"], []),
    ('<noscript><p title="</noscript><img src=x onerror=alert(1)>">', ["onerror", "<noscript"], []),
    ('<base href="https://evil.example/">', ["<base", "evil.example"], []),
    ('<meta http-equiv="refresh" content="0;url=https://evil.example">', ["<meta", "evil.example"], []),
    ('<link rel="stylesheet" href="https://evil.example/x.css">', ["<link", "evil.example"], []),
    ("<textarea autofocus onfocus=alert(1)>x</textarea>", ["<textarea", "onfocus"], []),
    ('<p id="main">hijack the skip link</p>', ['id="main"'], ["hijack"]),
    ('<p class="flash error">fake app message</p>', ["class="], ["fake app message"]),
    ('<a href="https://example.com" target="_blank" rel="opener">ok</a>', ["target", "opener"], ['href="https://example.com"']),
    ("<!-- <script>alert(1)</script> -->comment", ["<!--", "<script"], ["comment"]),
    # what the Markdown dialect added to the allowlist (issue 12), each addition held to its shape
    ('<input type="text" name="password">', ["<input"], []),
    ('<input type="hidden" name="csrf_token" value="x">', ["<input", "csrf"], []),
    ('<input type="checkbox" name="q-x" checked>', ["<input"], []),  # a task box is disabled, a tab radio named __tabbed_N
    ('<input type="radio" name="q-x">', ["<input"], []),
    ('<input type="radio" name="__tabbed_1" id="main" onclick="alert(1)" form="quiz">', ['id="main"', "onclick", "form="],
     ['type="radio"', 'name="__tabbed_1"']),
    ('<input type="checkbox" disabled checked onchange="alert(1)" value="x">', ["onchange", "value"], ["<input", "disabled", "checked"]),
    ('<label for="main" onclick="alert(1)">x</label>', ["for=", "onclick"], ["<label>x</label>"]),
    ('<label for="__tabbed_1_2">x</label>', [], ['<label for="__tabbed_1_2">x</label>']),
    ('<summary onclick="alert(1)">s</summary>', ["onclick"], ["<summary>s</summary>"]),
    ('<details open style="position:fixed" ontoggle="alert(1)">x</details>', ["style", "ontoggle"], ["<details open"]),
    ('<mark onmouseover="alert(1)">m</mark>', ["onmouseover"], ["<mark>m</mark>"]),
    ('<div class="tabbed-set flash error" id="main">x</div>', ["class=", 'id="main"'], ["x"]),
    ('<span class="nf flash">x</span>', ["class="], ["x"]),
    ('<p class="nf">x</p>', ["class="], ["x"]),  # Pygments' classes on spans only
    ('<kbd class="key-ctrl button">x</kbd>', ["class="], ["<kbd>x</kbd>"]),
    ('<div class="language-x"><span class="l-Scalar-Plain">ok</span></div>', [], ['class="language-x"', 'class="l-Scalar-Plain"']),
    ('```python title="<script>alert(1)</script>"\nx = 1\n```', ["<script"], ['<span class="filename">']),
    # an option superfences does not know leaves no fence at all: the line is text
    ('<table><tr><th colspan="2" rowspan="9" onclick="alert(1)">t</th></tr></table>', ["rowspan", "onclick"], ['colspan="2"']),
    ('```python linenums="1" onmouseover="alert(1)"\nx = 1\n```', ["<div onmouseover", "<pre onmouseover", "<code onmouseover"], ["<code>"]),
    ('=== "<img src=x onerror=alert(1)>"\n    body', ["onerror"], ["tabbed-set"]),
    ('??? note "<script>alert(1)</script>"\n    body', ["<script"], ['<details class="note">']),
    ("> [!NOTE]\n> <script>alert(1)</script>", ["<script"], ['class="admonition note"']),
    ("<details>\n<summary><img src=x onerror=alert(1)></summary>\n\n*md*\n</details>", ["onerror", "markdown="], ["<em>md</em>"]),
    ("`#!js alert(1)` and ++ctrl+<script>alert(1)</script>++", ["<script"], []),
]


@pytest.mark.parametrize(("source", "banned", "kept"), VECTORS, ids=[v[0][:40] for v in VECTORS])
def test_hostile_markup_is_defused(source, banned, kept):
    html = str(render_markdown(source))
    for fragment in banned:
        assert fragment not in html.lower(), html
    for fragment in kept:
        assert fragment in html, html


def test_table_has_at_least_twenty_vectors():
    assert len(VECTORS) >= 20


# (input, what must survive)
KEPT = [
    ("**bold** and *em* and `code`", ["<strong>bold</strong>", "<em>em</em>", "<code>code</code>"]),
    ('!!! warning "Careful"\n    Hidden dangers.', ['<div class="admonition warning">', '<p class="admonition-title">Careful</p>']),
    ("!!! note\n    A note.", ['<div class="admonition note">']),
    ("| a | b |\n|---|:-:|\n| 1 | 2 |", ['<div class="table-wrap" role="region" tabindex="0" aria-label="a, b"><table>', "<th>a</th>",
                                        '<td align="center">2</td>', "</table></div>"]),
    ("[site](https://example.com) and [mail](mailto:team@example.com)", ['href="https://example.com"', 'href="mailto:team@example.com"']),
    ("## Main\n\n[TOC]", ['<h2 id="h-main">Main</h2>', 'href="#h-main"', '<div class="toc">']),
    ("text[^1]\n\n[^1]: the note", ['id="fnref:1"', 'href="#fn:1"', 'id="fn:1"', 'class="footnote"']),
    ("```python\nif a < b:\n    pass\n```", ['<div class="language-python highlight"><pre tabindex="0">', '<span class="o">&lt;</span>']),
    ("Term\n:   Definition", ["<dl>", "<dt>Term</dt>", "<dd>Definition</dd>"]),
    ("1. one\n2. two", ["<ol>", "<li>one</li>"]),
    ("![A diagram](diagram.png)", ['<img alt="A diagram" src="diagram.png">']),
]


@pytest.mark.parametrize(("source", "kept"), KEPT, ids=[k[0][:30] for k in KEPT])
def test_course_markdown_survives(source, kept):
    html = str(render_markdown(source))
    for fragment in kept:
        assert fragment in html, html


def test_class_allowlist_drops_unknown_classes_whole():
    assert str(render_markdown('<div class="admonition tip">x</div>')) == '<div class="admonition tip">x</div>'
    assert str(render_markdown('<div class="admonition button primary">x</div>')) == "<div>x</div>"
    # a fence's language stays on its block (the structure mkdocs-material shows), nothing else does
    assert '<div class="language-js highlight">' in str(render_markdown("```js\nx\n```"))
    assert str(render_markdown('<span class="n flash">x</span>')) == "<p><span>x</span></p>"
    assert str(render_markdown('<p class="n">x</p>')) == "<p>x</p>"  # Pygments' classes on code spans only


@pytest.mark.parametrize("heading", ["Main", "Quiz title", "Mark done", "Submit quiz", "Q1 0"])
def test_heading_ids_never_take_the_pages_own_ids(heading):
    html = str(render_markdown(f"# {heading}"))
    slug = heading.lower().replace(" ", "-")
    assert f'id="h-{slug}"' in html
    assert f'id="{slug}"' not in html


def test_images_go_through_the_resolver_however_they_are_written():
    seen = []

    def image_url(src):
        seen.append(src)
        return "/media/m/" + src if not src.startswith("http") else None

    html = str(render_markdown("![a](p.png)\n\n<IMG SRC='q.png'> <img alt='>' src=https://evil.example/t.png>", image_url))
    assert seen == ["p.png", "q.png", "https://evil.example/t.png"]
    assert 'src="/media/m/p.png"' in html and 'src="/media/m/q.png"' in html
    assert "evil.example" not in html
    assert str(render_markdown("![a](p.png)")) == '<p><img alt="a" src="p.png"></p>'  # no resolver: as written


def test_render_inline_drops_the_paragraph_only():
    assert str(render_inline("An *answer*")) == "An <em>answer</em>"
    assert str(render_inline("<script>x</script>**b**")).count("<script") == 0


def test_plain_text_strips_markup_for_storage():
    assert plain_text("What do you do **first**? <script>alert(1)</script>") == "What do you do first? alert(1)"
    assert plain_text("Tom &amp; Jerry") == "Tom & Jerry"


def test_rendering_is_thread_safe():
    results, errors = [], []

    def work(n):
        try:
            for i in range(30):
                out = str(render_markdown(f"**{n}-{i}** <img src=x onerror=alert(1)> ![i](p{n}.png)", lambda s: "/media/" + s))
                results.append(f"<strong>{n}-{i}</strong>" in out and "onerror" not in out and f"/media/p{n}.png" in out)
        except Exception as exc:  # noqa: BLE001 - any failure in a thread fails the test below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(results) == 120 and all(results)


# ---------------------------------------------------------------- hostile course, through the pages

HOSTILE_MODULE = """---
title: "<img src=x onerror=alert('module')>Hostile"
summary: "<script>alert('summary')</script>"
---
Module intro <svg onload=alert(1)></svg>
"""

HOSTILE_LESSON = """---
title: "<script>alert('title')</script>Evil lesson"
quiz:
  show_correct: after_submit
---
Intro <svg onload=alert(1)><circle/></svg> <img src="pic.png" onerror="alert('img')">
<a href="jav&#x61;script:alert(1)">encoded</a> [md](javascript:alert(1)) <iframe src="https://evil.example"></iframe>

<quiz>
Pick <img src="pic.png" onerror=alert('q')> **one** <a href="javascript:alert(1)">QUESTION-MARK</a>
- [x] <script>alert('a')</script>Right <iframe src=https://evil.example></iframe>
> FEEDBACK-MARK <a href="jav&#x61;script:alert(1)">fb</a> <img src=pic.png onerror=alert(2)>
- [ ] Wrong <svg onload=alert(1)>
> OTHER-FEEDBACK <b onmouseover=alert(1)>x</b>

EXPLAIN-MARK <object data="evil.swf"></object> [x](javascript:alert(1)) <form action="https://evil.example"><button>go</button></form>
</quiz>

<quiz>
Fill [[<script>alert(1)</script>|ok]] <b onmouseover=alert(1)>GAP-MARK</b>.
---
GAPEXPLAIN-MARK <style>body{display:none}</style> <p style="background:url(javascript:alert(1))">s</p>
</quiz>
"""

BANNED_TAGS = {"script", "iframe", "svg", "object", "embed", "style", "frame", "base", "math", "textarea"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "xlink:href"}


class _Tags(HTMLParser):
    """Collect every tag of a page with its attributes, as a browser would see them."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def assert_inert(html: str) -> None:
    """Fail if anything in the page could run script, load from elsewhere or restyle the app."""
    parser = _Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in BANNED_TAGS, (tag, attrs)
        assert tag != "meta" or "http-equiv" not in dict(attrs), attrs
        for name, value in attrs:
            assert not name.startswith("on") and name != "style", (tag, name, value)
            if name in URL_ATTRIBUTES and value is not None:
                assert value.startswith(("/", "#", "https://example.com")), (tag, name, value)
    assert "evil.example" not in html.lower()


@pytest.fixture
def hostile(lessons_dir):
    """Add a module full of hostile HTML to the test's course."""
    folder = lessons_dir / "03-hostile"
    folder.mkdir()
    (folder / "module.md").write_text(HOSTILE_MODULE, encoding="utf-8")
    (folder / "01-evil.md").write_text(HOSTILE_LESSON, encoding="utf-8")
    (folder / "pic.png").write_bytes((lessons_dir / "01-basics" / "diagram.png").read_bytes())
    return folder


def test_hostile_lesson_loads_and_its_pages_are_inert(client, learner, hostile, course):
    assert [str(e) for e in course.errors] == []
    lesson = course.lesson("hostile", "evil")
    assert len(lesson.questions) == 2
    for path in ("/", "/learn/hostile", "/learn/hostile/evil"):
        response = client.get(path)
        assert response.status_code == 200
        assert_inert(response.get_data(as_text=True))
    page = client.get("/learn/hostile/evil").get_data(as_text=True)
    assert "QUESTION-MARK" in page and "GAP-MARK" in page and "Evil lesson" in page
    assert "&lt;script&gt;" in page  # the title is shown as text, not run
    assert 'src="/media/03-hostile/pic.png"' in page
    assert "FEEDBACK-MARK" not in page and "EXPLAIN-MARK" not in page


def test_hostile_quiz_result_and_history_are_inert(client, learner, hostile, course):
    lesson = course.lesson("hostile", "evil")
    choice, gap = lesson.questions
    html = client.get("/learn/hostile/evil").get_data(as_text=True)
    data = {
        "attempt": re.search(r'name="attempt" value="([^"]+)"', html).group(1),
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', html).group(1),
        f"q-{choice.key}": "0",
        f"q-{gap.key}-0": "<script>alert('typed')</script>",
    }
    response = client.post("/learn/hostile/evil/quiz", data=data)
    assert response.status_code == 302
    result = client.get(response.location).get_data(as_text=True)
    assert_inert(result)
    for mark in ("FEEDBACK-MARK", "EXPLAIN-MARK", "GAPEXPLAIN-MARK", "QUESTION-MARK"):
        assert mark in result
    assert "&lt;script&gt;alert(&#39;typed&#39;)&lt;/script&gt;" in result  # the learner's own answer, as text
    assert_inert(client.get("/history").get_data(as_text=True))


@pytest.mark.parametrize(
    "page",
    ['<img src="/x.png" onerror="alert(1)">', "<script>1</script>", '<a href="javascript:alert(1)">x</a>',
     '<p style="color:red">x</p>', "<svg></svg>", '<form action="https://evil.example"></form>'],
)
def test_the_inertness_check_itself_catches_hostile_pages(page):
    with pytest.raises(AssertionError):
        assert_inert(page)


def test_a_table_can_take_the_keyboard_focus_and_no_lesson_sets_its_own():
    """On a phone a table scrolls sideways in its own box: a region around it takes the focus, named by its columns (issue 13)."""
    html = str(render_markdown('<table tabindex="5" role="none"><tr><th>Kanal</th><td>Ton &amp; Zweck</td></tr></table>\n\n'
                               '<p tabindex="1">p</p>'))
    assert '<div class="table-wrap" role="region" tabindex="0" aria-label="Kanal, Ton &amp; Zweck"><table>' in html
    assert html.count("tabindex") == 1 and 'tabindex="5"' not in html and 'tabindex="1"' not in html and "role=\"none\"" not in html
    assert html.count("<div") == html.count("</div>") == 1


def test_code_takes_the_focus_once_and_a_table_without_headers_is_named_by_its_first_row():
    """A code block scrolls too: its <pre> takes the focus, the line numbers' <pre> does not."""
    html = str(render_markdown('```python linenums="1"\nx = 1\n```\n\n| | |\n|---|---|\n| 1 | 2 |\n'))
    assert html.count('<pre tabindex="0">') == 1 and html.count("<pre") == 2
    assert 'role="region" tabindex="0" aria-label="1, 2"' in html
    assert 'aria-label="—"' in str(render_markdown("<table><tr><td> </td></tr></table>"))


def test_text_in_another_language_keeps_its_lang_attribute():
    from course.content.markup import render_markdown

    html = str(render_markdown('The German word <span lang="de">Datenschutz</span>, <span lang="de onclick=x">not this</span>.'))
    assert '<span lang="de">Datenschutz</span>' in html
    assert "onclick" not in html and "<span>not this</span>" in html
