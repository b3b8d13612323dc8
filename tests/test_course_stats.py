"""scripts/course_stats.py: the review's question statistics, counted right, and met by the shipped course."""

from __future__ import annotations

from pathlib import Path

from course.content.loader import load_course
from scripts.course_stats import as_markdown, course_stats, main, problems, review_section, write_review

LESSONS = Path(__file__).resolve().parent.parent / "lessons"

QUIZ = """---
title: Check
---
<quiz>
A customer posts her number. What do you do first? {#case-number}
- [ ] Nothing
> Too little.
- [x] Hide the comment, say why in public and write to her in private
> Right.
- [ ] Delete it
> Censorship.

Hide, explain, go private.
</quiz>

<quiz>
Which channel is ours? {#recall-channel}
- [x] Messenger
- [ ] WhatsApp, because customers like it
> Not ours.
- [ ] Private email
> Not ours.
- [ ] A private phone number
> Not ours.

Messenger.
</quiz>

<quiz>
True or false: we sign with our first name. {#case-signature}
- [x] True
- [ ] False
> We do.
</quiz>

<quiz>
Which stay private? {#case-private}
- [x] Customer number
- [x] Address
- [x] Bill
- [ ] First name
> Public already.
</quiz>

<quiz>
We answer within [[60|sixty]] minutes.
</quiz>
"""


def write_course(root: Path) -> Path:
    (root / "01-basics").mkdir(parents=True)
    (root / "course.md").write_text("---\ntitle: Test\n---\nWelcome.\n")
    (root / "01-basics" / "module.md").write_text("---\ntitle: Basics\n---\nIntro.\n")
    (root / "01-basics" / "01-check.md").write_text(QUIZ)
    return root


def test_counts_types_positions_lengths_and_situations(tmp_path):
    course = load_course(write_course(tmp_path))
    assert course.errors == ()
    stats = course_stats(course)
    assert (stats.kinds["single"], stats.kinds["multiple"], stats.kinds["truefalse"], stats.kinds["gap"]) == (2, 1, 1, 1)
    assert dict(stats.single_positions) == {2: 1, 1: 1}
    assert stats.single_longest == 1 and stats.longest_share == 0.5
    assert dict(stats.multiple_correct) == {3: 1}
    assert (stats.true_answers, stats.false_answers) == (1, 0)
    assert (stats.cases, stats.recalls) == (3, 1)
    # the gap has no key of its own: it is reported, not silently counted either way
    assert len(stats.unmarked) == 1 and stats.per_module == (("Basics", 5, 3),)


def test_missed_targets_are_named(tmp_path):
    found = problems(load_course(write_course(tmp_path)))
    assert any("longest in 50%" in p for p in found)
    assert any("100% of true/false answers" in p for p in found)
    assert any("only 60%" in p for p in found)
    assert any("keys without case- or recall-" in p for p in found)


def test_the_review_section_is_rewritten_between_its_markers(tmp_path):
    course = load_course(write_course(tmp_path / "course"))
    review = tmp_path / "review.md"
    review.write_text("# Review\n\n<!-- stats: generated -->\nold\n<!-- /stats -->\n\nAfter.\n")
    assert write_review(course, review)
    assert review_section(review) == as_markdown(course)
    assert review.read_text().endswith("<!-- /stats -->\n\nAfter.\n")
    assert not write_review(course, review)


def test_the_shipped_course_meets_the_targets_in_every_language():
    course = load_course(LESSONS)
    assert course.languages == ("de", "en")
    assert problems(course) == []


def test_the_review_shows_the_shipped_course_as_it_is():
    # after changing a question: python -m scripts.course_stats --write
    assert review_section() == as_markdown(load_course(LESSONS))


def test_the_script_checks_from_the_command_line(tmp_path, capsys):
    assert main([str(LESSONS), "--check"]) == 0
    assert "questions." in capsys.readouterr().out
    assert main([str(write_course(tmp_path)), "--check"]) == 1
    assert "longest" in capsys.readouterr().err
