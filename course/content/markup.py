"""Markdown to sanitised HTML: the only place in Kurs that renders or calls bleach."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

import bleach
import markdown
from bleach.html5lib_shim import Filter
from markdown.extensions.toc import slugify
from markupsafe import Markup

from course.content.plaintext import html_to_text

# Bump when the output of render_markdown changes, so cached renders are redone.
RENDERER_VERSION = "2"

HEADING_PREFIX = "h-"


def _heading_id(value: str, separator: str) -> str:
    # prefixed, so a heading like "Main" or "Quiz title" never takes an id the page itself uses
    return HEADING_PREFIX + slugify(value, separator)


EXTENSIONS = ["extra", "toc", "sane_lists", "admonition"]
# extra passes its config on to the extensions it loads; align= survives bleach, style= does not
EXTENSION_CONFIGS = {"extra": {"tables": {"use_align_attribute": True}}, "toc": {"slugify": _heading_id}}

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
# heading anchors (h-...) and footnotes (fn:1, fnref:1, fnref2:1); no other id may enter a page
ID_PATTERN = re.compile(r"^(h-[\w.-]{1,80}|fn(ref\d*)?:[\w.-]{1,80})$")
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
        return bool(ID_PATTERN.match(value))
    return False


_local = threading.local()


class _ImageSources(Filter):
    """Point each image at the URL the current document's image_url gives it, or drop its src.

    It runs after bleach's sanitiser on the parsed tree, so no spelling of <img> escapes it.
    """

    def __iter__(self):
        image_url = getattr(_local, "image_url", None)
        for token in super().__iter__():
            if image_url and token["type"] in ("StartTag", "EmptyTag") and token["name"] == "img":
                attrs = dict(token["data"])
                src = attrs.pop((None, "src"), None)
                url = image_url(src) if src else None
                if url:
                    attrs[(None, "src")] = url
                token = {**token, "data": attrs}
            yield token


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
            filters=[_ImageSources],
        )
        _local.cleaner = cleaner
    return cleaner


class RenderError(ValueError):
    """Text that Markdown cannot render; the message is for the trainer."""


def _markdown(kind: str) -> markdown.Markdown:
    """Return this thread's Markdown converter of a kind, reset for a new document.

    Building one costs more than rendering a short answer, and a course has thousands of them;
    reset() clears all per-document state (footnotes, toc ids), so reuse is safe per thread.
    """
    converters = _local.__dict__.setdefault("markdown", {})
    if kind not in converters:
        extensions = EXTENSIONS if kind == "full" else []
        converters[kind] = markdown.Markdown(extensions=extensions, extension_configs=EXTENSION_CONFIGS if extensions else {})
    return converters[kind].reset()


def _convert(convert: Callable[[str], str], text: str) -> str:
    # Python-Markdown recurses once per level of nesting: hundreds of levels exhaust the stack
    try:
        return convert(text)
    except RecursionError:
        _local.__dict__.pop("markdown", None)  # a converter interrupted mid-document is not reused
        raise RenderError("the text is nested too deeply to render (lists, quotes or blocks hundreds of levels deep)") from None


def render_markdown(text: str, image_url: Callable[[str], str | None] | None = None) -> Markup:
    """Render Markdown to HTML that is safe to put in a page.

    image_url maps an image's src as written to the URL to serve it from; None drops it.
    """
    html = _convert(_markdown("full").convert, text)
    _local.image_url = image_url
    try:
        return Markup(_cleaner().clean(html))  # noqa: S704 - bleach has just cleaned it
    finally:
        _local.image_url = None


def render_inline(text: str, image_url: Callable[[str], str | None] | None = None) -> Markup:
    """Render one line of Markdown (an answer, a title) without the wrapping paragraph."""
    html = str(render_markdown(text, image_url)).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)  # noqa: S704 - a slice of render_markdown output


def plain_text(text: str) -> str:
    """Return the text of a Markdown snippet without markup, for storage and CSV.

    Code blocks keep their lines and indentation; other blocks stand on lines of their own.
    """
    # plain text is escaped wherever it is shown, so it needs no sanitising
    return html_to_text(_convert(_markdown("full").convert, text))


def key_text(text: str) -> str:
    """Return the words of a snippet as question keys have always been derived from them.

    Frozen: a question without {#key} is known by a hash of this text in every stored response,
    so a change here would retire every such question. Never change its output.
    """
    return " ".join(Markup(_convert(_markdown("plain").convert, text)).striptags().split())  # noqa: S704
