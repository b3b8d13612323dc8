"""Compare a translated lesson with its original: same questions, answers, marks and settings.

Questions are aligned first (a missing question is one error, not a shifted comparison of every
question after it); each aligned pair then gets at most one error, for its most basic difference.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from course.content.errors import ContentError
from course.content.messages import N_
from course.content.quiz import Question
from course.content.values import Lesson

GAP_COST = 1.0  # a question missing from one side


def compare_lessons(original: Lesson, translation: Lesson) -> list[ContentError]:
    """Return one error per difference, on the translation, naming the original's file and line."""
    here = translation.path
    there = Path(original.path).name
    errors: list[ContentError] = []
    if translation.id != original.id:
        errors.append(ContentError(here, 1, N_("id '%(id)s' differs from '%(original)s' of %(file)s: "
                                               "a translation keeps its lesson's id (leave id: out)",
                                               id=translation.id, original=original.id, file=there)))
    if translation.settings_line is not None:
        where = f"{there}:{original.settings_line}" if original.settings_line else N_("%(file)s (not set there)", file=there)
        for setting in fields(original.settings):
            mine, theirs = getattr(translation.settings, setting.name), getattr(original.settings, setting.name)
            if mine != theirs:
                errors.append(ContentError(here, translation.settings_line,
                                           N_("quiz: %(name)s is %(mine)s here but %(theirs)s in %(where)s: "
                                              "use the same settings (or leave quiz: out)",
                                              name=setting.name, mine=_show(mine), theirs=_show(theirs), where=where)))
    pairs = align(original.questions, translation.questions)
    for k, (ours, theirs) in enumerate(pairs):
        problem = _difference(ours, theirs, there, original.questions, translation.questions)
        if problem:
            # a missing question is reported where it belongs: at the next question, else the last one
            later = [t.line for _, t in pairs[k:] if t] or [q.line for q in translation.questions[-1:]] or [1]
            errors.append(ContentError(here, later[0], problem))
    return errors


def _show(value: object) -> str:
    return N_("not set") if value is None else str(value).lower() if isinstance(value, bool) else str(value)


def signature(question: Question) -> tuple:
    """What a translation must keep: type, number of answers, which are correct, number of gaps."""
    return (question.kind, len(question.options), tuple(o.correct for o in question.options), len(question.gaps))


def _pair_cost(a: Question, b: Question) -> float:
    sa, sb = signature(a), signature(b)
    if sa == sb:
        return 0.0
    if sa[0] != sb[0]:
        return 0.9
    return 0.7 if sa[1] != sb[1] or sa[3] != sb[3] else 0.4


def align(original: tuple[Question, ...], translation: tuple[Question, ...]) -> list[tuple[Question | None, Question | None]]:
    """Pair the questions in order at the least cost (edit distance); None marks a missing side.

    Costs are of the rest of both lists (cost[i][j]: original[i:] against translation[j:]), so the
    walk from the start pairs early questions first when two alignments cost the same.
    """
    n, m = len(original), len(translation)
    cost = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        cost[i][m] = (n - i) * GAP_COST
    for j in range(m - 1, -1, -1):
        cost[n][j] = (m - j) * GAP_COST
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            cost[i][j] = min(cost[i + 1][j + 1] + _pair_cost(original[i], translation[j]),
                             cost[i + 1][j] + GAP_COST, cost[i][j + 1] + GAP_COST)
    pairs: list[tuple[Question | None, Question | None]] = []
    i = j = 0
    while i < n or j < m:
        if i < n and j < m and cost[i][j] == cost[i + 1][j + 1] + _pair_cost(original[i], translation[j]):
            pairs.append((original[i], translation[j]))
            i, j = i + 1, j + 1
        elif i < n and cost[i][j] == cost[i + 1][j] + GAP_COST:
            pairs.append((original[i], None))
            i += 1
        else:
            pairs.append((None, translation[j]))
            j += 1
    return pairs


def _difference(ours: Question | None, theirs: Question | None, there: str,
                originals: tuple[Question, ...], translated: tuple[Question, ...]) -> str | None:
    """Say what differs in one aligned pair, or None when the translation keeps it."""
    if theirs is None:
        place = f"{there}:{ours.line}"
        return N_("question %(number)s (%(where)s) is missing here: translate every question, in the same order",
                  number=originals.index(ours) + 1, where=place)
    if ours is None:
        return N_("question %(number)s here is not in %(file)s: a translation asks the same questions",
                  number=translated.index(theirs) + 1, file=there)
    n, where = translated.index(theirs) + 1, f"{there}:{ours.line}"
    if ours.kind != theirs.kind:
        return N_("question %(number)s is a %(kind)s here but a %(other)s in %(where)s",
                  number=n, kind=_kind(theirs), other=_kind(ours), where=where)
    if len(ours.gaps) != len(theirs.gaps):
        return N_("question %(number)s has %(count)s gap(s) here but %(other)s in %(where)s",
                  number=n, count=len(theirs.gaps), other=len(ours.gaps), where=where)
    if len(ours.options) != len(theirs.options):
        return N_("question %(number)s has %(count)s answers here but %(other)s in %(where)s",
                  number=n, count=len(theirs.options), other=len(ours.options), where=where)
    if signature(ours) != signature(theirs):
        return N_("question %(number)s marks answer %(marked)s correct here but answer %(other)s in %(where)s: "
                  "mark the same answers, in the same order", number=n, marked=_marked(theirs), other=_marked(ours), where=where)
    return None


KINDS = {"single": N_("single-choice question"), "multiple": N_("multiple-choice question"),
         "truefalse": N_("true-or-false question"), "gap": N_("gap question")}


def _kind(question: Question) -> str:
    return KINDS.get(question.kind, question.kind)


def _marked(question: Question) -> str:
    return ", ".join(str(i) for i, option in enumerate(question.options, 1) if option.correct)
