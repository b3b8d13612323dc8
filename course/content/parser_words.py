"""What a parser says (PyYAML, Python's `re`, the operating system) as a Message in the reader's language.

A parser words its problem in English. The common ones are named here by the parser's own fields
(the YAML error's problem, the `re` error's message without its position, the OSError's class), not
by one example's text; any other keeps the parser's wording, quoted and marked as the parser's own.
"""

from __future__ import annotations

import re
from typing import Any

from course.content.messages import N_, Message

# PyYAML's problem templates (scanner, parser, composer, constructor); %r values become (.+)
YAML_PROBLEMS = (
    (r"mapping values are not allowed here",
     N_("a colon followed by a space is not allowed here: put a text that contains ': ' in quotes")),
    (r"could not find expected ':'",
     N_("a line is not 'key: value' where one is expected (or a quoted text is not closed)")),
    (r"found character '\\t' that cannot start any token", N_("a tab character: indent with spaces")),
    (r"found character (?P<character>.+) that cannot start any token",
     N_("the character %(character)s cannot start a value: put the text in quotes")),
    (r"found duplicate key", N_("a key appears twice")),
    (r"found unexpected end of stream", N_("a quoted text is not closed")),
    (r"expected <block end>, but found '<scalar>'",
     N_("text where a new 'key: value' line should start: check the indentation, or quote the whole value")),
    (r"expected <block end>, but found .+", N_("the indentation does not match the lines before")),
    (r"sequence entries are not allowed here", N_("a list entry '- ' is not allowed here: check the indentation")),
    (r"expected ',' or '\]', but got .+", N_("a list in square brackets is not closed with ']', or lacks a comma")),
    (r"expected ',' or '}', but got .+", N_("a mapping in curly brackets is not closed with '}', or lacks a comma")),
    (r"expected alphabetic or numeric character, but found .+",
     N_("a value that starts with '*' or '&' means something else in YAML: put the text in quotes")),
    (r"found unknown escape character (?P<character>.+)",
     N_("a backslash before %(character)s in a double-quoted text: write \\\\ for a backslash, or use single quotes")),
    (r"expected a comment or a line break, but found .+", N_("more text after a closing quote: quote the whole value")),
    (r"found undefined alias (?P<name>.+)", N_("the alias %(name)s is not defined: put a text starting with '*' in quotes")),
    (r"could not determine a constructor for the tag (?P<tag>.+)", N_("the tag %(tag)s is not allowed here")),
)
# Python's re messages (re.error.msg, without the position)
REGEX_PROBLEMS = (
    (r"unterminated character set", N_("a '[' is not closed with ']'")),
    (r"nothing to repeat", N_("'*', '+', '?' or '{' has nothing before it to repeat (write \\* for the character itself)")),
    (r"missing \), unterminated subpattern", N_("a '(' is not closed with ')'")),
    (r"unbalanced parenthesis", N_("a ')' has no '(' before it")),
    (r"multiple repeat", N_("two repeats in a row, such as '**' or '+*'")),
    (r"bad escape (?P<escape>.+)", N_("unknown escape %(escape)s (write \\\\ for a backslash)")),
    (r"bad character range (?P<range>.+)", N_("the range %(range)s runs backwards")),
)
FILE_PROBLEMS = (  # OSError subclasses, by what the trainer can do about them
    (FileNotFoundError, N_("the file does not exist (any more)")),
    (PermissionError, N_("permission denied: Kurs may not read it")),
    (IsADirectoryError, N_("it is a folder, not a file")),
)


def _known(problems: tuple, text: str) -> Message | None:
    for pattern, message in problems:
        match = re.fullmatch(pattern, text)
        if match:
            return Message(message.msgid, match.groupdict()) if match.groupdict() else message
    return None


def yaml_problem(exc: Any) -> Message:
    """A YAML error's problem in words (its line is the caller's: the error's mark)."""
    problem = str(getattr(exc, "problem", None) or exc)
    known = _known(YAML_PROBLEMS, problem)
    if known is not None:
        return known
    context = getattr(exc, "context", None)  # "found duplicate anchor 'x'; first occurrence" / "second occurrence"
    words = f"{context}: {problem}" if context else problem
    return N_("the YAML parser says: “%(words)s”", words=words)


def regex_problem(exc: re.error) -> Message:
    """A regular expression's error in words, with the character it was found at (1 for the first)."""
    problem = _known(REGEX_PROBLEMS, exc.msg) or N_("the regular expression parser says: “%(words)s”", words=exc.msg)
    if exc.pos is None:
        return problem
    return N_("%(problem)s (at character %(position)s)", problem=problem, position=exc.pos + 1)


def file_problem(exc: OSError) -> Message:
    """Why a file cannot be read, in words; an uncommon reason as the system says it."""
    for kind, message in FILE_PROBLEMS:
        if isinstance(exc, kind):
            return message
    return N_("the system says: “%(words)s”", words=exc.strerror or str(exc))
