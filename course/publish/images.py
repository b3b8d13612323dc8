"""Uploaded images: the content must be what the name says, and an SVG must carry no script."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import PurePosixPath

from flask_babel import gettext as _

SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
}
# what can run or load something in an SVG; Kurs refuses such a file rather than guess at cleaning it
SVG_ACTIVE = re.compile(rb"<!DOCTYPE|<!ENTITY|<script|<foreignObject|\bon[a-z]+\s*=|javascript:|<iframe|<embed|<object"
                        rb"|<use\b[^>]*href\s*=\s*[\"'](?!#)|<image\b[^>]*href\s*=\s*[\"'](?!data:image/(png|jpeg|gif|webp))",
                        re.IGNORECASE)


def image_problem(name: str, data: bytes) -> str | None:
    """Return why an uploaded image is refused, or None when it may be published."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".svg":
        return svg_problem(data)
    if suffix == ".webp":
        ok = data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    else:
        ok = data.startswith(SIGNATURES[suffix])
    return None if ok else _("the content is not a %(type)s image.", type=suffix[1:].upper())


def svg_problem(data: bytes) -> str | None:
    """Refuse an SVG that could run script or load anything (script, event handlers, links out, entities)."""
    if SVG_ACTIVE.search(data):
        return _("the SVG contains script, an event handler, an entity or a link to another resource: "
                 "save it without them (for example, export it as plain SVG) or upload a PNG.")
    try:
        root = ET.fromstring(data)  # noqa: S314 (no DOCTYPE or entity got this far: SVG_ACTIVE refused them)
    except ET.ParseError:
        return _("the SVG is not well-formed XML.")
    if not root.tag.endswith("svg"):
        return _("the file is not an SVG image.")
    return None
