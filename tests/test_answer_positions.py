"""Responses record chosen answers by position: feedback, wording and item analysis never split text."""

from __future__ import annotations

import csv
import io
import re

import builders
from builders import open_quiz

from course.content.quiz import chosen_options, parse_question
from course.content.scoring import legacy_positions
from course.db import database
from course.models import QuestionResponse, QuizAttempt
from course.reports import item_analysis

SEMICOLON_LESSON = """---
title: Semicolons
---
Read this.

<quiz>
What does this print?

```python
print("a")
print("b")
```

- [x] Yes; always
> Feedback of the first answer.
- [ ] always
> Feedback of the second answer.
- [ ] never
</quiz>
"""


def write_lesson(lessons_dir, text=SEMICOLON_LESSON):
    (lessons_dir / "01-basics" / "05-semicolons.md").write_text(text, encoding="utf-8")


def question(text=SEMICOLON_LESSON):
    body = text.split("<quiz>\n", 1)[1].split("</quiz>", 1)[0]
    errors = []
    q = parse_question(1, list(enumerate(body.strip("\n").split("\n"), 2)), "x.md", errors)
    assert not errors
    return q


def submit(client, options: list[str]):
    token, csrf, html = open_quiz(client, "/learn/basics/semicolons")
    q = question()
    response = client.post("/learn/basics/semicolons/quiz", data={"csrf_token": csrf, "attempt": token, f"q-{q.key}": options})
    assert response.status_code == 302
    return client.get(response.location).get_data(as_text=True)


def test_a_response_stores_the_chosen_positions(client, learner, app, lessons_dir):
    write_lesson(lessons_dir)
    submit(client, ["0"])
    with app.app_context(), database.connection_context():
        row = QuestionResponse.get()
        assert (row.answer_positions, row.answer_given, row.right) == ("0", "Yes; always", True)


def test_feedback_of_an_answer_containing_a_semicolon_is_its_own(client, learner, lessons_dir):
    write_lesson(lessons_dir)
    html = submit(client, ["0"])
    assert "Feedback of the first answer." in html
    # splitting "Yes; always" on "; " would have found the second answer's feedback
    assert "Feedback of the second answer." not in html


def test_the_result_shows_the_question_with_its_code_block(client, learner, lessons_dir):
    write_lesson(lessons_dir)
    html = submit(client, ["1"])
    block = html[html.index('<div class="language-python highlight">'):]
    code = re.sub(r"<[^>]+>", "", block[: block.index("</pre>")])
    assert code == 'print("a")\nprint("b")\n'  # a block, line by line


def test_stored_question_text_keeps_its_code_lines():
    assert question().text == 'What does this print?\nprint("a")\nprint("b")'


def test_a_changed_lesson_shows_the_stored_text_with_its_lines(client, learner, lessons_dir, app):
    write_lesson(lessons_dir)
    submit(client, ["2"])
    write_lesson(lessons_dir, SEMICOLON_LESSON.replace("Read this.", "Read this again."))
    app.extensions["kurs_catalog"].refresh()
    with app.app_context(), database.connection_context():
        attempt_id = QuizAttempt.get().id
    html = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert '<p class="question-text stored-text">What does this print?\nprint(&#34;a&#34;)\nprint(&#34;b&#34;)</p>' in html


def test_the_answers_csv_keeps_the_code_lines(client, learner, lessons_dir, app, make_user, auth):
    write_lesson(lessons_dir)
    submit(client, ["2"])
    make_user("trainer@example.com", role="trainer")
    auth.logout()
    auth.login("trainer@example.com")
    text = client.get(f"/train/reports/people/{learner.id}/answers.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";" if text.count(";") > text.count(",") else ","))
    assert any(cell == 'What does this print?\nprint("a")\nprint("b")' for row in rows for cell in row), rows


def test_legacy_rows_are_matched_by_their_whole_text():
    q = question()
    assert legacy_positions(q, "Yes; always") == (0,)
    assert legacy_positions(q, "always; never") == (1, 2)
    assert legacy_positions(q, "Yes; always; never") == (0, 2)
    assert legacy_positions(q, "Yes") is None  # not an answer of this question
    assert [o.text for o in chosen_options(q, None, "Yes; always")] == ["Yes; always"]
    assert [o.text for o in chosen_options(q, "1,2", "whatever was stored")] == ["always", "never"]
    assert chosen_options(q, "7", "") is None  # a position the question no longer has


def test_a_legacy_row_on_the_result_page_finds_its_own_feedback(client, learner, lessons_dir, app):
    write_lesson(lessons_dir)
    submit(client, ["0"])
    with app.app_context(), database.connection_context():
        QuestionResponse.update(answer_positions=None).execute()  # as stored before migration 0007
        attempt_id = QuizAttempt.get().id
    html = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    assert "Feedback of the first answer." in html and "Feedback of the second answer." not in html


def test_item_analysis_counts_wrong_answers_by_position(app, lessons_dir):
    write_lesson(lessons_dir)
    course = app.extensions["kurs_catalog"].refresh()
    q = course.lesson("basics", "semicolons").questions[0]
    with app.app_context(), database.connection_context():
        for n, (given, positions) in enumerate([("always", "1"), ("allways", "1"), ("old spelling", "1"), ("never", "2"),
                                                ("never", None), ("always", None)]):
            user = builders.person(f"p{n}@example.com")
            row = builders.attempt(user, "basics", "semicolons", builders.ago(1), [(q.key, q.text, given, False)])
            QuestionResponse.update(answer_positions=positions).where(QuestionResponse.attempt == row).execute()
        analysis = item_analysis(course, "basics", "semicolons")
    row = analysis.rows[0]
    # three stored "1" and one legacy "always": four times the second answer, in today's wording
    assert (row.top_wrong, row.top_wrong_count) == ("always", 4)
