"""The <exercise> block: a post in a simulated feed, the checks a reply must pass, a model answer.

Inside the block is YAML (see docs/authoring.md). Parsing is pure; errors carry file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from course.content.blocks import track_fence
from course.content.detectors import safe_pattern
from course.content.errors import ContentError
from course.content.frontmatter import split_front_matter
from course.content.messages import N_
from course.content.parser_words import yaml_problem

if TYPE_CHECKING:
    import yaml

    from course.content.values import Lesson

NETWORK_LIMITS = {"facebook": 8000, "instagram": 2200, "linkedin": 1250, "x": 280}
CHECK_KINDS = ("contains", "not_contains", "no_personal_data", "address_form", "length", "signature")
KEYS = ("id", "network", "author", "post", "image", "alt", "thread", "task", "checks", "model", "done")
DONE = ("checks", "review")
MAX_REPLY = 5000  # characters: above every network's limit but x's ... and facebook's 8000, which nobody needs


@dataclass(frozen=True)
class Check:
    """One check a reply must pass: its kind, its value (phrases, a maximum) and the trainer's feedback."""

    kind: str
    value: object
    feedback: str
    line: int


@dataclass(frozen=True)
class Exercise:
    """A post to answer, as in a feed, with the checks and the model answer."""

    key: str
    network: str
    author: str
    post: str
    task: str
    model: str
    checks: tuple[Check, ...]
    line: int
    done: str = "checks"  # or "review": done once a trainer has reviewed it
    image: str = ""  # as loaded: its address under /media/ (the file beside the lesson, its translation's if any)
    alt: str | None = None  # the image's description, read aloud; "" for a decorative image, None when not written
    image_line: int = 0  # where image: stands, for the warning about a missing alt:
    thread: tuple[tuple[str, str], ...] = field(default=())  # (author, text) of earlier replies


def extract_exercises(body: str, first_line: int, path: str, image_exists: Callable[[str], bool]) -> tuple[str, list[Exercise], list[ContentError]]:
    """Take the <exercise> blocks out of a lesson body (blank lines keep the line numbers of the rest)."""
    out: list[str] = []
    exercises: list[Exercise] = []
    errors: list[ContentError] = []
    block: list[str] | None = None
    start = 0
    fence = None
    for offset, line in enumerate(body.split("\n")):
        lineno = first_line + offset
        if block is None:
            fence, in_code = track_fence(fence, line)
            if not in_code and line.strip() == "<exercise>":
                block, start = [], lineno
                out.append("")
            else:
                out.append(line)
            continue
        out.append("")
        if line.strip() == "</exercise>":
            exercise = parse_exercise("\n".join(block), start, path, errors, image_exists)
            if exercise:
                exercises.append(exercise)
            block = None
        else:
            block.append(line)
    if block is not None:
        errors.append(ContentError(path, start, N_("unclosed <exercise>: add </exercise> after it")))
    keys: dict[str, int] = {}
    for exercise in exercises:
        if exercise.key in keys:
            errors.append(ContentError(path, exercise.line, N_("duplicate exercise id '%(id)s' (also at line %(line)s)",
                                                               id=exercise.key, line=keys[exercise.key])))
        keys.setdefault(exercise.key, exercise.line)
    return "\n".join(out), exercises, errors


def parse_exercise(text: str, start: int, path: str, errors: list[ContentError], image_exists: Callable[[str], bool]) -> Exercise | None:
    """Read one block's YAML; report every problem at its file line."""
    # the renderer's libraries load in the render process, not in every worker (docs/performance.md, Memory)
    import yaml

    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        errors.append(ContentError(path, start + 1 + (mark.line if mark else 0),
                                   N_("exercise: not valid YAML (%(problem)s)", problem=yaml_problem(exc))))
        return None
    if not isinstance(data, dict):
        errors.append(ContentError(path, start, N_("exercise: write its fields as 'name: value' lines (network, author, post, task, checks, model)")))
        return None
    lines: dict = {}
    for key, _ in node.value:
        line = start + 1 + key.start_mark.line
        if key.value in lines:  # YAML would silently keep the last one
            errors.append(ContentError(path, line, N_("exercise: the field '%(key)s' appears twice (also at line %(line)s)",
                                                      key=key.value, line=lines[key.value])))
        lines.setdefault(key.value, line)
    before = len(errors)

    def err(key: str, message: str) -> None:
        errors.append(ContentError(path, lines.get(key, start), N_("exercise: %(problem)s", problem=message)))

    for key in data:
        if key not in KEYS:
            err(key, N_("unknown field '%(key)s' (known: %(known)s)", key=key, known=", ".join(KEYS)))
    texts = {}
    for key in ("id", "author", "post", "task", "model"):
        value = data.get(key)
        if not isinstance(value, str) or not value.strip():
            err(key, N_("'%(key)s' is missing or empty", key=key))
        texts[key] = str(value or "").strip()
    network = data.get("network")
    if network not in NETWORK_LIMITS:
        err("network", N_("network must be one of %(networks)s", networks=", ".join(NETWORK_LIMITS)))
    done = data.get("done", "checks")
    if done not in DONE:
        err("done", N_("done must be 'checks' (every check passes) or 'review' (a trainer has reviewed it)"))
    image = data.get("image") or ""
    if image and (not isinstance(image, str) or not image_exists(image)):  # a file beside the lesson, as in the text
        err("image", N_("image '%(image)s' not found in the course folder", image=image))
    alt = (data["alt"] if data["alt"] is not None else "") if "alt" in data else None  # `alt:` alone: decorative, as alt: ""
    if alt is not None and not isinstance(alt, str):
        err("alt", N_("alt is the image's description: write it as text"))
    elif alt is not None and not image:
        err("alt", N_("alt describes the post's image: add image: or remove alt:"))
    thread = _thread(data.get("thread"), err)
    checks = _checks(data.get("checks"), node, lines.get("checks", start), start, path, errors)
    if len(errors) > before:
        return None
    return Exercise(key=texts["id"], network=str(network), author=texts["author"], post=texts["post"], task=texts["task"],
                    model=texts["model"], checks=checks, line=start, done=str(done), image=str(image), thread=thread,
                    alt=None if alt is None else alt.strip(), image_line=lines.get("image", start))


def missing_alt(lessons: Iterable[Lesson]) -> list[ContentError]:
    """A warning for each exercise image without alt: a screen reader has nothing to say about it.

    As for a lesson's images, the trainer describes what the picture shows; `alt: ""` marks one that
    only decorates (a Markdown image cannot tell an empty description from a forgotten one, so only
    the exercise's, which has a field of its own, is warned about).
    """
    return [ContentError(lesson.path, e.image_line, N_(
                "exercise '%(key)s': the image has no alt text: describe what it shows with alt: (alt: \"\" if it only decorates)",
                key=e.key))
            for lesson in lessons for e in lesson.exercises if e.image and e.alt is None]


def _thread(raw: object, err: Callable[[str, str], None]) -> tuple[tuple[str, str], ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(r, dict) and set(r) == {"author", "text"} for r in raw):
        err("thread", N_("thread must be a list of earlier replies, each with 'author' and 'text'"))
        return ()
    return tuple((str(r["author"]), str(r["text"])) for r in raw)


def _checks(raw: object, node: yaml.Node, line: int, start: int, path: str, errors: list[ContentError]) -> tuple[Check, ...]:
    if not isinstance(raw, list) or not raw:
        errors.append(ContentError(path, line, N_("exercise: 'checks' must list at least one check")))
        return ()
    items = next((v.value for k, v in node.value if k.value == "checks"), [])
    checks = []
    for item, item_node in zip(raw, items, strict=False):
        at = start + 1 + item_node.start_mark.line
        check = _check(item, at, path, errors)
        if check:
            checks.append(check)
    return tuple(checks)


def _check(item: object, at: int, path: str, errors: list[ContentError]) -> Check | None:
    def bad(message: str) -> None:
        errors.append(ContentError(path, at, N_("exercise check: %(problem)s", problem=message)))

    if not isinstance(item, dict):
        bad(N_("write each check as '- kind: value' with a 'feedback:' line (kinds: %(kinds)s)", kinds=", ".join(CHECK_KINDS)))
        return None
    kinds = [k for k in item if k != "feedback"]
    if len(kinds) != 1 or kinds[0] not in CHECK_KINDS:
        bad(N_("unknown check kind '%(kind)s' (known: %(known)s)", kind=", ".join(map(str, kinds)), known=", ".join(CHECK_KINDS)))
        return None
    kind, value = kinds[0], item[kinds[0]]
    feedback = item.get("feedback")
    if not isinstance(feedback, str) or not feedback.strip():
        bad(N_("'%(kind)s' needs a 'feedback:' text telling the learner what to change", kind=kind))
        return None
    if kind in ("contains", "not_contains"):
        value = [value] if isinstance(value, str) else value
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            bad(N_("'%(kind)s' needs a phrase or a list of phrases", kind=kind))
            return None
        value = tuple(v.strip().lower() for v in value)
    elif kind == "length":
        value = None if value is True else value  # the network's limit alone
        if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            bad(N_("'length' takes the trainer's maximum in characters, or nothing for the network's limit"))
            return None
    elif value not in (None, True):
        bad(N_("'%(kind)s' takes no value: write '%(kind)s: true'", kind=kind))
        return None
    return Check(kind=kind, value=value, feedback=feedback.strip(), line=at)


def phrase_found(phrase: str, text: str) -> bool:
    """A phrase or word stem, case-insensitive, at the start of a word ('entschuldig' finds 'Entschuldigung')."""
    return re.search(r"(?<!\w)" + re.escape(phrase), text, re.IGNORECASE) is not None


def course_contract(root: Path) -> tuple[str, list[ContentError]]:
    """course.md's `contract_number:` pattern, refused when unsafe (see detectors.safe_pattern)."""
    path = root / "course.md"
    if not path.is_file():
        return "", []
    source, errors = split_front_matter(path.read_text(encoding="utf-8", errors="replace"), str(path))
    pattern = source.meta.get("contract_number")
    if errors or pattern is None:
        return "", []
    _, problem = safe_pattern(pattern)
    if problem:
        return "", [ContentError(str(path), source.key_lines.get("contract_number", 1), N_("contract_number %(problem)s", problem=problem))]
    return pattern, []
