"""Markdown as trainers already write it: the GitHub habits Python-Markdown does not know.

One preprocessor rewrites the source, before any other, into what Python-Markdown and
pymdown-extensions read as GitHub and mkdocs-material show it:

- lists nested by 2 spaces (GitHub, most editors) become the 4 Python-Markdown needs; 4 stay 4;
- a fence directly under a line of text (in a list item too) gets the blank lines Python-Markdown needs;
- a fence's info string as GitHub and rustdoc write it (```` ```rust,ignore ````) keeps its language;
- GitHub alerts (`> [!NOTE]`) become admonitions;
- `<details>` at the start of a line renders the Markdown inside it, as on GitHub;
- a heading's own id (`## Setup {#setup}`) gets the `h-` prefix of every heading id;
- an admonition of a type mkdocs-material has no style for is a note with that title, its
  modifiers (`inline end`) are dropped, and `#only-dark` images are left out.

Fenced code is copied as it is (only moved with its list item), so examples of all this stay examples.
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

# the admonition types mkdocs-material styles; another type is shown as a note, as mkdocs-material
# shows a type it has no style for (markup.py allows these classes and no others)
ADMONITION_TYPES = frozenset(
    {
        "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check",
        "done", "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing",
        "danger", "error", "bug", "example", "quote", "cite",
    }
)
ADMONITION = re.compile(r'^( *)(!!!|\?\?\?\+?)[ \t]+([\w-]+)((?:[ \t]+[\w-]+)*)[ \t]*("[^"]*")?[ \t]*$')
# mkdocs-material shows `#only-dark` images in its dark scheme only; Kurs has none
DARK_ONLY = re.compile(r'!\[[^\]]*\]\([^)\s]*#only-dark(?:\s+"[^"]*")?\)(?:\{[^}]*\})?')
ITEM = re.compile(r"^( *)([-*+]|\d{1,9}[.)])( +|$)")
FENCE = re.compile(r"^( *)(`{3,}|~{3,})(.*)$")
INFO_COMMA = re.compile(r"^([\w#.+-]+),\S*(.*)$")
ALERT = re.compile(r"^( *)> ?\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*$", re.IGNORECASE)
HEADING_ID = re.compile(r"^(#{1,6}\s.*\{:?[^}]*?#)(?!h-)([\w-]+)([^}]*\}\s*)$")
DETAILS = re.compile(r"^( *)<details(?![^>]*\bmarkdown\b)(\s[^>]*)?>", re.IGNORECASE)


class _Item:
    """An open list item: where its marker stands in the source and where its content starts."""

    def __init__(self, marker: int, content: int, depth: int, base: int) -> None:
        self.marker = marker
        self.content = content  # source column of its content (settled by its first indented line)
        self.settled = False
        self.depth = depth
        self.base = base  # output column of the outermost item of this list


def _alerts(lines: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    fence = None
    while i < len(lines):
        line = lines[i]
        fence = _fence_state(fence, line)
        match = ALERT.match(line) if fence is None else None
        if not match:
            out.append(line)
            i += 1
            continue
        indent = match.group(1)
        out.append(f"{indent}!!! {match.group(2).lower()}")
        i += 1
        quote = re.compile(rf"^{indent}> ?(.*)$")
        while i < len(lines) and (inner := quote.match(lines[i])):
            out.append(f"{indent}    {inner.group(1)}" if inner.group(1).strip() else "")
            i += 1
    return out


def _fence_state(fence: str | None, line: str) -> str | None:
    match = FENCE.match(line)
    if fence is None:
        return match.group(2) if match else None
    if match and match.group(2)[0] == fence[0] and len(match.group(2)) >= len(fence) and not match.group(3).strip():
        return None
    return fence


def _lists(lines: list[str]) -> list[str]:
    """Re-indent list items and their content to 4 columns per level, as Python-Markdown needs."""
    out: list[str] = []
    stack: list[_Item] = []
    fence: str | None = None
    shift = 0  # how far the lines of the open fence move with their list item
    blank = True
    closed = False  # a fence inside a list item has just closed
    for line in lines:
        if fence is not None:
            fence = _fence_state(fence, line)
            out.append(_move(line, shift))
            closed = fence is None
            blank = False
            continue
        if closed and line.strip():
            out.append("")  # and a block must start after it, or the next item is swallowed
            blank = True
        closed = False
        if not line.strip():
            out.append(line)
            blank = True
            continue
        indent = _indent(line)
        item = ITEM.match(line)
        if stack and item is None and not blank and indent < stack[-1].content:
            out.append(line)  # a lazy continuation of the item's paragraph
            blank = False
            continue
        while stack and indent < stack[-1].content:
            stack.pop()
        if item:
            if stack:
                parent = stack[-1]
                if not parent.settled:
                    parent.content, parent.settled = indent, True
                depth, base = parent.depth + 1, parent.base
            else:
                depth, base = 0, indent
            stack.append(_Item(indent, indent + len(item.group(2)) + max(1, len(item.group(3))), depth, base))
            new = " " * (base + 4 * depth) + line[indent:]
        elif stack:
            top = stack[-1]
            if not top.settled and indent <= top.marker + 4:
                top.content, top.settled = indent, True  # the author's own indent for this item
            new = " " * (top.base + 4 * (top.depth + 1) + max(0, indent - top.content)) + line[indent:]
        else:
            new = line
        match = FENCE.match(new)
        if match:
            if item is None and not blank:
                # a fence interrupts a paragraph (CommonMark); Python-Markdown sees one only where a block starts
                out.append("")
            fence, shift = match.group(2), _indent(new) - indent
        out.append(new)
        blank = False
    return out


def _move(line: str, shift: int) -> str:
    if shift >= 0:
        return " " * shift + line if line.strip() else line
    return line[min(-shift, _indent(line)) :]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _fence_info(lines: list[str]) -> list[str]:
    out = []
    fence = None
    for line in lines:
        match = FENCE.match(line)
        if fence is None and match:
            info = INFO_COMMA.match(match.group(3).strip())
            if info:
                line = f"{match.group(1)}{match.group(2)}{info.group(1)}{info.group(2)}"
        fence = _fence_state(fence, line)
        out.append(line)
    return out


def _admonition(match: re.Match) -> str:
    indent, marker, kind, _modifiers, title = match.groups()
    if kind.lower() in ADMONITION_TYPES:
        return f"{indent}{marker} {kind.lower()}" + (f" {title}" if title is not None else "")
    return f'{indent}{marker} note {title if title is not None else chr(34) + kind.capitalize() + chr(34)}'


def _details(lines: list[str]) -> list[str]:
    out = []
    fence = None
    for line in lines:
        if fence is None:
            # modifiers (inline, end) and unknown types would cost the box its classes
            line = ADMONITION.sub(_admonition, line)
            line = DARK_ONLY.sub("", line)
            # a heading's own id ({#install}) takes the prefix every heading id has (markup.HEADING_PREFIX)
            line = HEADING_ID.sub(r"\1h-\2\3", line)
            line = DETAILS.sub(lambda m: f"{m.group(1)}<details markdown=\"1\"{m.group(2) or ''}>", line, count=1)
        fence = _fence_state(fence, line)
        out.append(line)
    return out


class GitHubHabits(Preprocessor):
    """Rewrite the source into the dialect Python-Markdown reads (see the module docstring)."""

    def run(self, lines: list[str]) -> list[str]:
        return _details(_lists(_alerts(_fence_info(lines))))


class GitHubHabitsExtension(Extension):
    """Register the preprocessor after whitespace normalisation (tabs expanded) and before fences."""

    def extendMarkdown(self, md) -> None:
        md.preprocessors.register(GitHubHabits(md), "kurs_github_habits", 29)
