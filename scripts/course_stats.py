"""Question statistics of a course, for docs/course-review.md: `python -m scripts.course_stats [lessons/]`.

It reads the course with Kurs's own loader and counts what a reviewer looks for in a quiz: question
types, where the correct answer of a single-choice question sits and whether it is the longest
option, how many answers of a multiple-choice question are correct, the balance of true/false
answers, and the share of questions that put the learner in a new situation. Question keys say
which those are: `{#case-...}` for a new situation, `{#recall-...}` for knowledge from the lesson.
With `--check` it exits 1 when the course has errors or misses the targets of issue 15; with
`--write` it replaces the statistics in docs/course-review.md (between its `stats` markers).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from course.content.loader import load_course
from course.content.values import Course

ROOT = Path(__file__).resolve().parent.parent
REVIEW = ROOT / "docs" / "course-review.md"
SECTION = re.compile(r"(<!-- stats: .*? -->\n)(.*?)(<!-- /stats -->)", re.S)

# the targets issue 15 sets for the shipped course
MAX_LONGEST_SHARE = 0.40
TRUE_SHARE = (0.40, 0.60)
MIN_CASE_SHARE = 2 / 3


@dataclass(frozen=True)
class Stats:
    """What the review reports about a course's questions."""

    kinds: Counter
    single_positions: Counter  # 1-based position of the correct option
    single_longest: int
    multiple_correct: Counter  # number of correct options per multiple-choice question
    true_answers: int
    false_answers: int
    cases: int
    recalls: int
    unmarked: tuple[str, ...]  # keys that say neither case- nor recall-
    per_module: tuple[tuple[str, int, int], ...]  # module title, questions, case questions

    @property
    def total(self) -> int:
        return sum(self.kinds.values())

    @property
    def longest_share(self) -> float:
        return self.single_longest / max(1, self.kinds["single"])

    @property
    def true_share(self) -> float:
        return self.true_answers / max(1, self.true_answers + self.false_answers)

    @property
    def case_share(self) -> float:
        return self.cases / max(1, self.total)

    def problems(self) -> list[str]:
        """The targets this course misses, as sentences; empty when it meets them all."""
        found = []
        if self.longest_share > MAX_LONGEST_SHARE:
            found.append(f"the correct answer is the longest in {self.longest_share:.0%} of single-choice questions")
        if not TRUE_SHARE[0] <= self.true_share <= TRUE_SHARE[1]:
            found.append(f"{self.true_share:.0%} of true/false answers are 'true'")
        if self.case_share < MIN_CASE_SHARE:
            found.append(f"only {self.case_share:.0%} of the questions put the learner in a new situation")
        if self.unmarked:
            found.append("keys without case- or recall-: " + ", ".join(self.unmarked))
        return found


def course_stats(course: Course) -> Stats:
    """Count the course's questions by the measures of the review."""
    kinds, positions, multiple = Counter(), Counter(), Counter()
    longest = trues = falses = cases = recalls = 0
    unmarked, per_module = [], []
    for module in course.modules:
        module_total = module_cases = 0
        for lesson in module.lessons:
            for q in lesson.questions:
                kinds[q.kind] += 1
                module_total += 1
                if q.key.startswith("case-"):
                    cases += 1
                    module_cases += 1
                elif q.key.startswith("recall-"):
                    recalls += 1
                else:
                    unmarked.append(q.key)
                correct = [i for i, o in enumerate(q.options) if o.correct]
                if q.kind == "single":
                    positions[correct[0] + 1] += 1
                    lengths = [len(o.text) for o in q.options]
                    longest += lengths[correct[0]] == max(lengths)
                elif q.kind == "multiple":
                    multiple[len(correct)] += 1
                elif q.kind == "truefalse":
                    trues += correct == [0]
                    falses += correct == [1]
        per_module.append((module.title, module_total, module_cases))
    return Stats(kinds, positions, longest, multiple, trues, falses, cases, recalls, tuple(unmarked), tuple(per_module))


def versions(course: Course) -> list[tuple[str, Course]]:
    """The course in each of its languages, the default first; one unnamed version for a one-language course."""
    return [(code, course.in_language(code)) for code in course.languages] or [("", course)]


def as_markdown(course: Course) -> str:
    """The statistics as the Markdown section of docs/course-review.md."""
    first = versions(course)[0][0]
    stats = {code: course_stats(version) for code, version in versions(course)}
    main = stats[first]
    names = {"single": "single choice", "multiple": "multiple choice", "truefalse": "true/false", "gap": "gap"}
    lines = [f"{main.total} questions.", "", "| type | questions |", "|---|---|"]
    lines += [f"| {names[k]} | {main.kinds[k]} |" for k in names]
    lines += ["", "| position of the correct answer (single choice) | questions |", "|---|---|"]
    lines += [f"| {p} | {main.single_positions[p]} |" for p in sorted(main.single_positions)]
    lines += ["", "| correct answers (multiple choice) | questions |", "|---|---|"]
    lines += [f"| {n} | {main.multiple_correct[n]} |" for n in sorted(main.multiple_correct)]
    lines += ["", "| module | questions | new situation |", "|---|---|---|"]
    lines += [f"| {title} | {total} | {cases} |" for title, total, cases in main.per_module]
    lines.append("")
    for code, version in stats.items():
        where = f" ({code})" if code else ""
        lines.append(
            f"- Correct answer is the longest option{where}: {version.single_longest} of {version.kinds['single']} "
            f"single-choice questions ({version.longest_share:.0%}; target at most {MAX_LONGEST_SHARE:.0%})."
        )
    lines += [
        f"- True/false: {main.true_answers} true, {main.false_answers} false ({main.true_share:.0%} true; "
        f"target {TRUE_SHARE[0]:.0%} to {TRUE_SHARE[1]:.0%}).",
        f"- Questions that put the learner in a new situation: {main.cases} of {main.total} "
        f"({main.case_share:.0%}; target at least two thirds); {main.recalls} test knowledge from the lesson.",
    ]
    return "\n".join(lines) + "\n"


def problems(course: Course) -> list[str]:
    """The course's errors and the targets any language version misses."""
    found = [f"{e.path}:{e.line}: {e.message}" for e in course.errors]
    for code, version in versions(course):
        found += [f"{code}: {problem}" if code else problem for problem in course_stats(version).problems()]
    return found


def write_review(course: Course, path: Path = REVIEW) -> bool:
    """Replace the statistics in the review between its markers; return whether the file changed."""
    text = path.read_text(encoding="utf-8")
    if not SECTION.search(text):
        raise SystemExit(f"{path}: no <!-- stats: ... --> ... <!-- /stats --> section to write into")
    new = SECTION.sub(lambda m: m.group(1) + as_markdown(course) + m.group(3), text, count=1)
    path.write_text(new, encoding="utf-8")
    return new != text


def review_section(path: Path = REVIEW) -> str:
    """The statistics currently written in the review."""
    match = SECTION.search(path.read_text(encoding="utf-8"))
    return match.group(2) if match else ""


def main(argv: list[str]) -> int:
    """Print the statistics; --write puts them into the review; --check exits 1 on errors or missed targets."""
    args = [a for a in argv if not a.startswith("--")]
    course = load_course(Path(args[0]) if args else ROOT / "lessons")
    print(as_markdown(course), end="")
    if "--write" in argv:
        write_review(course)
    found = problems(course) if "--check" in argv else []
    for problem in found:
        print(problem, file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
