"""Server-rendered SVG bar charts, built from escaped text only.

Every piece of text (labels come from module titles and department names) passes through
markupsafe's escape; colours are presentation attributes, so no style attribute is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import escape

WIDTH = 640
LABEL_WIDTH = 220
BAR_WIDTH = 320
ROW_HEIGHT = 30
TOP = 40
MAX_LABEL = 30
COLOURS = {"bar": "#1f5f8b", "track": "#e3e8ee", "ink": "#1d2733", "muted": "#5b6672"}


@dataclass(frozen=True)
class Bar:
    """One bar: a label, a share from 0 to 100, and the words written next to it."""

    label: str
    percent: float
    detail: str


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1] + "…"


def bar_chart(title: str, bars: Sequence[Bar], description: str = "", empty: str = "No data yet.") -> str:
    """Return a horizontal bar chart as an SVG document; the caller writes its words in the reader's language.

    title and description are also its accessible name and description; empty is shown when there are no bars.
    """
    height = TOP + ROW_HEIGHT * max(len(bars), 1) + 10
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" font-family="sans-serif" font-size="13">',
        f"<title>{escape(title)}</title>",
    ]
    if description:
        parts.append(f"<desc>{escape(description)}</desc>")
    parts.append(f'<text x="0" y="20" font-size="15" font-weight="bold" fill="{COLOURS["ink"]}">{escape(title)}</text>')
    if not bars:
        parts.append(f'<text x="0" y="{TOP + 15}" fill="{COLOURS["muted"]}">{escape(empty)}</text>')
    for i, bar in enumerate(bars):
        y = TOP + i * ROW_HEIGHT
        share = min(max(bar.percent, 0.0), 100.0)
        parts += [
            f"<g><title>{escape(bar.label)}: {escape(bar.detail)}</title>",
            f'<text x="0" y="{y + 15}" fill="{COLOURS["ink"]}">{escape(_short(bar.label))}</text>',
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{BAR_WIDTH}" height="16" rx="3" fill="{COLOURS["track"]}"/>',
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{BAR_WIDTH * share / 100:.1f}" height="16" rx="3" fill="{COLOURS["bar"]}"/>',
            f'<text x="{LABEL_WIDTH + BAR_WIDTH + 8}" y="{y + 15}" fill="{COLOURS["muted"]}">{escape(bar.detail)}</text></g>',
        ]
    parts.append("</svg>")
    return "\n".join(parts)
