"""<quiz> blocks in a lesson's Markdown become Question values (finding them: blocks.py; scoring: scoring.py)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from course.content.blocks import dedent_block, marker_typos, split_blocks, track_fence
from course.content.errors import ContentError
from course.content.messages import N_
from course.content.scoring import (  # noqa: F401
    MAX_GAP_ANSWER,
    QUESTION_TYPES,
    QuestionResult,
    QuizScore,
    chosen_options,
    chosen_positions,
    field_name,
    normalise,
    read_answers,
    score_quiz,
)

# Answers and scoring live in scoring.py; they are re-exported so callers import one module.
from course.content.settings import SHOW_CORRECT, QuizSettings, parse_settings  # noqa: F401

TRUE_FALSE = ({"true", "false"}, {"richtig", "falsch"}, {"wahr", "falsch"})

ANSWER = re.compile(r"^\s{0,3}[-*]\s+\[( |x|X)?\]\s*(.*)$")
GAP = re.compile(r"\[\[(.*?)\]\]")
KEY = re.compile(r"\s*\{#([A-Za-z0-9][\w-]*)\}\s*$")
MAX_ID = 100  # module and lesson ids and question keys are stored in 100-character columns
GAP_MARK = "@@GAP{}@@"
ImageUrl = Callable[[str], str | None]


@dataclass(frozen=True, slots=True)  # slots: a course holds thousands (docs/performance.md, Memory)
class Option:
    """One answer of a choice question; `key` is what the form sends."""

    key: str
    text: str
    html: str
    correct: bool
    feedback_html: str


@dataclass(frozen=True, slots=True)
class Question:
    """One <quiz> block, parsed."""

    key: str
    kind: str  # a key of QUESTION_TYPES
    text: str  # plain text, stored with every response
    prompt_html: tuple[str, ...]  # sanitised HTML; gap questions: the parts between gaps
    options: tuple[Option, ...]
    gaps: tuple[tuple[str, ...], ...]  # accepted answers per gap
    explanation_html: str
    line: int

    @property
    def correct_keys(self) -> frozenset[str]:
        return frozenset(o.key for o in self.options if o.correct)


# ---------------------------------------------------------------- the lesson's questions


def extract_quizzes(
    body: str, first_line: int, path: str, image_url: ImageUrl | None = None
) -> tuple[str, list[Question], list[ContentError]]:
    """Split a lesson body into its text and its questions.

    first_line is the file line of the body's first line, so errors point into the file;
    image_url resolves images in questions as in the lesson text.
    """
    errors: list[ContentError] = []
    text_lines, blocks = split_blocks(body, first_line, path, errors)
    questions: list[Question] = []
    for start, lines in blocks:
        question = parse_question(start, lines, path, errors, image_url)
        if question is not None:
            questions.append(question)
    seen: dict[str, int] = {}
    for q in questions:
        if q.key in seen:
            errors.append(
                ContentError(path, q.line, N_("duplicate question key '%(key)s' (also at line %(line)s); give one an {#key}",
                                              key=q.key, line=seen[q.key]))
            )
        seen.setdefault(q.key, q.line)
        if len(q.key) > MAX_ID:
            errors.append(ContentError(path, q.line, N_("question key '%(key)s...' is longer than %(maximum)s characters",
                                                          key=q.key[:30], maximum=MAX_ID)))
    return "\n".join(text_lines), questions, errors


# ---------------------------------------------------------------- one question


def parse_question(
    start: int, lines: list[tuple[int, str]], path: str, errors: list[ContentError], image_url: ImageUrl | None = None
) -> Question | None:
    """Parse one <quiz> block; append problems to errors and return None if it is broken."""
    lines = dedent_block(lines)  # a quiz may stand indented in a content tab or an admonition
    before = len(errors)
    errors += marker_typos(lines, path)
    if len(errors) > before:
        return None
    first_answer = _first_answer(lines)
    if first_answer is None:
        return _parse_gap_question(start, lines, path, errors, image_url)
    return _parse_choice_question(start, lines, first_answer, path, errors, image_url)


def _first_answer(lines: list[tuple[int, str]]) -> int | None:
    fence = None
    for i, (_, line) in enumerate(lines):
        fence, in_code = track_fence(fence, line)
        if not in_code and ANSWER.match(line):
            return i
    return None


def _question_key(text: str) -> tuple[str, str]:
    """Return (key, text without its {#key}); derive the key from the text when none is given."""
    # the renderer's libraries load in the render process, not in every worker (docs/performance.md, Memory)
    from course.content.markup import key_text

    match = KEY.search(text)
    if match:
        return match.group(1), text[: match.start()].rstrip()
    normal = " ".join(key_text(GAP.sub("___", text)).lower().split())
    digest = hashlib.sha1(normal.encode(), usedforsecurity=False).hexdigest()[:8]
    slug = "-".join(re.findall(r"[a-z0-9]+", normal)[:6])[:40]
    return (f"{slug}-{digest}" if slug else digest), text


def _parse_gap_question(start, lines, path, errors, image_url) -> Question | None:
    # the renderer's libraries load in the render process, not in every worker (docs/performance.md, Memory)
    from course.content.markup import plain_text, render_markdown

    question_lines, explanation_lines, fence = [], [], None
    target = question_lines
    for _, line in lines:
        fence, in_code = track_fence(fence, line)
        if not in_code and line.strip() == "---" and target is question_lines:
            target = explanation_lines
            continue
        target.append(line)
    text = "\n".join(question_lines).strip()
    gaps_raw = GAP.findall(text)
    if not gaps_raw:
        errors.append(
            ContentError(path, start, N_("question has no answers: mark answers with '- [x]' and '- [ ]', or add a gap like [[answer]]"))
        )
        return None
    gaps = tuple(tuple(a.strip() for a in g.split("|") if a.strip()) for g in gaps_raw)
    if not all(gaps):
        errors.append(ContentError(path, start, N_("empty gap [[ ]]: write the expected answer between the brackets")))
        return None
    key, text = _question_key(text)
    parts = render_markdown(GAP.sub(lambda m: GAP_MARK.format(0), text), image_url)
    prompt = tuple(str(parts).split(GAP_MARK.format(0)))
    if len(prompt) != len(gaps) + 1 or not all(_outside_markup(prompt[: i + 1]) for i in range(len(gaps))):
        errors.append(ContentError(path, start, N_("a gap cannot stand inside a link, code or image")))
        return None
    return Question(
        key=key,
        kind="gap",
        text=plain_text(GAP.sub("___", text)),
        prompt_html=prompt,
        options=(),
        gaps=gaps,
        explanation_html=str(render_markdown("\n".join(explanation_lines), image_url)),
        line=start,
    )


def _outside_markup(parts: tuple[str, ...]) -> bool:
    """Tell whether a gap after these HTML parts stands in plain text, not in a tag, link or code."""
    html = "".join(parts)
    if html.rfind("<") > html.rfind(">"):
        return False  # inside a tag's attributes, e.g. an image's alt text
    return all(len(re.findall(rf"<{tag}\b", html)) == html.count(f"</{tag}>") for tag in ("a", "code", "pre"))


def _parse_choice_question(start, lines, first_answer, path, errors, image_url) -> Question | None:
    # the renderer's libraries load in the render process, not in every worker (docs/performance.md, Memory)
    from course.content.markup import plain_text, render_inline, render_markdown

    text = "\n".join(line for _, line in lines[:first_answer]).strip()
    before = len(errors)
    if not text:
        errors.append(ContentError(path, start, N_("question has no text before its first answer")))
    if GAP.search(text):
        errors.append(ContentError(path, start, N_("answers and gaps mixed in one question: use one or the other")))
    answers, explanation = _read_answers(lines[first_answer:], path, errors)
    if not any(correct for _, _, correct, _ in answers):
        errors.append(ContentError(path, start, N_("no correct answer: mark at least one with '- [x]'")))
    if len(errors) > before:
        return None
    key, text = _question_key(text)
    options = tuple(
        Option(
            key=str(i),
            text=plain_text(answer),
            html=str(render_inline(answer, image_url)),
            correct=correct,
            feedback_html=str(render_markdown("\n".join(feedback), image_url)) if feedback else "",
        )
        for i, (_, answer, correct, feedback) in enumerate(answers)
    )
    return Question(
        key=key,
        kind=_choice_kind(options),
        text=plain_text(text),
        prompt_html=(str(render_markdown(text, image_url)),),
        options=options,
        gaps=(),
        explanation_html=str(render_markdown(explanation, image_url)) if explanation.strip() else "",
        line=start,
    )


def _read_answers(lines, path, errors):
    """Read the answers, their '>' feedback and the explanation, as mkdocs-quiz reads them.

    Blank lines between answers are fine; '>' lines right under an answer are its feedback; an
    indented line continues its answer, as in a Markdown list item. The first other line begins the
    explanation, which runs to the end (a task list there is text); a '>' line after a blank line
    begins it too (a quote) unless answers follow, when it is feedback that lost its answer.
    """
    answers: list[tuple[int, str, bool, list[str]]] = []
    blank_before = False
    for i, (lineno, line) in enumerate(lines):
        match = ANSWER.match(line)
        stripped = line.strip()
        if match:
            if not match.group(2).strip():
                errors.append(ContentError(path, lineno, N_("answer has no text")))
            answers.append((lineno, match.group(2).strip(), match.group(1) in ("x", "X"), []))
            blank_before = False
        elif not stripped:
            blank_before = True
        elif stripped.startswith(">") and not blank_before:
            answers[-1][3].append(re.sub(r"^>\s?", "", stripped))
        elif stripped.startswith(">") and _first_answer(lines[i + 1 :]) is not None:
            errors.append(ContentError(path, lineno, N_("feedback with no answer: put '>' lines directly under their answer")))
        elif not blank_before and line[:1] in (" ", "\t") and not answers[-1][3]:
            number, text, correct, feedback = answers[-1]
            answers[-1] = (number, f"{text} {stripped}", correct, feedback)
        else:
            return answers, "\n".join(text for _, text in lines[i:])
    return answers, ""


def _choice_kind(options: tuple[Option, ...]) -> str:
    labels = {o.text.strip().rstrip(".").lower() for o in options}
    if len(options) == 2 and labels in TRUE_FALSE:
        return "truefalse"
    return "multiple" if sum(o.correct for o in options) > 1 else "single"
