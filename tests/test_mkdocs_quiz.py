"""mkdocs-quiz's documentation is the specification of the quiz dialect.

Pages written here in our own words, in the forms its documentation uses (page settings, quizzes
indented in content tabs and admonitions, the syntax shown again in a fence), load and score as
mkdocs-quiz scores them: all right answers and only those; gaps without case or outer spaces.
"""

from __future__ import annotations

from pathlib import Path

from course.content.loader import load_course
from course.content.quiz import score_quiz


def load(tmp_path: Path, lesson: str):
    (tmp_path / "01-m").mkdir()
    (tmp_path / "course.md").write_text("---\ntitle: C\n---\n", encoding="utf-8")
    (tmp_path / "01-m" / "module.md").write_text("---\ntitle: M\n---\n", encoding="utf-8")
    (tmp_path / "01-m" / "01-page.md").write_text(lesson, encoding="utf-8")
    course = load_course(tmp_path)
    return course, (course.lesson("m", "page") if course.modules else None)


def keys(question, *texts):
    return frozenset(o.key for o in question.options if o.text in texts)


TABS_PAGE = '''---
quiz:
  auto_number: true
  shuffle_answers: true
  show_correct: true
  auto_submit: false
  disable_after_submit: false
  show_progress: false
  language: de
---

# Sums and fruit

<!-- mkdocs-quiz intro -->

=== "Example"

    <quiz>
    Which number is the sum below?
    ```
    3 + 4
    ```
    - [ ] 6
    - [x] 7 _(not `seven`)_
    - [ ] 8
    </quiz>

=== "Syntax"

    ~~~markdown
    <quiz>
    Which number is the sum below?
    ```
    3 + 4
    ```
    - [ ] 6
    - [x] 7 _(not `seven`)_
    - [ ] 8
    </quiz>
    ~~~

=== "Example"

    <quiz>
    Some feedback per answer.
    Which fruits are yellow?

    - [ ] Plum
    > Plums are _purple_.
    - [x] Lemon
    - [x] Banana
    - [ ] Cherry
    > Cherries are _red_.
    > Mostly.
    </quiz>

!!! question "Try it"

    <quiz>
    The capital of Austria is [[Vienna|Wien]].

    ---
    !!! tip
        Both spellings count.
    </quiz>

<!-- mkdocs-quiz results -->
'''


def test_a_page_in_the_documentation_s_own_form_loads_and_scores(tmp_path):
    course, lesson = load(tmp_path, TABS_PAGE)
    assert course.errors == ()
    assert lesson.title == "Sums and fruit"  # from its heading: the page has no title: key
    assert lesson.settings.shuffle and lesson.settings.show_correct == "after_submit"
    sum_, fruit, capital = lesson.questions  # the copies in the Syntax tabs are examples, not questions
    assert [o.text for o in sum_.options] == ["6", "7 (not seven)", "8"] and "3 + 4" in sum_.text
    assert fruit.kind == "multiple" and "Cherries are <em>red</em>" in fruit.options[3].feedback_html
    answers = {sum_.key: keys(sum_, "7 (not seven)"), fruit.key: keys(fruit, "Lemon", "Banana"), capital.key: (" wien ",)}
    assert score_quiz(lesson.questions, answers, 100).points == 3
    # all right answers and only those
    answers[fruit.key] = keys(fruit, "Lemon")
    assert score_quiz(lesson.questions, answers, 100).points == 2
    answers[fruit.key] = keys(fruit, "Lemon", "Banana", "Plum")
    assert score_quiz(lesson.questions, answers, 100).points == 2
    assert 'class="admonition tip"' in capital.explanation_html


CONTENT_PAGE = '''---
title: After the answers
---
<quiz>
Is Python named after a snake?
- [ ] Yes
- [x] No
Named after [Monty Python](https://en.wikipedia.org/wiki/Monty_Python).
</quiz>

<quiz>
What does `2 ** 3` give in **Python**?
- [ ] 6
- [x] 8

> A quote to close with.
</quiz>

<quiz>
Testing `markdown_extensions`. Python code `#!py int | str`:

```python title="check.py" linenums="42" hl_lines="2"
def check(a):
    assert 2 + 2 == 4
```

- [ ] 3
- [x] 4 *(not `four`)*
- [ ] 5

</quiz>

<quiz>
Which steps are done?
- [x] All of them

Steps:

- [x] Install
- [ ] Publish
</quiz>
'''


def test_content_right_under_the_answers_code_in_questions_and_one_answer(tmp_path):
    course, lesson = load(tmp_path, CONTENT_PAGE)
    assert course.errors == ()
    python, power, code, steps = lesson.questions
    assert "Monty Python" in python.explanation_html and len(python.options) == 2
    assert "<blockquote>" in power.explanation_html
    assert '<span class="filename">check.py</span>' in code.prompt_html[0] and "highlighttable" in code.prompt_html[0]
    assert [o.correct for o in code.options] == [False, True, False]
    assert len(steps.options) == 1 and 'class="task-list"' in steps.explanation_html
    assert score_quiz((steps,), {steps.key: frozenset({"0"})}, 100).passed


def test_where_kurs_differs_the_error_says_how_to_fix_it(tmp_path):
    page = "---\ntitle: Cats\n---\n<quiz>\nWhich logo?\n- [x] Python\n- [ ] Ruby\n\n![A cat](https://cataas.com/cat)\n</quiz>\n"
    course, _ = load(tmp_path, page)
    (error,) = course.errors
    assert error.line == 9
    assert error.message == ("image 'https://cataas.com/cat' is not a file in the course folder: Kurs loads nothing from "
                             "the internet: download it, put it next to the lesson and write ![text](its-name.png)")


def test_orphaned_feedback_is_an_error_as_there(tmp_path):
    page = "---\ntitle: F\n---\n<quiz>\nYellow?\n\n- [ ] Orange\n\n> Oranges are orange.\n\n- [x] Banana\n</quiz>\n"
    course, _ = load(tmp_path, page)
    assert [(e.line, e.message) for e in course.errors] == [
        (9, "feedback with no answer: put '>' lines directly under their answer")]
