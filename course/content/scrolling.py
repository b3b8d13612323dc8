"""What scrolls sideways in its own box on a phone takes the keyboard's focus: a bleach filter for lessons.

axe's scrollable-region-focusable: a box that scrolls but holds nothing focusable cannot be
scrolled by keyboard. Each table is wrapped in a named region that takes the focus (kurs.css lets
.table-wrap scroll); a code block's <pre> takes it itself.
"""

from __future__ import annotations

from html import unescape

from bleach.html5lib_shim import Filter


class ScrollingBoxes(Filter):
    """Let the keyboard reach what scrolls sideways in its own box on a phone (kurs.css), and name it.

    Each table is wrapped in a region that takes the focus, named by its column headers (the
    lesson's own words, in its own language); a code block takes the focus itself (its text is
    its name). Added after sanitising, like the image sources: a lesson's own tabindex or role
    never survives bleach.
    """

    def __iter__(self):
        held: list[dict] = []  # a table's tokens, until its end tag names its columns
        depth = 0
        line_numbers = False  # the <pre> of a code block's line numbers scrolls with the code: no stop of its own
        for token in super().__iter__():
            kind, name = token["type"], token.get("name")
            if kind == "StartTag" and name == "pre" and not line_numbers:
                token = {**token, "data": {**dict(token["data"]), (None, "tabindex"): "0"}}
            if kind == "StartTag":
                line_numbers = name == "div" and "linenodiv" in token["data"].get((None, "class"), "")
            # a code block with line numbers is a table too, but its <pre> is what scrolls
            is_table = name == "table" and "highlighttable" not in (token.get("data") or {}).get((None, "class"), "")
            if kind == "StartTag" and is_table:
                depth += 1
            if depth:
                held.append(token)
            else:
                yield token
            if kind == "EndTag" and name == "table" and depth:
                depth -= 1
                if not depth:
                    yield from _region(held)
                    held = []
        yield from held  # an unclosed table (html5lib closes them; this is for safety)


def _region(table: list[dict]) -> list[dict]:
    label = ", ".join(_header_texts(table)) or "—"
    start = {"type": "StartTag", "name": "div", "namespace": None,
             "data": {(None, "class"): "table-wrap", (None, "role"): "region", (None, "tabindex"): "0",
                      (None, "aria-label"): label}}
    return [start, *table, {"type": "EndTag", "name": "div", "namespace": None}]


def _header_texts(table: list[dict]) -> list[str]:
    """The text of the first row that has any: the column headers, as a rule."""
    cells: list[str] = []
    in_cell = False
    for token in table:
        if token["type"] == "StartTag" and token["name"] in ("th", "td"):
            in_cell = True
            cells.append("")
        elif token["type"] == "EndTag" and token["name"] in ("th", "td"):
            in_cell = False
        elif token["type"] == "EndTag" and token["name"] == "tr":
            texts = [" ".join(text.split()) for text in cells if text.strip()]
            if texts:
                return texts
            cells = []
        elif in_cell and token["type"] in ("Characters", "SpaceCharacters"):
            cells[-1] += token["data"]
        elif in_cell and token["type"] == "Entity":  # bleach keeps &gt; and the like as entities
            cells[-1] += unescape(f"&{token['name']};")
    return []
