"""Compare a translation's exercises with its original's: same ids, order, network, check kinds and done rule.

Replies are stored under an exercise's id whatever the language it was written in, and the trainer's
review and the item analysis count each exercise once; so a translation may reword the post, the
phrases, the feedback and the model answer, but not what is checked. Each difference is one error on
the translation, naming the original's file and line.
"""

from __future__ import annotations

from pathlib import Path

from course.content.errors import ContentError
from course.content.exercise import Exercise


def compare_exercises(original: tuple[Exercise, ...], translation: tuple[Exercise, ...], here: str, there_path: str) -> list[ContentError]:
    """Return one error per exercise that differs from the original's (here: the translation's path)."""
    there = Path(there_path).name
    ours = {e.key: e for e in original}
    theirs = {e.key: e for e in translation}
    errors = [ContentError(here, e.line, f"exercise '{e.key}' is not in {there}: a translation has the same exercises, "
                                         "with the same ids (id: is not translated)")
              for e in translation if e.key not in ours]
    last = translation[-1].line if translation else 1
    errors += [ContentError(here, last, f"exercise '{e.key}' ({there}:{e.line}) is missing here: translate every exercise")
               for e in original if e.key not in theirs]
    shared = [e.key for e in original if e.key in theirs]
    if shared != [e.key for e in translation if e.key in ours]:
        first = next(t for o, t in zip(shared, [e.key for e in translation if e.key in ours], strict=True) if o != t)
        errors.append(ContentError(here, theirs[first].line, f"exercise '{first}' stands elsewhere in {there} "
                                                             f"(line {ours[first].line}): keep the exercises in the same order"))
    for key in shared:
        problem = _difference(ours[key], theirs[key], f"{there}:{ours[key].line}")
        if problem:
            errors.append(ContentError(here, theirs[key].line, f"exercise '{key}': {problem}"))
    return errors


# what a translation keeps, and what to tell the trainer who changed it
KEPT = (("network", lambda e: e.network, "a translation keeps the network (only the texts are translated)"),
        ("done", lambda e: e.done, "a translation keeps the done rule (only the texts are translated)"),
        ("checks", lambda e: ", ".join(c.kind for c in e.checks),
         "use the same kinds of check in the same order (translate their phrases and feedback)"))


def _difference(ours: Exercise, theirs: Exercise, where: str) -> str:
    """Say the first thing the translation changed, or ''."""
    for name, value, advice in KEPT:
        if value(ours) != value(theirs):
            return f"{name} {'are' if name == 'checks' else 'is'} {value(theirs)} here but {value(ours)} in {where}: {advice}"
    return ""
