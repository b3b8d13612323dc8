"""Run an exercise's checks on a learner's reply: for each check, passed or what to change."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from course.content.detectors import find_personal_data
from course.content.errors import ContentError
from course.content.exercise import MAX_REPLY, NETWORK_LIMITS, Check, Exercise, phrase_found
from course.content.messages import N_
from course.content.values import Lesson

Parsed = tuple[Lesson | None, list[ContentError]]

# German forms of address: du (any case: "Du" is common in posts) and Sie (capitalised, after the first word)
# the plural "ihr" is informal only in lower case: "Ihr" is the formal "your"
DU = re.compile(r"\b(?:[Dd]u|[Dd]ich|[Dd]ir|[Dd]ein(?:e[nmrs]?)?|[Ee]uch|[Ee]uer|[Ee]ure[nmrs]?|ihr)\b")
SIE = re.compile(r"(?<![.!?:]\s)(?<!^)\b(?:Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b")
# English has one "you": a reply breaks the post's register with a letter's stiff formulas
STIFF = re.compile(r"\b(?:dear sir|dear madam|to whom it may concern|yours faithfully|yours sincerely)\b", re.IGNORECASE)
NO_NAME = {"team", "service", "kundenservice", "nordwind", "telekom", "grüße", "gruß", "grüßen", "regards", "wishes", "thanks",
           "danke", "support", "care", "ihr", "ihre", "euer", "eure", "dein", "deine", "your", "the"}
# a name after the line's start, a comma, a dash, ^ or / (^Niklas, the course's own style) or a sentence's end
# ("… an. Jana"); initials also after ^ or / (^jk, /JK)
SIGNATURE = re.compile(r"(?:^|[,–—-]\s*|[\^/]\s?|[.!?]\s+|(?P<short>\s))(?P<name>[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)?|[A-ZÄÖÜ]{2,3})\.?$"
                       r"|[\^/]\s?(?P<initials>[A-Za-z]{2,3})$")


@dataclass(frozen=True)
class CheckResult:
    """The result of one check on one reply; found lists what a detector found."""

    check: Check
    passed: bool
    found: tuple[str, ...] = ()


def run_checks(exercise: Exercise, reply: str, language: str = "de", contract: re.Pattern[str] | None = None) -> list[CheckResult]:
    """Every check of the exercise on the reply, in the lesson file's order."""
    reply = reply[:MAX_REPLY]
    return [_run(check, exercise, reply, language, contract) for check in exercise.checks]


def _run(check: Check, exercise: Exercise, reply: str, language: str, contract: re.Pattern[str] | None) -> CheckResult:
    if check.kind == "contains":
        return CheckResult(check, any(phrase_found(p, reply) for p in check.value))  # type: ignore[union-attr]
    if check.kind == "not_contains":
        found = tuple(p for p in check.value if phrase_found(p, reply))  # type: ignore[union-attr]
        return CheckResult(check, not found, found)
    if check.kind == "no_personal_data":
        findings = find_personal_data(reply, contract)
        return CheckResult(check, not findings, tuple(f"{f.kind}: {f.text}" for f in findings))
    if check.kind == "address_form":
        problem = address_problem(exercise.post, reply, language)
        return CheckResult(check, not problem, (problem,) if problem else ())
    if check.kind == "length":
        limit = min(NETWORK_LIMITS[exercise.network], int(check.value or NETWORK_LIMITS[exercise.network]))  # type: ignore[call-overload]
        return CheckResult(check, len(reply.strip()) <= limit, (f"{len(reply.strip())}/{limit}",))
    return CheckResult(check, has_signature(reply))


def address_problem(post: str, reply: str, language: str) -> str:
    """What breaks the post's form of address in the reply, or '' (German du/Sie, English register)."""
    if language == "en":
        stiff = STIFF.search(reply)
        return f"stiff: {stiff.group()}" if stiff else ""
    du, sie = bool(DU.search(reply)), bool(_sie(reply))
    if du and sie:
        return "du + Sie"
    if DU.search(post) and sie:
        return "Sie"
    if _sie(post) and du:
        return "du"
    return ""


def _sie(text: str) -> list[str]:
    # a sentence's first word may be "Sie" meaning "they"; only a capital form inside a sentence is sure
    return [m for line in text.splitlines() for m in SIE.findall(line.strip())]


def has_signature(reply: str) -> bool:
    """The reply ends with a first name or initials (^Niklas, ^jk, /JK, – Jana)."""
    lines = [line.strip() for line in reply.strip().splitlines() if line.strip()]
    match = SIGNATURE.search(lines[-1]) if lines else None
    if not match:
        return False
    if match["initials"]:
        return True
    # "Viele Grüße Jana" is a signature; "... bei Ihnen Morgen" at the end of a long sentence is not
    if match["short"] and len(lines[-1]) > 30:
        return False
    return not any(part.lower() in NO_NAME for part in match["name"].split("-"))


def model_errors(exercises: tuple[Exercise, ...], language: str, path: str, contract: re.Pattern[str] | None = None) -> list[ContentError]:
    """A model answer must pass its own exercise's checks, or learners would be shown a failing example."""
    errors = []
    for exercise in exercises:
        for result in run_checks(exercise, exercise.model, language, contract):
            if not result.passed:
                kind = result.check.kind
                problem = (N_("the model answer fails this '%(kind)s' check (found %(found)s)", kind=kind, found=", ".join(result.found))
                           if result.found and kind == "no_personal_data" else N_("the model answer fails this '%(kind)s' check", kind=kind))
                errors.append(ContentError(path, result.check.line, N_("exercise: %(problem)s", problem=problem)))
    return errors


def with_model_checks(parse: Callable[..., Parsed], contract: str, default: str) -> Callable[..., Parsed]:
    """Wrap a lesson parser: each model answer is checked with the course's contract pattern and languages.

    Outside the parser (and its caches), since course.md's pattern and default language are the
    course's: a changed pattern checks every model answer again. A model that fails is listed as an
    error with its check's line; the lesson stays (it is not broken, its example is).
    """
    pattern = re.compile(contract) if contract else None

    def checked(path, root, display: str, module_id: str) -> Parsed:
        lesson, errors = parse(path, root, display, module_id)
        if lesson is None or errors or not lesson.exercises:
            return lesson, errors
        return lesson, model_errors(lesson.exercises, lesson.language or default, display, pattern)
    return checked
