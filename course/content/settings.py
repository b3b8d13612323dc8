"""A lesson's quiz rules: the `quiz:` mapping of its front matter, checked setting by setting."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from course.content.errors import ContentError
from course.content.messages import N_

SHOW_CORRECT = ("after_submit", "after_pass", "never")


@dataclass(frozen=True, slots=True)  # one per lesson, most of them equal: the render cache shares equal ones
class QuizSettings:
    """A lesson's quiz rules, from the `quiz:` front matter."""

    pass_percent: int = 80
    max_attempts: int | None = None
    retry_delay_hours: float = 0
    shuffle: bool = False
    show_correct: str = "after_pass"  # a retake must not be a copy of the last result's answers


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


# each setting: the check its value must pass, and what to tell the trainer when it does not
SETTINGS: dict[str, tuple[Callable[[object], bool], str]] = {
    "pass_percent": (lambda v: _is_int(v) and 0 <= v <= 100, N_("a whole number from 0 to 100")),
    "max_attempts": (lambda v: v is None or (_is_int(v) and v >= 1), N_("a whole number of at least 1")),
    "retry_delay_hours": (lambda v: (_is_int(v) or isinstance(v, float)) and v >= 0, N_("a number of hours, 0 or more")),
    "shuffle": (lambda v: isinstance(v, bool), N_("true or false")),
    "show_correct": (lambda v: v in SHOW_CORRECT, N_("one of %(choices)s", choices=", ".join(SHOW_CORRECT))),
}


# mkdocs-quiz's page settings (its docs, "Configuration"): some mean a Kurs setting ...
MKDOCS_QUIZ: dict[str, tuple[str, Callable[[object], object]]] = {
    "shuffle_answers": ("shuffle", lambda v: v),
    "show_correct": ("show_correct", lambda v: "after_submit" if v else "never"),  # true/false there
}
# ... the others shape its page in the browser, which Kurs draws its own way: accepted and ignored
IGNORED = {
    "enabled": (lambda v: v is True, N_("true: Kurs always scores a lesson's quiz (remove the <quiz> blocks you do not want scored)")),
    "auto_number": (lambda v: isinstance(v, bool), N_("true or false")),
    "auto_submit": (lambda v: isinstance(v, bool), N_("true or false")),
    "disable_after_submit": (lambda v: isinstance(v, bool), N_("true or false")),
    "show_progress": (lambda v: isinstance(v, bool), N_("true or false")),
    "confetti": (lambda v: isinstance(v, bool), N_("true or false")),
    "embed_source": (lambda v: isinstance(v, bool), N_("true or false")),
    "progress_sidebar_position": (lambda v: v in ("top", "bottom"), N_("top or bottom")),
    "language": (lambda v: isinstance(v, str), N_("a language code such as de")),
}


def parse_settings(raw: object, path: str, line: int) -> tuple[QuizSettings, list[ContentError]]:
    """Validate the `quiz:` mapping of a lesson's front matter; errors point at its `quiz:` line."""
    if raw is None:
        return QuizSettings(), []
    if not isinstance(raw, dict):
        return QuizSettings(), [ContentError(path, line, N_("quiz: must be a mapping of settings"))]
    errors: list[ContentError] = []
    values: dict[str, object] = {}
    for name, value in raw.items():
        if name in IGNORED:
            check, expected = IGNORED[name]
            if not check(value):
                errors.append(ContentError(path, line, N_("quiz: %(name)s must be %(expected)s", name=name, expected=expected)))
            continue
        if name in MKDOCS_QUIZ and isinstance(value, bool):
            name, value = MKDOCS_QUIZ[name][0], MKDOCS_QUIZ[name][1](value)
        elif name in MKDOCS_QUIZ and name != "show_correct":
            errors.append(ContentError(path, line, N_("quiz: %(name)s must be %(expected)s", name=name, expected=N_("true or false"))))
            continue
        if name not in SETTINGS:
            errors.append(ContentError(path, line, N_("quiz: unknown setting '%(name)s' (known: %(known)s)", name=name, known=", ".join(SETTINGS))))
            continue
        check, expected = SETTINGS[name]
        if check(value):
            values[name] = value
        else:
            errors.append(ContentError(path, line, N_("quiz: %(name)s must be %(expected)s", name=name, expected=expected)))
    return QuizSettings(**values), errors
