"""Find the <quiz> blocks in a lesson body: fenced code, stray tags, file line numbers."""

from __future__ import annotations

import re

from course.content.errors import ContentError
from course.content.messages import N_

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
TAG = re.compile(r"</?quiz>")
LOOSE_TAG = re.compile(r"<\s*/?\s*quiz\b[^>]*>", re.IGNORECASE)
# `<quiz>` in inline code is lesson text: a lesson may teach the syntax itself
CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
Block = tuple[int, list[tuple[int, str]]]  # the <quiz> line, then (file line, line) of each inner line


def split_blocks(body: str, first_line: int, path: str, errors: list[ContentError]) -> tuple[list[str], list[Block]]:
    """Separate the lesson text from the <quiz> blocks, each a list of (file line, line)."""
    text_lines: list[str] = []
    blocks: list[Block] = []
    block: list[tuple[int, str]] | None = None
    block_start = 0
    fence: str | None = None
    fence_start = 0
    for offset, line in enumerate(body.split("\n")):
        lineno = first_line + offset
        stripped = line.strip()
        fence_start = fence_start if fence else lineno
        fence, in_code = track_fence(fence, line)
        if in_code:
            # a <quiz> inside a fenced code block is an example, not a question
            if block is None:
                text_lines.append(line)
            else:
                block.append((lineno, line))
        elif stripped == "<quiz>" and block is None:
            block, block_start = [], lineno
        elif stripped == "<quiz>":
            errors.append(ContentError(path, lineno, N_("<quiz> inside the <quiz> opened at line %(line)s: close that one first", line=block_start)))
        elif stripped == "</quiz>" and block is None:
            errors.append(ContentError(path, lineno, N_("</quiz> without an opening <quiz>")))
        elif stripped == "</quiz>":
            blocks.append((block_start, block))
            block = None
        elif TAG.search(CODE_SPAN.sub("", line)):
            errors.append(ContentError(path, lineno, N_("<quiz> and </quiz> must each stand alone on their line")))
        elif LOOSE_TAG.search(CODE_SPAN.sub("", line)):
            # a misspelt tag would leave the question, answer key and all, in the lesson text
            errors.append(ContentError(path, lineno, N_("write the tag exactly <quiz> or </quiz>: lower case, nothing inside")))
        elif block is None:
            text_lines.append(line)
        else:
            block.append((lineno, line))
    if fence is not None:
        # Markdown would not show it as code, and a quiz after it would show its answer key as text
        errors.append(ContentError(path, fence_start, N_("code block not closed: add a line %(fence)s after it", fence=fence)))
    if block is not None:
        errors.append(ContentError(path, block_start, N_("unclosed <quiz>: add </quiz> after the question")))
    return text_lines, blocks


def track_fence(fence: str | None, line: str) -> tuple[str | None, bool]:
    """Return the fence still open after this line, and whether the line is code."""
    match = FENCE.match(line)
    if fence is None:
        return (match.group(1), True) if match else (None, False)
    closes = match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence)
    closes = closes and line.strip() == match.group(1)
    return (None if closes else fence), True


# A line meant as an answer but mistyped: the bullet, a space, brackets holding x or nothing, a space.
# Left alone, it would be folded into the question's text, answer key and all.
MARKER_TYPO = re.compile(r"^\s{0,3}(?P<marker>(?P<bullet>[-*+]?)(?P<gap>\s*)\[(?P<inside>\s*[xX]?\s*)\])(?=\s|$)")


def marker_typos(lines: list[tuple[int, str]], path: str) -> list[ContentError]:
    """Report every mistyped answer marker ('-[x]', '- [ x]', '- [x ]', '+ [x]', '[x]') with its line."""
    errors = []
    fence = None
    for lineno, line in lines:
        fence, in_code = track_fence(fence, line)
        match = None if in_code else MARKER_TYPO.match(line)
        if match and not (match["bullet"] in ("-", "*") and match["gap"] and match["inside"] in ("", " ", "x", "X")):
            errors.append(ContentError(
                path, lineno, N_("answer marker '%(marker)s' is mistyped: write '- [x] ' before a right answer "
                                 "and '- [ ] ' before a wrong one (a dash, a space, the brackets, a space)", marker=match["marker"])))
    return errors


def dedent_block(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Remove the indentation every line of a block shares (a quiz inside a tab or an admonition)."""
    indents = [len(line) - len(line.lstrip(" ")) for _, line in lines if line.strip()]
    cut = min(indents, default=0)
    return [(lineno, line[cut:]) for lineno, line in lines] if cut else lines
