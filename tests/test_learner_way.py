"""The learner's way through the course (issue 13): the next step first, errors where they are, a way on."""

from __future__ import annotations

import re

from builders import open_quiz, quiz_form
from conftest import csrf_token
from test_certificate import finish_basics
from test_learn import answers_for

from course.domain import attempts, wayforward


def test_first_visit_shows_the_welcome_then_start(client, learner):
    html = client.get("/").get_data(as_text=True)
    assert "Welcome to the <strong>fixture</strong> course." in html and "<details" not in html
    assert "Start: Welcome" in html


def test_a_returning_learner_gets_continue_and_progress_first_and_the_welcome_folded(client, learner):
    client.post("/learn/basics/welcome/done", data={"csrf_token": csrf_token(client, "/learn/basics/welcome")})
    html = client.get("/").get_data(as_text=True)
    assert html.index('id="continue"') < html.index('id="about-course"') < html.index("Welcome to the <strong>")
    assert re.search(r'<details class="about" id="about-course">\s*<summary>', html)  # folded: no "open"
    assert "Continue: First check" in html
    assert 'id="course-progress" max="4" value="1"' in html and "1 of 4 lessons of the course done" in html
    assert "certificate-ready" not in html


def test_the_dashboard_and_the_result_say_when_the_certificate_is_ready(client, learner, course):
    client.post("/learn/basics/welcome/done", data={"csrf_token": csrf_token(client, "/learn/basics/welcome")})
    token, csrf, _ = open_quiz(client, "/learn/basics/quiz")
    result = client.post("/learn/basics/quiz/quiz", data={"attempt": token, "csrf_token": csrf,
                                                         **answers_for(course.lesson("basics", "quiz"))})
    page = client.get(result.location).get_data(as_text=True)
    assert 'id="certificate-ready"' in page and 'href="/certificate"' in page
    assert 'id="certificate-ready"' in client.get("/").get_data(as_text=True)


def test_a_shuffled_quiz_numbers_and_marks_its_gaps_as_shown(client, learner, course, lessons_dir, app):
    quiz_file = lessons_dir / "01-basics" / "02-quiz.md"
    quiz_file.write_text(quiz_file.read_text().replace("max_attempts: 3", "max_attempts: 3\n  shuffle: true"))
    lesson = app.extensions["kurs_catalog"].course().lesson("basics", "quiz")
    assert lesson.settings.shuffle
    token, csrf, _ = open_quiz(client, "/learn/basics/quiz")
    shown = [q for q, _ in attempts.ordered_questions(lesson, token)]
    form = quiz_form(lesson)
    # leave out the question shown last, whatever its place in the file
    last = shown[-1]
    form = {name: value for name, value in form.items() if not name.startswith(f"q-{last.key}")}
    file_number = [q.key for q in lesson.questions].index(last.key) + 1
    n = len(shown)
    page = client.post("/learn/basics/quiz/quiz", data={"attempt": token, "csrf_token": csrf, **form})
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    wording = "has an empty gap" if last.kind == "gap" else "has no answer"
    assert f'<a href="#question-{n}">Question {n} {wording}.</a>' in html
    if file_number != n:
        assert f"Question {file_number} {wording}" not in html
    fieldset = re.search(rf'<fieldset class="question invalid" id="question-{n}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in fieldset and f'aria-describedby="problem-{n} prompt-{n}"' in fieldset
    assert f'<p class="field-problem" id="problem-{n}">Question {n} {wording}.</p>' in html
    block = html[html.index(f'id="question-{n}"'):]
    first_input = re.search(r"<input [^>]*>", block).group(0)
    assert "autofocus" in first_input and f'aria-describedby="problem-{n}"' in first_input
    assert html.count("autofocus") == 1 and html.count('class="question invalid"') == 1


def test_a_passed_quiz_offers_the_next_module_everywhere_the_step_ends(client, learner, course):
    finish_basics(client, course)
    attempt_page = client.get("/history").get_data(as_text=True)
    result = re.search(r'href="(/attempts/\d+)"', attempt_page).group(1)
    html = client.get(result).get_data(as_text=True)
    assert re.search(r'id="continue" href="/learn/advanced/reading">\s*Next module: Advanced</a>', html)
    assert "Back to the module" in html
    lesson_page = client.get("/learn/basics/quiz").get_data(as_text=True)
    assert re.search(r'id="next-lesson" href="/learn/advanced/reading">\s*Next module: Advanced →', lesson_page)
    module_page = client.get("/learn/basics").get_data(as_text=True)
    assert re.search(r'id="continue" href="/learn/advanced">\s*Next module: Advanced</a>', module_page)


def test_the_module_page_continues_with_its_first_open_lesson(client, learner):
    assert re.search(r'id="continue" href="/learn/basics/welcome">\s*Start: Welcome', client.get("/learn/basics").get_data(as_text=True))
    client.post("/learn/basics/welcome/done", data={"csrf_token": csrf_token(client, "/learn/basics/welcome")})
    assert re.search(r'id="continue" href="/learn/basics/quiz">\s*Continue: First check',
                     client.get("/learn/basics").get_data(as_text=True))


def test_lesson_after_crosses_modules_and_ends(course):
    assert wayforward.lesson_after(course, "basics", "welcome").lesson.id == "quiz"
    step = wayforward.lesson_after(course, "basics", "quiz")
    assert (step.module.id, step.lesson.id) == ("advanced", "reading")
    assert wayforward.lesson_after(course, "advanced", "final") is None
    assert wayforward.module_after(course, "advanced") is None


def test_the_result_lists_multiple_answers_and_keeps_percent_together(client, learner, course):
    lesson = course.lesson("basics", "quiz")
    token, csrf, _ = open_quiz(client, "/learn/basics/quiz")
    form = answers_for(lesson)
    form["q-" + lesson.questions[1].key] = [o.key for o in lesson.questions[1].options]  # all three: wrong
    result = client.post("/learn/basics/quiz/quiz", data={"attempt": token, "csrf_token": csrf, **form})
    html = client.get(result.location).get_data(as_text=True)
    assert re.search(r'<ul class="answers-given"><li><strong>Order number</strong></li><li><strong>Phone number</strong>'
                     r"</li><li><strong>First name</strong></li></ul>", html)
    assert "75%" in html and "75 %" not in html  # English: 75%; German: 75\u00a0% (tests/test_formats.py)
