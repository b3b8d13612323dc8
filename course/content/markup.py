"""Markdown to sanitised HTML: the only place in Kurs that renders or calls bleach."""

from __future__ import annotations

import html as htmllib
import re
import threading
from collections.abc import Callable

import bleach
import markdown
from markupsafe import Markup

# Bump when the output of render_markdown changes, so cached renders are redone.
RENDERER_VERSION = "1"

EXTENSIONS = ["extra", "toc", "sane_lists", "admonition"]
EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
        "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "ol", "p",
        "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th",
        "thead", "tr", "ul",
    }
)
ALLOWED_PROTOCOLS = frozenset({"http", "https", "mailto"})
# Classes Markdown's extensions emit; anything else could dress text up as app UI.
ALLOWED_CLASSES = frozenset(
    {
        "admonition", "admonition-title", "note", "tip", "hint", "important", "warning",
        "caution", "danger", "error", "attention", "info", "success", "question", "example",
        "quote", "footnote", "footnote-ref", "footnote-backref", "toc", "toclink",
    }
)
ID_PATTERN = re.compile(r"^[A-Za-z][\w:.-]{0,80}$")
SIMPLE_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align"},
    "ol": {"start"},
}


def _allow_attribute(tag: str, name: str, value: str) -> bool:
    if name in SIMPLE_ATTRIBUTES.get(tag, ()):
        return True
    if name == "class":
        return all(token in ALLOWED_CLASSES for token in value.split())
    if name == "id":
        # Heading anchors and footnotes; prefixed so they never clash with the page's own ids.
        return bool(ID_PATTERN.match(value))
    return False


_local = threading.local()


def _cleaner() -> bleach.Cleaner:
    # bleach's Cleaner is not thread-safe: one per thread.
    cleaner = getattr(_local, "cleaner", None)
    if cleaner is None:
        cleaner = bleach.Cleaner(
            tags=ALLOWED_TAGS,
            attributes=_allow_attribute,
            protocols=ALLOWED_PROTOCOLS,
            strip=True,
            strip_comments=True,
        )
        _local.cleaner = cleaner
    return cleaner


IMG_SRC = re.compile(r'(<img\b[^>]*?\bsrc=")([^"]*)(")')


def render_markdown(text: str, image_url: Callable[[str], str | None] | None = None) -> Markup:
    """Render Markdown to HTML that is safe to put in a page.

    image_url maps an image's src as written to the URL to serve it from; None drops it.
    """
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    html = md.convert(text)
    if image_url is not None:
        html = IMG_SRC.sub(lambda m: _rewrite_src(m, image_url), html)
    return Markup(_cleaner().clean(html))  # noqa: S704 - bleach has just cleaned it


def _rewrite_src(match: re.Match, image_url: Callable[[str], str | None]) -> str:
    url = image_url(match.group(2))
    return f"{match.group(1)}{url or ''}{match.group(3)}"


def render_inline(text: str, image_url: Callable[[str], str | None] | None = None) -> Markup:
    """Render one line of Markdown (an answer, a title) without the wrapping paragraph."""
    html = str(render_markdown(text, image_url)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)  # noqa: S704 - a slice of render_markdown output


def plain_text(text: str) -> str:
    """Return the text of a Markdown snippet without markup, for storage and CSV."""
    stripped = bleach.clean(markdown.markdown(text), tags=set(), strip=True)
    return " ".join(htmllib.unescape(stripped).split())
