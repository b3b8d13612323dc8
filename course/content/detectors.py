"""Personal data in a reply: phone numbers, e-mail addresses, IBANs, contract numbers, street addresses.

Pure functions over plain text. Each finding names its kind and the text found, so the learner
reads what to remove. The patterns are written to stay quiet on times, dates, prices and
postcodes standing alone (see the detector table in tests/test_detectors.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# the stdlib's own parser of patterns (sre_parse is its deprecated old name)
from re import _constants as sre_constants  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

from course.content.messages import N_
from course.content.parser_words import regex_problem

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[A-Za-z]{2,24}\b")
# international (+49 / 0049) or national (0 and an area code); dots are left out: 01.03.2024 is a date
PHONE = re.compile(r"(?<![\w.,:/+])(?:(?:\+|00)\d{1,3}[ \-/]?(?:\(0\)[ ]?)?|\(?0)\d{1,5}\)?(?:[ \-/]?\d{1,8}){1,4}(?![\w.,:]\d)")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b")
STREET = re.compile(
    r"\b[A-ZÄÖÜ][\wäöüß-]*(?:straße|strasse|str\.|weg|platz|allee|gasse|ring|damm|ufer|chaussee)\s+\d{1,4}\s?[a-z]?\b"
    r"|\b\d{1,4}\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s+(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Drive|Way)\b",
)
MAX_PATTERN = 200


@dataclass(frozen=True)
class Finding:
    """One piece of personal data found in a reply: what kind, and the text."""

    kind: str  # phone, email, iban, contract, address
    text: str


def find_personal_data(text: str, contract: re.Pattern[str] | None = None) -> list[Finding]:
    """Every piece of personal data in text, in the order of the detectors."""
    found = [Finding("email", m.group()) for m in EMAIL.finditer(text)]
    found += [Finding("iban", m.group()) for m in IBAN.finditer(text) if iban_valid(m.group())]
    ibans = [m.span() for m in IBAN.finditer(text)]  # an IBAN with wrong check digits is no phone number either
    found += [Finding("phone", m.group().strip()) for m in PHONE.finditer(text)
              if _phone_like(m.group()) and not any(a <= m.start() < b for a, b in ibans)]
    if contract is not None:
        found += [Finding("contract", m.group()) for m in contract.finditer(text) if m.group()]
    found += [Finding("address", m.group()) for m in STREET.finditer(text)]
    return _without_overlaps(found)


def iban_valid(candidate: str) -> bool:
    """True when the IBAN's check digits are right (ISO 13616, mod 97)."""
    iban = candidate.replace(" ", "")
    if not 15 <= len(iban) <= 34:
        return False
    digits = "".join(str(int(c, 36)) for c in iban[4:] + iban[:4])
    return int(digits) % 97 == 1


def _phone_like(text: str) -> bool:
    digits = sum(c.isdigit() for c in text)
    # fewer than 7 digits is a postcode, a price or a count, more than 15 no phone number (E.164)
    return 7 <= digits <= 15


def _without_overlaps(found: list[Finding]) -> list[Finding]:
    """An IBAN's digits are no phone number as well: keep the first finding for each text."""
    kept: list[Finding] = []
    for finding in found:
        if not any(finding.text in k.text or k.text in finding.text for k in kept):
            kept.append(finding)
    return kept


def safe_pattern(pattern: str) -> tuple[re.Pattern[str] | None, str]:
    """Compile a course's own pattern when it cannot backtrack without end; else (None, why).

    Python's re has no time limit, so a pattern is refused at load when it could stall a worker:
    a repeat inside a repeat ((a+)+), back-references and look-arounds; replies are short (MAX_REPLY).
    """
    if not isinstance(pattern, str) or not pattern or len(pattern) > MAX_PATTERN:
        return None, N_("must be a regular expression of 1 to %(maximum)s characters", maximum=MAX_PATTERN)
    try:
        tree = sre_parse.parse(pattern)
        compiled = re.compile(pattern)
    except re.error as exc:
        return None, N_("is not a valid regular expression: %(problem)s", problem=regex_problem(exc))
    problem = _unsafe(tree, inside_repeat=False)
    if problem:
        return None, problem
    if compiled.match(""):
        return None, N_("matches the empty text: it would find a number everywhere")
    return compiled, ""


REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, getattr(sre_constants, "POSSESSIVE_REPEAT", None))


def _unsafe(tree: sre_parse.SubPattern, inside_repeat: bool) -> str:
    for op, value in tree:
        if op in REPEATS:
            if inside_repeat:
                return N_("has a repeat inside a repeat (like (a+)+), which can take forever: write it without")
            problem = _unsafe(value[2], inside_repeat=True)
        elif op in (sre_constants.GROUPREF, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            return N_("uses a back-reference or look-around: write the number's form plainly")
        elif op == sre_constants.SUBPATTERN:
            problem = _unsafe(value[-1], inside_repeat)
        elif op == sre_constants.BRANCH:
            problem = next((p for p in (_unsafe(b, inside_repeat) for b in value[1]) if p), "")
        else:
            problem = ""
        if problem:
            return problem
    return ""
