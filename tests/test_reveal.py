"""What a quiz result may show (course/domain/reveal.py): the show_correct rule, and nothing for a changed lesson."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from course.domain.reveal import chosen, reveal


def _lesson(rule: str, content_hash: str = "v1"):
    question = SimpleNamespace(key="q1")
    return SimpleNamespace(content_hash=content_hash, settings=SimpleNamespace(show_correct=rule), questions=[question])


@pytest.mark.parametrize(("rule", "passed", "feedback", "correct"), [
    ("after_submit", False, True, True),
    ("after_pass", False, True, False),
    ("after_pass", True, True, True),
    ("never", True, False, False),
])
def test_the_rule_decides_feedback_and_correct_answers(rule, passed, feedback, correct):
    shown = reveal(_lesson(rule), SimpleNamespace(passed=passed), SimpleNamespace(content_hash="v1"))
    assert (shown["feedback"], shown["correct"]) == (feedback, correct)
    assert list(shown["questions"]) == ["q1"]


@pytest.mark.parametrize("lesson", [None, _lesson("after_submit", content_hash="v2")])
def test_a_gone_or_changed_lesson_shows_nothing(lesson):
    shown = reveal(lesson, SimpleNamespace(passed=True), SimpleNamespace(content_hash="v1"))
    assert shown == {"feedback": False, "correct": False}
    assert chosen([SimpleNamespace(question_key="q1")], shown) == {}
