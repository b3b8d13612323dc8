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
from course.content.messages import N_, Message


def compare_exercises(original: tuple[Exercise, ...], translation: tuple[Exercise, ...], here: str, there_path: str) -> list[ContentError]:
    """Return one error per exercise that differs from the original's (here: the translation's path)."""
    there = Path(there_path).name
    ours = {e.key: e for e in original}
    theirs = {e.key: e for e in translation}
    errors = [ContentError(here, e.line, N_("exercise '%(key)s' is not in %(there)s: a translation has the same exercises, "
                                            "with the same ids (id: is not translated)", key=e.key, there=there))
              for e in translation if e.key not in ours]
    last = translation[-1].line if translation else 1
    errors += [ContentError(here, last, N_("exercise '%(key)s' (%(where)s) is missing here: translate every exercise",
                                           key=e.key, where=_at(there, e.line)))
               for e in original if e.key not in theirs]
    shared = [e.key for e in original if e.key in theirs]
    order = [e.key for e in translation if e.key in ours]
    moved = next((t for o, t in zip(shared, order, strict=True) if o != t), None)
    if moved:
        errors.append(ContentError(here, theirs[moved].line, N_("exercise '%(key)s' stands elsewhere in %(there)s (line %(line)s): "
                                                                "keep the exercises in the same order",
                                                                key=moved, there=there, line=ours[moved].line)))
    for key in shared:
        problem = _difference(ours[key], theirs[key], _at(there, ours[key].line))
        if problem:
            errors.append(ContentError(here, theirs[key].line, problem))
    return errors


def _at(name: str, line: int) -> str:
    return f"{name}:{line}"


def _kinds(exercise: Exercise) -> str:
    return ", ".join(check.kind for check in exercise.checks)


def _difference(ours: Exercise, theirs: Exercise, where: str) -> Message | None:
    """Say the first thing the translation changed, or None."""
    if ours.network != theirs.network:
        return N_("exercise '%(key)s': network is %(here)s here but %(there)s in %(where)s: a translation keeps the network "
                  "(only the texts are translated)", key=ours.key, here=theirs.network, there=ours.network, where=where)
    if ours.done != theirs.done:
        return N_("exercise '%(key)s': done is %(here)s here but %(there)s in %(where)s: a translation keeps the done rule "
                  "(only the texts are translated)", key=ours.key, here=theirs.done, there=ours.done, where=where)
    if _kinds(ours) != _kinds(theirs):
        return N_("exercise '%(key)s': checks are %(here)s here but %(there)s in %(where)s: use the same kinds of check "
                  "in the same order (translate their phrases and feedback)",
                  key=ours.key, here=_kinds(theirs), there=_kinds(ours), where=where)
    return None
