"""The one standing rule: every state transition, recertification, time zones, and that nobody else computes a state."""

from __future__ import annotations

import ast
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from course import clock
from course.content.quiz import QuizSettings
from course.content.values import Lesson, Module
from course.domain.assignments import Due
from course.domain.facts import Done
from course.domain.standing import State, add_months, lessons_done, module_standing, valid_until

BERLIN = clock.zone_named("Europe/Berlin")
NOW = datetime(2026, 6, 15, 10, 0)  # naive UTC, as stored


def _lesson(lesson_id: str) -> Lesson:
    return Lesson(lesson_id, "m", lesson_id.title(), 5, f"m/{lesson_id}.md", "", (), QuizSettings(), "hash")


MODULE = Module("m", "Module", "", "", "m", lessons=(_lesson("a"), _lesson("b")))
YEARLY = replace(MODULE, recertify_months=12, due_days=30)


def standing(module=MODULE, touched=False, done=0, first=None, last=None, failed=False, due_at=None, now=NOW):
    facts = Done(done, first or NOW - timedelta(days=10), last or NOW - timedelta(days=9)) if done else None
    due = Due(module.id, NOW - timedelta(days=60), due_at, "person") if due_at else None
    return module_standing(module, touched, facts, failed, due, now, BERLIN)


# ---------------------------------------------------------------- the first round


@pytest.mark.parametrize(("kwargs", "state"), [
    ({}, State.NOT_STARTED),
    ({"due_at": NOW + timedelta(days=1)}, State.NOT_STARTED),
    ({"touched": True}, State.IN_PROGRESS),
    ({"touched": True, "done": 1}, State.IN_PROGRESS),
    ({"touched": True, "done": 1, "due_at": NOW + timedelta(seconds=1)}, State.IN_PROGRESS),
    ({"due_at": NOW - timedelta(seconds=1)}, State.OVERDUE),
    ({"touched": True, "done": 1, "due_at": NOW - timedelta(days=5)}, State.OVERDUE),
    ({"touched": True, "failed": True}, State.FAILED),
    ({"touched": True, "failed": True, "due_at": NOW - timedelta(days=5)}, State.FAILED),  # failed beats overdue
    ({"touched": True, "done": 2}, State.COMPLETED),
    ({"touched": True, "done": 2, "due_at": NOW - timedelta(days=5)}, State.COMPLETED),  # late, but done
    ({"touched": True, "done": 2, "failed": True}, State.COMPLETED),  # passed after all (or a retired quiz)
])
def test_each_state_of_the_first_round(kwargs, state):
    assert standing(**kwargs).state == state


def test_the_due_date_itself_still_counts():
    assert standing(due_at=NOW).state == State.NOT_STARTED
    assert standing(due_at=NOW, now=NOW + timedelta(seconds=1)).state == State.OVERDUE


def test_a_module_without_lessons_is_never_completed():
    empty = replace(MODULE, lessons=())
    assert module_standing(empty, False, None, False, None, NOW, BERLIN).state == State.NOT_STARTED


def test_a_completed_module_says_when_and_has_no_expiry_without_recertification():
    result = standing(touched=True, done=2, last=NOW - timedelta(days=3))
    assert (result.completed_at, result.valid_until, result.percent) == (NOW - timedelta(days=3), None, 100)
    assert not result.expired and not result.late(NOW)


def test_state_values_are_the_words_pages_show():
    assert [s.value for s in State] == ["not started", "in progress", "completed", "failed", "overdue", "due again"]
    assert State.DUE_AGAIN == "due again"


# ---------------------------------------------------------------- recertification


def test_a_completion_is_valid_for_recertify_months_to_the_end_of_that_local_day():
    first = datetime(2025, 6, 10, 8, 0)  # 10:00 in Berlin
    until = valid_until(YEARLY, first, BERLIN)
    assert until == datetime(2026, 6, 10, 21, 59, 59)  # 23:59:59 in Berlin (summer time)
    assert standing(YEARLY, True, 2, first=first, now=until).state == State.COMPLETED
    assert standing(YEARLY, True, 2, first=first, now=until).valid_until == until


def test_expired_completion_is_due_again_with_a_new_due_date_then_overdue():
    first = datetime(2025, 5, 1, 8, 0)
    until = valid_until(YEARLY, first, BERLIN)
    again = clock.due_after(until, 30, BERLIN)
    after = standing(YEARLY, True, 2, first=first, last=first, now=until + timedelta(seconds=1))
    assert (after.state, after.due_at, after.valid_until, after.completed_at) == (State.DUE_AGAIN, again, until, first)
    assert after.expired and not after.late(until + timedelta(seconds=1))
    assert standing(YEARLY, True, 2, first=first, now=again).state == State.DUE_AGAIN
    late = standing(YEARLY, True, 2, first=first, now=again + timedelta(seconds=1))
    assert (late.state, late.due_at) == (State.OVERDUE, again) and late.late(again + timedelta(seconds=1))


def test_due_again_beats_an_old_assignment_date():
    first = datetime(2024, 1, 1, 8, 0)  # expired 2025-01-01; the assignment was due long before
    result = standing(YEARLY, True, 2, first=first, due_at=datetime(2023, 12, 1), now=datetime(2025, 1, 10))
    assert (result.state, result.due_at) == (State.DUE_AGAIN, clock.due_after(datetime(2025, 1, 1, 22, 59, 59), 30, BERLIN))


def test_without_due_days_due_again_has_no_due_date_and_never_turns_overdue():
    module = replace(YEARLY, due_days=None)
    result = standing(module, True, 2, first=datetime(2020, 1, 1), now=NOW)
    assert (result.state, result.due_at) == (State.DUE_AGAIN, None)


def test_renewing_some_lessons_is_not_enough_renewing_all_completes_a_new_round():
    old = datetime(2025, 1, 5, 9, 0)
    now = datetime(2026, 2, 1, 9, 0)
    partly = standing(YEARLY, True, 2, first=old, last=now - timedelta(days=1), now=now)  # one lesson redone
    assert partly.state == State.DUE_AGAIN
    renewed = standing(YEARLY, True, 2, first=now - timedelta(days=2), last=now - timedelta(days=1), now=now)
    assert (renewed.state, renewed.valid_until) == (State.COMPLETED, valid_until(YEARLY, now - timedelta(days=2), BERLIN))


def test_only_lessons_done_since_the_expiry_count_in_the_new_round():
    first = datetime(2025, 1, 5, 9, 0)
    states = {"m": standing(YEARLY, True, 2, first=first, now=datetime(2026, 2, 1))}
    expiry = states["m"].valid_until
    done = lessons_done(states, {("m", "a"): first, ("m", "b"): expiry + timedelta(days=3), ("x", "y"): first})
    assert done == {("m", "b"), ("x", "y")}


@pytest.mark.parametrize(("day", "months", "expected"), [
    (date(2025, 1, 31), 1, date(2025, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2025, 11, 30), 3, date(2026, 2, 28)),
    (date(2025, 6, 15), 24, date(2027, 6, 15)),
    (date(2025, 12, 1), 1, date(2026, 1, 1)),
])
def test_months_are_calendar_months(day, months, expected):
    assert add_months(day, months) == expected


# ---------------------------------------------------------------- time zones


def test_the_local_day_of_the_first_completion_counts_not_the_utc_day():
    late_evening = datetime(2025, 12, 31, 23, 30)  # 00:30 on 1 January in Berlin
    assert valid_until(YEARLY, late_evening, BERLIN) == datetime(2027, 1, 1, 22, 59, 59)
    assert valid_until(YEARLY, late_evening, clock.zone_named("UTC")) == datetime(2026, 12, 31, 23, 59, 59)


def test_expiry_across_a_daylight_saving_change_ends_at_local_midnight():
    winter = datetime(2025, 3, 29, 12, 0)  # a Saturday in winter time; a year later: 29 March 2026, summer time
    assert valid_until(YEARLY, winter, BERLIN) == datetime(2026, 3, 29, 21, 59, 59)
    short = replace(YEARLY, recertify_months=1)  # 29 Oct 2025 (summer) + 1 month: 29 Nov, winter
    assert valid_until(short, datetime(2025, 10, 29, 12, 0), BERLIN) == datetime(2025, 11, 29, 22, 59, 59)


def test_a_due_date_at_the_end_of_a_local_day_turns_overdue_at_local_midnight():
    due = clock.end_of_local_day(date(2026, 6, 14), BERLIN)  # 21:59:59 UTC
    assert standing(due_at=due, now=datetime(2026, 6, 14, 21, 59, 59)).state == State.NOT_STARTED
    assert standing(due_at=due, now=datetime(2026, 6, 14, 22, 0, 0)).state == State.OVERDUE


# ---------------------------------------------------------------- one rule, one place

COURSE = Path(__file__).resolve().parent.parent / "course"
STATE_WORDS = {s.value for s in State}


def state_words_outside_the_rule(root: Path = COURSE) -> list[str]:
    """State words in course/ outside domain/standing.py where a state would be computed: compared
    against, returned, chosen in a conditional, or assigned to a name with "state" in it (a CSV
    header that says "completed" is no state)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if path == root / "domain" / "standing.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            for word in _computed_words(node):
                found.append(f"{path.relative_to(root.parent)}:{word.lineno}: {word.value!r}")
    return sorted(set(found))


def _computed_words(node: ast.AST) -> list[ast.Constant]:
    if isinstance(node, ast.Compare):
        parts = [node.left, *node.comparators]
    elif isinstance(node, ast.Return | ast.IfExp):  # only a word itself, not a tuple of CSV headers
        values = [node.value] if isinstance(node, ast.Return) else [node.body, node.orelse]
        return [v for v in values if isinstance(v, ast.Constant) and v.value in STATE_WORDS]
    elif isinstance(node, ast.Assign | ast.AnnAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        names = [ast.unparse(target).lower() for target in targets]
        parts = [node.value] if any("state" in name for name in names) else []
    else:
        return []
    words = []
    for part in parts:
        for inner in ast.walk(part) if part is not None else ():
            if isinstance(inner, ast.Constant) and inner.value in STATE_WORDS:
                words.append(inner)
    return words


def test_no_other_module_names_or_computes_a_state():
    assert state_words_outside_the_rule() == []


def test_the_check_finds_a_state_computed_elsewhere(tmp_path):
    (tmp_path / "course" / "views").mkdir(parents=True)
    (tmp_path / "course" / "views" / "x.py").write_text(
        'HEADER = ("completed", "due")\n'
        'def f(done, total):\n'
        '    if state == "failed":\n'
        '        return "completed" if done == total else "in progress"\n'
        '    my_state = "overdue"\n')
    assert state_words_outside_the_rule(tmp_path / "course") == [
        "course/views/x.py:3: 'failed'", "course/views/x.py:4: 'completed'", "course/views/x.py:4: 'in progress'",
        "course/views/x.py:5: 'overdue'"]


# ---------------------------------------------------------------- lessons with exercises


def _exercise(key: str, done: str = "checks"):
    from course.content.exercise import Check, Exercise

    return Exercise(key, "x", "A", "post", "task", "model", (Check("signature", None, "Sign.", 1),), 1, done)


def test_an_exercise_is_done_by_its_first_passing_reply_or_with_review_by_its_first_review():
    from course.domain.lesson_done import exercise_done_at

    passed, reviewed = NOW - timedelta(days=2), NOW - timedelta(days=1)
    assert exercise_done_at(_exercise("a"), passed, None) == passed
    assert exercise_done_at(_exercise("a"), None, reviewed) is None  # a review alone does not pass the checks
    assert exercise_done_at(_exercise("a", "review"), passed, None) is None  # passing alone is not a review
    assert exercise_done_at(_exercise("a", "review"), None, reviewed) == reviewed


def test_a_lesson_with_exercises_is_done_at_the_latest_of_its_own_step_and_each_exercise():
    from course.domain.lesson_done import lesson_done_at

    lesson = replace(_lesson("a"), exercises=(_exercise("one"), _exercise("two", "review")))
    read, one, two = NOW - timedelta(days=3), NOW - timedelta(days=2), NOW - timedelta(days=1)
    assert lesson_done_at(lesson, read, {"one": (one, None), "two": (None, two)}) == two
    assert lesson_done_at(lesson, NOW, {"one": (one, None), "two": (None, two)}) == NOW
    assert lesson_done_at(lesson, read, {"one": (one, None), "two": (one, None)}) is None  # not reviewed
    assert lesson_done_at(lesson, None, {"one": (one, None), "two": (None, two)}) is None  # not read
    assert lesson_done_at(_lesson("b"), read, {}) == read  # no exercises: its own step alone


def test_a_module_counts_its_lessons_with_exercises_once_they_are_done():
    from course.domain.facts import Practised
    from course.domain.lesson_done import with_practice

    module = replace(MODULE, lessons=(_lesson("a"), replace(_lesson("b"), exercises=(_exercise("e"),))))
    read_a, read_b, passed = NOW - timedelta(days=5), NOW - timedelta(days=4), NOW - timedelta(days=1)
    others = Done(1, read_a, read_a, 1)
    open_ = with_practice(module, others, [Practised("b", read_b, read_b, {})])
    assert open_ == others
    assert module_standing(module, True, open_, False, None, NOW, BERLIN).state == State.IN_PROGRESS
    done = with_practice(module, others, [Practised("b", read_b, read_b, {"e": (passed, None)})])
    assert done == Done(2, read_a, passed, 2)
    assert module_standing(module, True, done, False, None, NOW, BERLIN).state == State.COMPLETED
    assert with_practice(module, None, [Practised("b", None, read_b, {"e": (passed, None)})]) == Done(0, None, None, 1)
