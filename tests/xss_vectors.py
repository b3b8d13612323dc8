"""Hostile text for every place a trainer or admin writes text, and a structural check of pages.

VECTORS are one line each, so they fit titles, answers, feedback, names and departments.
MARKDOWN_VECTORS span lines or lean on Markdown's own syntax: they go into lesson bodies.
CSV_VECTORS are what a spreadsheet would run as a formula.
executable_problems(html) parses a page and lists what could run script or leave the app.
Shared with the browser tests (tests/e2e), which check that no vector runs in a real browser.
"""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser
from pathlib import Path

# Image vectors point at pixel.png: the loader refuses images that are not course files, so put
# PIXEL next to the lessons (write_pixel) for the vectors to reach the sanitiser.
PIXEL = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")

VECTORS = [
    "<script>alert('script')</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert('split')</scr</script>ipt>",
    "<<script>script>alert('nested')//<</script>",
    "<img src=pixel.png onerror=alert('img')>",
    "<img src=pixel.png onerror=alert('unclosed')//",
    '<img src="pixel.png" onerror="&#97;lert(\'entity-handler\')">',
    "<img srcset=\"pixel.png 1x, javascript:alert('srcset') 2x\">",
    "<svg onload=alert('svg')>",
    "<svg><script>alert('svg-script')</script></svg>",
    "<svg><a xlink:href=\"javascript:alert('xlink')\"><text x='0' y='9'>x</text></a></svg>",
    "<svg><animate onbegin=alert('animate') attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=pixel.png onerror=alert('mxss')>",
    "<a href=\"javascript:alert('href')\">a</a>",
    "<a href=\"  JaVaScRiPt:alert('case')\">b</a>",
    "<a href=\"jav&#x09;ascript:alert('tab')\">c</a>",
    "<a href=\"&#106;avascript:alert('dec-entity')\">d</a>",
    "<a href=javascript&colon;alert('colon')>e</a>",
    "<a href=\"data:text/html,<script>alert('data')</script>\">f</a>",
    "<a href=\"vbscript:msgbox('vb')\">g</a>",
    "[md link](javascript:alert('md'))",
    "[md data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<javascript:alert('autolink')>",
    "<iframe src=\"javascript:alert('iframe')\"></iframe>",
    "<iframe srcdoc=\"<script>alert('srcdoc')</script>\"></iframe>",
    "<object data=\"javascript:alert('object')\"></object>",
    "<embed src=\"javascript:alert('embed')\">",
    "<base href=\"javascript:alert('base')//\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('meta')\">",
    "<link rel=stylesheet href=\"javascript:alert('link')\">",
    "<form action=\"javascript:alert('form')\"><button>go</button></form>",
    "<button formaction=\"javascript:alert('formaction')\">h</button>",
    "<isindex action=javascript:alert('isindex') type=image>",
    "<details open ontoggle=alert('details')>i</details>",
    "<input autofocus onfocus=alert('input')>",
    "<body onload=alert('body')>",
    "<video><source onerror=alert('video')></video>",
    "<div onclick=\"alert('click')\" onmouseover=\"alert('hover')\">j</div>",
    "<div style=\"background:url(javascript:alert('style'))\">k</div>",
    "<style>*{background:url(\"javascript:alert('style-tag')\")}</style>",
    "<table background=\"javascript:alert('background')\"><tr><td>l</td></tr></table>",
    "<template><img src=pixel.png onerror=alert('template')></template>",
    "<noscript><p title=\"</noscript><img src=pixel.png onerror=alert('noscript')>\">",
    "<!-- <script>alert('comment')</script> -->m",
    "\"><script>alert('breakout')</script>",
    "'><img src=pixel.png onerror=alert('breakout2')>",
    "</textarea><script>alert('textarea')</script>",
    "<span class=\"flash error\" id=\"main\">fake app message</span>",
    "{{ 7*7 }} {% raw %}{{ config }}{% endraw %}",
]

MARKDOWN_VECTORS = [
    "Attribute list{: onclick=\"alert('attr-list')\" }",
    "# Heading {: onmouseover=\"alert('attr-heading')\" }",
    "[attr link](http://example.com){: onclick=\"alert('attr-link')\" href=\"javascript:alert('attr-href')\" }",
    "<div markdown=\"1\" onclick=\"alert('md-in-html')\">*inside*</div>",
    "[ref link][evil]\n\n[evil]: javascript:alert('reference')",
    "!!! warning \"<img src=pixel.png onerror=alert('admonition')>\"\n    body",
    "```\" onmouseover=\"alert('fence')\nprint(1)\n```",
    "Footnote[^x]\n\n[^x]: <script>alert('footnote')</script>",
    "*[HTML]: <img src=pixel.png onerror=alert('abbr')>\n\nSome HTML here.",
    "| a | <img src=pixel.png onerror=alert('table')> |\n|---|---|\n| <script>alert('cell')</script> | b |",
    # the dialect of issue 12: fences with attributes, tabs, details, task lists, alerts, keys, inputs
    "```python title=\"<img src=pixel.png onerror=alert('fence-title')>\" linenums=\"1\"\nprint(1)\n```",
    "```js onclick=\"alert('fence-option')\"\nx\n```",
    "=== \"<img src=pixel.png onerror=alert('tab-title')>\"\n    <script>alert('tab-body')</script>",
    "??? warning \"<svg onload=alert('details-title')>\"\n    <img src=pixel.png onerror=alert('details-body')>",
    "<details open ontoggle=alert('details-md')>\n<summary onclick=alert('summary')>s</summary>\n\n*md*\n</details>",
    "> [!WARNING]\n> <img src=pixel.png onerror=alert('gh-alert')>",
    "- [x] <img src=pixel.png onerror=alert('task')>\n- [ ] <input type=checkbox onchange=alert('task-box')>",
    "<input type=radio name=__tabbed_1 onclick=alert('radio')> <label for=__tabbed_1_1 onclick=alert('label')>l</label>",
    "<input type=text name=password autofocus onfocus=alert('text-input')>",
    "`#!js alert('inlinehilite')` ++ctrl+<script>alert('keys')</script>++ ==<img src=pixel.png onerror=alert('mark')>==",
]

# Images must be course files: the loader refuses these with a content error, which a trainer sees.
IMAGE_VECTORS = [
    "![img](javascript:alert('md-image'))",
    "![img](data:image/svg+xml,<svg onload=alert('data-image')>)",
    "![img](https://evil.example/x.png)",
]

CSV_VECTORS = [
    "=HYPERLINK(\"https://evil.example\",\"click\")",
    "=cmd|' /C calc'!A0",
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcset", "ping", "cite"}
FORBIDDEN_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "style",
    "animate", "set", "handler", "listener", "isindex",
}
BAD_SCHEMES = ("javascript:", "vbscript:", "data:")
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        where = f"<{tag}>"
        # the app's own scripts (static/editor.js) come from /static/ and nowhere else (CSP script-src 'self')
        own_script = tag == "script" and (dict(attrs).get("src") or "").startswith("/static/")
        if tag in FORBIDDEN_TAGS and not own_script:
            self.problems.append(f"{where} element")
        if tag == "meta" and any(name == "http-equiv" for name, _ in attrs):
            self.problems.append(f"{where} with http-equiv")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"{where} event handler {name}={value!r}")
            elif name in ("style", "srcdoc"):
                self.problems.append(f"{where} {name}={value!r}")
            elif name in URL_ATTRIBUTES:
                # browsers ignore case, spaces and control characters inside a scheme
                for url in value.split(",") if name == "srcset" else [value]:
                    if _INVISIBLE.sub("", url).lower().startswith(BAD_SCHEMES):
                        self.problems.append(f"{where} {name}={value!r}")
            if name == "src" and _INVISIBLE.sub("", value).lower().startswith(("http:", "https:", "//")):
                self.problems.append(f"{where} loading from another origin: {value!r}")
            if tag == "form" and name == "action" and not (value.startswith("/") and not value.startswith("//")):
                self.problems.append(f"{where} posting outside the app: {value!r}")
            if tag == "link" and name == "href" and not value.startswith("/static/"):
                self.problems.append(f"{where} loading {value!r}")

    handle_startendtag = handle_starttag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def write_pixel(folder: Path) -> None:
    """Put pixel.png, the image the vectors name, into a course folder."""
    (Path(folder) / "pixel.png").write_bytes(PIXEL)


def executable_problems(html: str) -> list[str]:
    """List everything in a page that could run script or send the reader elsewhere."""
    scan = _Scan()
    scan.feed(html)
    scan.close()
    return scan.problems


def page_text(html: str) -> str:
    """Return the text a reader sees (entities decoded), for checking a vector arrived as text."""
    scan = _Scan()
    scan.feed(html)
    scan.close()
    return "".join(scan.text)


def formula_cells(rows: list[list[str]]) -> list[str]:
    """Return every CSV cell a spreadsheet would run as a formula."""
    return [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
