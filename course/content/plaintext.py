"""Rendered HTML to plain text for storage and CSV: code keeps its lines, blocks their breaks."""

from __future__ import annotations

from html.parser import HTMLParser

# elements that stand on their own lines; text inside others runs on
BLOCKS = frozenset(
    {
        "address", "blockquote", "br", "dd", "details", "div", "dl", "dt", "figure", "h1", "h2", "h3", "h4",
        "h5", "h6", "hr", "li", "ol", "p", "pre", "section", "summary", "table", "tr", "ul",
    }
)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = [""]
        self.code: set[int] = set()  # indexes of lines inside <pre>: kept even when blank
        self.pre = 0

    def _break(self) -> None:
        if self.lines[-1].strip():
            self.lines.append("")

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in BLOCKS:
            self._break()
        if tag == "pre":
            self.pre += 1
        elif tag in ("td", "th") and self.lines[-1].strip():
            self.lines[-1] += " "

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in BLOCKS:
            self._break()

    def handle_data(self, data: str) -> None:
        if self.pre:
            # code keeps its lines and indentation exactly
            first, *rest = data.split("\n")
            self.lines[-1] += first
            self.code.add(len(self.lines) - 1)
            for line in rest:
                self.lines.append(line)
                self.code.add(len(self.lines) - 1)
        else:
            words = " ".join(data.split())
            if words:
                joiner = " " if self.lines[-1] and not self.lines[-1].endswith(" ") and data[:1].isspace() else ""
                self.lines[-1] += joiner + words
                if data[-1:].isspace():
                    self.lines[-1] += " "


def html_to_text(html: str) -> str:
    """Return the text of rendered HTML: one line per block, code blocks line by line."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    kept = [line.rstrip() for i, line in enumerate(parser.lines) if line.strip() or i in parser.code]
    return "\n".join(kept).strip("\n")
