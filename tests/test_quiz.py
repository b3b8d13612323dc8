"""The <quiz> dialect: every error case with its line, the details users rely on, and scoring."""

from __future__ import annotations

import re

import pytest

from course.content.quiz import (
    MAX_GAP_ANSWER,
    QuizSettings,
    extract_quizzes,
    field_name,
    parse_settings,
    read_answers,
    score_quiz,
)


def parse(body: str, first_line: int = 1):
    """Split a lesson body; return (text, questions, errors as 'line: message' strings)."""
    text, questions, errors = extract_quizzes(body, first_line, "lesson.md")
    assert all(e.path == "lesson.md" for e in errors)
    return text, questions, [f"{e.line}: {e.message}" for e in errors]


def one(body: str):
    """Parse a body that must hold exactly one good question, and return it."""
    _, questions, errors = parse(body)
    assert errors == []
    assert len(questions) == 1
    return questions[0]


CHOICE = "<quiz>\nPick one.\n- [x] Right\n- [ ] Wrong\n</quiz>\n"

# (body, line of the error, part of its message)
ERRORS = [
    ("<quiz>\nPick.\n- [ ] a\n- [ ] b\n</quiz>", 1, "no correct answer"),
    ("Text.\n\n<quiz>\nPick.\n- [x] a\n- [ ] b\n", 3, "unclosed <quiz>"),
    ("Text.\n</quiz>\n", 2, "</quiz> without an opening <quiz>"),
    ("<quiz> Pick one.\n- [x] a\n- [ ] b\n</quiz>", 1, "must each stand alone on their line"),
    ("<quiz>\nPick.\n- [x] a\n- [ ] b</quiz>\n", 4, "must each stand alone on their line"),
    ("<Quiz>\nPick.\n- [x] a\n- [ ] b\n</quiz>\n", 1, "write the tag exactly <quiz> or </quiz>"),
    ("<quiz shuffle>\nPick.\n- [x] a\n- [ ] b\n</quiz>\n", 1, "write the tag exactly <quiz> or </quiz>"),
    ("<quiz>\nPick.\n- [x] a\n- [ ] b\n< /quiz>\n", 5, "write the tag exactly <quiz> or </quiz>"),
    ("<quiz>\nPick.\n<quiz>\nAgain.\n- [x] a\n- [ ] b\n</quiz>", 3, "inside the <quiz> opened at line 1"),
    ("<quiz>\nPick.\n- [x] a\n\n> Why a?\n- [ ] b\n</quiz>", 5, "feedback with no answer"),
    ("<quiz>\nPick [[one]].\n- [x] a\n- [ ] b\n</quiz>", 1, "answers and gaps mixed"),
    ("<quiz>\nFill [[ ]] in.\n</quiz>", 1, "empty gap"),
    ("<quiz>\nFill [[|]] in.\n</quiz>", 1, "empty gap"),
    ("<quiz>\nNo answers at all.\n</quiz>", 1, "question has no answers"),
    ("<quiz>\n- [x] a\n- [ ] b\n</quiz>", 1, "no text before its first answer"),
    ("<quiz>\nPick.\n- [x]\n- [ ] b\n</quiz>", 3, "answer has no text"),
    ("<quiz>\nPick.\n-[x] a\n- [ ] b\n</quiz>", 3, "answer marker '-[x]' is mistyped"),
    ("<quiz>\nPick.\n- [ x] a\n- [ ] b\n</quiz>", 3, "answer marker '- [ x]' is mistyped"),
    ("<quiz>\nPick.\n- [x] a\n- [x ] b\n</quiz>", 4, "answer marker '- [x ]' is mistyped"),
    ("<quiz>\nPick.\n+ [x] a\n- [ ] b\n</quiz>", 3, "answer marker '+ [x]' is mistyped"),
    ("<quiz>\nPick.\n- [x] a\n[ ] b\n</quiz>", 4, "answer marker '[ ]' is mistyped"),
    ("<quiz>\nPick.\n- [x] a\n- [  ] b\n</quiz>", 4, "answer marker '- [  ]' is mistyped"),
    ("<quiz>\nFill `[[in]]` here.\n</quiz>", 1, "a gap cannot stand inside a link, code or image"),
    ("<quiz>\nSee [the [[page]]](https://example.com).\n</quiz>", 1, "a gap cannot stand inside a link, code or image"),
    ("Text.\n\n```python\nx = 1\n\n<quiz>\nPick.\n- [x] a\n- [ ] b\n</quiz>\n", 3, "code block not closed: add a line ``` after it"),
    ("<quiz>\nPick.\n~~~~\ncode\n- [x] a\n- [ ] b\n</quiz>\n", 3, "code block not closed: add a line ~~~~ after it"),
]


@pytest.mark.parametrize(("body", "line", "message"), ERRORS, ids=[m for _, _, m in ERRORS])
def test_quiz_error_is_reported_at_its_line(body, line, message):
    _, questions, errors = parse(body)
    assert any(e.startswith(f"{line}: ") and message in e for e in errors), errors
    assert len({e for e in errors if message in e}) == 1  # said once, not once per line after it


def test_error_lines_count_from_the_body_line_in_the_file():
    _, _, errors = parse("<quiz>\nPick.\n- [ ] a\n- [ ] b\n</quiz>", first_line=5)
    assert errors == ["5: no correct answer: mark at least one with '- [x]'"]


def test_duplicate_question_keys_are_errors():
    _, _, errors = parse(CHOICE + "\n" + CHOICE)
    assert len(errors) == 1
    assert errors[0].startswith("7: duplicate question key") and "also at line 1" in errors[0]
    body = "<quiz>\nOne {#k}\n- [x] a\n- [ ] b\n</quiz>\n<quiz>\nTwo {#k}\n- [x] a\n- [ ] b\n</quiz>"
    assert parse(body)[2] == ["6: duplicate question key 'k' (also at line 1); give one an {#key}"]


def test_key_override_and_derived_keys():
    assert one("<quiz>\nPick one. {#pick-one}\n- [x] a\n- [ ] b\n</quiz>").key == "pick-one"
    derived = one(CHOICE).key
    assert derived.startswith("pick-one-") and len(derived) == len("pick-one-") + 8
    assert one(CHOICE.replace("Pick one.", "Pick  ONE.")).key == derived  # case and spacing do not count
    assert one(CHOICE.replace("Pick one.", "Pick two.")).key != derived
    question = one("<quiz>\nPick **one**. {#p}\n- [x] a\n- [ ] b\n</quiz>")
    assert question.text == "Pick one." and "{#" not in question.prompt_html[0]


def test_answer_markers_and_bullets_of_the_dialect():
    question = one("<quiz>\nPick.\n- [X] upper\n- [] empty box\n* [x] star\n* [ ] star wrong\n</quiz>")
    assert [(o.text, o.correct) for o in question.options] == [
        ("upper", True), ("empty box", False), ("star", True), ("star wrong", False)
    ]
    assert question.kind == "multiple"


def test_an_indented_line_continues_its_answer():
    question = one("<quiz>\nPick.\n- [x] a long answer\n  that goes on\n> feedback\n- [ ] short\n</quiz>")
    assert [o.text for o in question.options] == ["a long answer that goes on", "short"]
    assert "feedback" in question.options[0].feedback_html


def test_single_choice_feedback_and_explanation_after_a_blank_line():
    body = (
        "<quiz>\nWhat **first**?\n- [ ] Hide it.\n> Looks like censorship.\n> Screenshots last.\n"
        "- [x] Thank them.\n> Right.\n\n- [ ] Wait.\n\nReact in public, solve in private.\n</quiz>"
    )
    question = one(body)
    assert question.kind == "single" and question.correct_keys == {"1"}
    assert "<strong>first</strong>" in question.prompt_html[0]
    assert "Looks like censorship." in question.options[0].feedback_html
    assert "Screenshots last." in question.options[0].feedback_html
    assert question.options[2].feedback_html == ""
    assert "React in public" in question.explanation_html
    assert all("React in public" not in o.feedback_html for o in question.options)


def test_gap_question_with_several_gaps_and_explanation_after_rule():
    question = one("<quiz>\nWe answer within [[24|twenty-four]] hours on [[working days]].\n---\nFast **matters**.\n</quiz>")
    assert question.kind == "gap"
    assert question.gaps == (("24", "twenty-four"), ("working days",))
    assert len(question.prompt_html) == 3 and "hours on" in question.prompt_html[1]
    assert question.text == "We answer within ___ hours on ___."
    assert "<strong>matters</strong>" in question.explanation_html
    assert "twenty-four" not in "".join(question.prompt_html)


def test_quiz_in_a_fenced_block_outside_a_quiz_is_an_example():
    body = "Write it like this:\n\n```markdown\n<quiz>\nPick.\n- [x] a\n</quiz>\n```\n\n~~~\n</quiz>\n~~~\n"
    text, questions, errors = parse(body)
    assert questions == [] and errors == []
    assert "<quiz>" in text and "- [x] a" in text and text.count("</quiz>") == 2


def test_inline_code_mentioning_quiz_is_lesson_text():
    text, questions, errors = parse("Each question is a `<quiz>` block, closed by `</quiz>`, never `<Quiz>`.\n")
    assert errors == [] and questions == []
    assert "`<quiz>`" in text


def test_code_blocks_inside_a_quiz_belong_to_it():
    body = (
        "Intro.\n\n<quiz>\nWhat does this print?\n\n```python\nprint('- [x] not an answer')\n</quiz>\n```\n\n"
        "- [x] The text\n- [ ] Nothing\n\nSee:\n\n```\n- [ ] still explanation\n```\n</quiz>\nAfter.\n"
    )
    text, questions, errors = parse(body)
    assert errors == []
    assert text.split() == ["Intro.", "After."]
    (question,) = questions
    assert len(question.options) == 2
    code = re.sub(r"<[^>]+>", "", question.prompt_html[0])  # the text of the highlighted code
    assert "not an answer" in code and "&lt;/quiz&gt;" in code
    assert "still explanation" in question.explanation_html


def test_lesson_text_keeps_everything_outside_the_quizzes():
    text, questions, _ = parse("Before.\n\n" + CHOICE + "\nBetween.\n\n" + CHOICE.replace("one", "two") + "After.")
    assert len(questions) == 2
    assert [line for line in text.split("\n") if line] == ["Before.", "Between.", "After."]
    assert [q.line for q in questions] == [3, 11]


@pytest.mark.parametrize(
    ("answers", "kind"),
    [
        (("True", "False"), "truefalse"),
        (("False", "True"), "truefalse"),
        (("true.", "false."), "truefalse"),
        (("Richtig", "Falsch"), "truefalse"),
        (("Wahr", "Falsch"), "truefalse"),
        (("Yes", "No"), "single"),
        (("Richtig", "Wahr"), "single"),
        (("True", "False", "Both"), "single"),
    ],
)
def test_true_false_detection(answers, kind):
    lines = "\n".join(f"- [{'x' if i == 0 else ' '}] {a}" for i, a in enumerate(answers))
    assert one(f"<quiz>\nTrue or false: it is so.\n{lines}\n</quiz>").kind == kind


def test_true_false_is_never_shuffled_while_choices_are():
    from course.content.values import Lesson
    from course.domain.attempts import ordered_questions

    tf = "<quiz>\nTrue or false?\n- [ ] True\n- [x] False\n</quiz>\n"
    many = "<quiz>\nPick.\n" + "\n".join(f"- [{'x' if i == 0 else ' '}] option {i}" for i in range(8)) + "\n</quiz>\n"
    _, questions, errors = parse(tf + many)
    assert errors == []
    lesson = Lesson("l", "m", "L", 1, "l.md", "", tuple(questions), QuizSettings(shuffle=True), "hash")
    orders = set()
    for n in range(20):
        ordered = dict((q.kind, [o.text for o in options]) for q, options in ordered_questions(lesson, f"token-{n}"))
        assert ordered["truefalse"] == ["True", "False"]
        orders.add(tuple(ordered["single"]))
    assert len(orders) > 1


# ---------------------------------------------------------------- settings

SETTING_ERRORS = [
    ({"passpercent": 80}, "quiz: unknown setting 'passpercent'"),
    ({"pass_percent": 120}, "quiz: pass_percent must be a whole number from 0 to 100"),
    ({"pass_percent": -1}, "quiz: pass_percent must be a whole number from 0 to 100"),
    ({"pass_percent": "high"}, "quiz: pass_percent must be a whole number from 0 to 100"),
    ({"pass_percent": True}, "quiz: pass_percent must be a whole number from 0 to 100"),
    ({"pass_percent": 80.5}, "quiz: pass_percent must be a whole number from 0 to 100"),
    ({"max_attempts": 0}, "quiz: max_attempts must be a whole number of at least 1"),
    ({"max_attempts": "three"}, "quiz: max_attempts must be a whole number of at least 1"),
    ({"retry_delay_hours": -1}, "quiz: retry_delay_hours must be a number of hours, 0 or more"),
    ({"retry_delay_hours": "soon"}, "quiz: retry_delay_hours must be a number of hours, 0 or more"),
    ({"shuffle": "yes"}, "quiz: shuffle must be true or false"),
    ({"shuffle": 1}, "quiz: shuffle must be true or false"),
    ({"show_correct": "always"}, "quiz: show_correct must be one of after_submit, after_pass, never"),
    ("on", "quiz: must be a mapping of settings"),
    ([80], "quiz: must be a mapping of settings"),
]


@pytest.mark.parametrize(("raw", "message"), SETTING_ERRORS, ids=[m for _, m in SETTING_ERRORS])
def test_invalid_quiz_setting_is_an_error(raw, message):
    settings, errors = parse_settings(raw, "lesson.md", 4)
    assert [(e.line, e.message.split(" (known")[0]) for e in errors] == [(4, message)]
    assert settings == QuizSettings()


def test_valid_quiz_settings():
    raw = {"pass_percent": 100, "max_attempts": 2, "retry_delay_hours": 0.5, "shuffle": True, "show_correct": "never"}
    settings, errors = parse_settings(raw, "lesson.md", 4)
    assert errors == []
    assert settings == QuizSettings(100, 2, 0.5, True, "never")
    assert parse_settings(None, "lesson.md", 1) == (QuizSettings(), [])
    assert parse_settings({"max_attempts": None}, "lesson.md", 1)[0].max_attempts is None
    # a retake must not copy the last result: correct answers only once passed (issue 13)
    assert QuizSettings() == QuizSettings(80, None, 0, False, "after_pass")


# ---------------------------------------------------------------- scoring

SINGLE = "<quiz>\nPick.\n- [ ] a\n- [x] b\n- [ ] c\n</quiz>"
MULTIPLE = "<quiz>\nPick all.\n- [x] a\n- [x] b\n- [ ] c\n</quiz>"
GAP = "<quiz>\nAnswer in [[social media|socialmedia]] within [[24|twenty-four]] hours.\n</quiz>"


@pytest.mark.parametrize(
    ("body", "answer", "right"),
    [
        (SINGLE, {"1"}, True),
        (SINGLE, {"0"}, False),
        (SINGLE, set(), False),
        (SINGLE, {"0", "1"}, False),
        (MULTIPLE, {"0", "1"}, True),
        (MULTIPLE, {"0"}, False),
        (MULTIPLE, {"0", "1", "2"}, False),
        (MULTIPLE, {"2"}, False),
        (GAP, ("social media", "24"), True),
        (GAP, ("  Social   MEDIA ", "Twenty-Four"), True),
        (GAP, ("socialmedia", "twenty-four"), True),
        (GAP, ("social-media", "24"), False),
        (GAP, ("social media", "25"), False),
        (GAP, ("social media",), False),
    ],
)
def test_each_question_scores_right_only_for_the_right_answer(body, answer, right):
    question = one(body)
    answer = frozenset(answer) if isinstance(answer, set) else answer
    result = score_quiz((question,), {question.key: answer}, 80)
    assert result.results[0].right is right
    assert result.points == int(right)


def test_answers_are_written_down_readably():
    single, gap = one(SINGLE), one(GAP)
    result = score_quiz((single, gap), {single.key: frozenset({"1"}), gap.key: ("x", "24")}, 50)
    assert [r.answer_text for r in result.results] == ["b", "x | 24"]


@pytest.mark.parametrize(
    ("questions", "right", "pass_percent", "percent", "passed"),
    [
        (4, 4, 80, 100.0, True),
        (4, 3, 75, 75.0, True),
        (4, 3, 80, 75.0, False),
        (5, 4, 80, 80.0, True),
        (3, 2, 67, 66.67, False),
        (3, 2, 66, 66.67, True),
        (1, 0, 0, 0.0, True),
        (1, 0, 1, 0.0, False),
        (6, 5, 83, 83.33, True),
        (6, 5, 84, 83.33, False),
    ],
)
def test_score_is_points_over_questions_and_pass_needs_the_mark(questions, right, pass_percent, percent, passed):
    body = "\n".join(f"<quiz>\nQuestion {n}?\n- [x] yes\n- [ ] no\n</quiz>" for n in range(questions))
    _, parsed, errors = parse(body)
    assert errors == []
    answers = {q.key: frozenset({"0" if n < right else "1"}) for n, q in enumerate(parsed)}
    result = score_quiz(tuple(parsed), answers, pass_percent)
    assert (result.points, result.max_points, result.percent, result.passed) == (right, questions, percent, passed)


# ---------------------------------------------------------------- reading the submitted form


def test_read_answers_takes_a_complete_form():
    single, multiple, gap = (one(b) for b in (SINGLE, MULTIPLE.replace("Pick all", "Pick several"), GAP))
    form = {field_name(single): ["1"], field_name(multiple): ["0", "1"], field_name(gap, 0): ["x"], field_name(gap, 1): ["y"]}
    answers, problems = read_answers((single, multiple, gap), form)
    assert problems == []
    assert answers == {single.key: frozenset({"1"}), multiple.key: frozenset({"0", "1"}), gap.key: ("x", "y")}


@pytest.mark.parametrize(
    ("form", "problem"),
    [
        ({}, "Question 1 has no answer."),
        ({"choice": ["7"]}, "Question 1: that answer is not one of its options."),
        ({"choice": ["1", "nonsense"]}, "Question 1: that answer is not one of its options."),
        ({"choice": ["0", "1"]}, "Question 1 takes one answer only."),
        ({"gap1": [""]}, "Question 2 has an empty gap."),
        ({"gap0": ["24"], "gap1": ["   "]}, "Question 2 has an empty gap."),
        ({"gap0": ["x" * (MAX_GAP_ANSWER + 1)], "gap1": ["24"]}, f"Question 2: an answer is longer than {MAX_GAP_ANSWER} characters."),
    ],
)
def test_read_answers_reports_what_is_wrong(form, problem):
    single, gap = one(SINGLE), one(GAP)
    names = {"choice": field_name(single), "gap0": field_name(gap, 0), "gap1": field_name(gap, 1)}
    full = {field_name(single): ["1"], field_name(gap, 0): ["a"], field_name(gap, 1): ["b"]}
    full.update({names[k]: v for k, v in form.items()})
    if not form:
        del full[field_name(single)]
    _, problems = read_answers((single, gap), full)
    assert problems == [problem]


def test_true_false_takes_one_answer():
    question = one("<quiz>\nTrue or false?\n- [x] True\n- [ ] False\n</quiz>")
    _, problems = read_answers((question,), {field_name(question): ["0", "1"]})
    assert problems == ["Question 1 takes one answer only."]


def test_a_mistyped_first_answer_is_an_error_not_part_of_the_question():
    _, questions, errors = parse("<quiz>\nWhich?\n-[x] The key\n- [ ] Other\n</quiz>")
    assert questions == [] and errors == [
        "3: answer marker '-[x]' is mistyped: write '- [x] ' before a right answer and '- [ ] ' before a wrong one "
        "(a dash, a space, the brackets, a space)"]


def test_mkdocs_quiz_reading_of_the_lines_after_the_answers():
    """As mkdocs-quiz: one answer is enough, text right under the answers and a quote after a blank
    line begin the explanation, and a task list there is part of it."""
    _, (single,), errors = parse("<quiz>\nTrue?\n- [x] Yes\n</quiz>")
    assert errors == [] and len(single.options) == 1 and single.kind == "single"
    _, (q,), errors = parse("<quiz>\nPick.\n- [x] a\n- [ ] b\nRight under the answers.\n</quiz>")
    assert errors == [] and "Right under the answers." in q.explanation_html and len(q.options) == 2
    _, (q,), errors = parse("<quiz>\nPick.\n- [x] a\n- [ ] b\n\n> A quote.\n</quiz>")
    assert errors == [] and "<blockquote>" in q.explanation_html and not q.options[1].feedback_html
    _, (q,), errors = parse("<quiz>\nPick.\n- [x] a\n- [ ] b\n\nSteps:\n\n- [x] done\n- [ ] open\n</quiz>")
    assert errors == [] and len(q.options) == 2 and 'class="task-list"' in q.explanation_html


def test_a_quiz_indented_in_a_tab_or_an_admonition():
    body = '=== "Example"\n\n    <quiz>\n    What is 2 + 2?\n    ```\n    2 + 2\n    ```\n    - [ ] 3\n    - [x] 4\n    </quiz>\n'
    _, (q,), errors = parse(body)
    assert errors == [] and [o.text for o in q.options] == ["3", "4"] and q.correct_keys == {"1"}
    body = '!!! question\n\n    <quiz>\n    Capital of France: [[Paris]]\n\n    ---\n    Well done.\n    </quiz>\n'
    _, (gap,), errors = parse(body)
    assert errors == [] and gap.gaps == (("Paris",),) and "Well done." in gap.explanation_html


def test_mkdocs_quiz_page_settings_map_onto_kurs_or_are_ignored():
    raw = {"auto_number": True, "shuffle_answers": True, "show_correct": False, "auto_submit": False,
           "disable_after_submit": False, "show_progress": False, "language": "fr", "enabled": True, "confetti": False,
           "progress_sidebar_position": "bottom", "embed_source": True, "pass_percent": 70}
    settings, errors = parse_settings(raw, "lesson.md", 2)
    assert errors == []
    assert settings == QuizSettings(pass_percent=70, shuffle=True, show_correct="never")
    assert parse_settings({"show_correct": True}, "x.md", 2)[0].show_correct == "after_submit"


@pytest.mark.parametrize(("raw", "message"), [
    ({"enabled": False}, "quiz: enabled must be true: Kurs always scores a lesson's quiz"),
    ({"auto_number": "yes"}, "quiz: auto_number must be true or false"),
    ({"shuffle_answers": "yes"}, "quiz: shuffle_answers must be true or false"),
    ({"progress_sidebar_position": "left"}, "quiz: progress_sidebar_position must be top or bottom"),
    ({"language": 7}, "quiz: language must be a language code such as de"),
])
def test_mkdocs_quiz_settings_are_checked_too(raw, message):
    _, errors = parse_settings(raw, "lesson.md", 4)
    assert [e.line for e in errors] == [4] and errors[0].message.startswith(message)
