"""The course shipped in lessons/ loads clean and every quiz can be passed with its own answer key."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from builders import quiz_form

from course.content.loader import load_course
from course.content.scoring import normalise
from course.db import database
from course.models import QuizAttempt

LESSONS = Path(__file__).resolve().parent.parent / "lessons"
SHIPPED = load_course(LESSONS)
QUIZ_LESSONS = [lesson for module in SHIPPED.modules for lesson in module.lessons if lesson.has_quiz]
LANGUAGES = SHIPPED.languages


def quiz_lessons(language: str) -> list:
    """The quiz lessons as a learner reading in this language gets them."""
    version = SHIPPED.in_language(language)
    return [lesson for module in version.modules for lesson in module.lessons if lesson.has_quiz]


@pytest.fixture
def lessons_dir() -> Path:
    """The app fixtures serve the shipped course here, not the test fixture course."""
    return LESSONS


def test_shipped_course_is_clean_and_complete():
    assert SHIPPED.errors == ()
    assert SHIPPED.warnings == (), "every file has its English translation"
    assert LANGUAGES == ("de", "en")
    assert 5 <= len(SHIPPED.modules) <= 7
    assert all(3 <= len(module.lessons) <= 7 for module in SHIPPED.modules)  # up to five lessons, two exercises, a check
    assert all(any(lesson.has_quiz for lesson in module.lessons) for module in SHIPPED.modules)
    kinds = {q.kind for lesson in QUIZ_LESSONS for q in lesson.questions}
    assert kinds == {"single", "multiple", "truefalse", "gap"}
    assert SHIPPED.question_count >= 45
    assert any(module.mandatory for module in SHIPPED.modules)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_wrong_answer_has_feedback_and_every_question_an_explanation(language):
    for lesson in quiz_lessons(language):
        for q in lesson.questions:
            assert q.explanation_html, f"{lesson.path}:{q.line} has no explanation"
            for option in q.options:
                if not option.correct:
                    assert option.feedback_html, f"{lesson.path}:{q.line}: '{option.text}' has no feedback"


def submit(client, lesson, data):
    path = f"/learn/{lesson.module_id}/{lesson.id}"
    html = client.get(path).get_data(as_text=True)
    token = re.search(r'name="attempt" value="([^"]+)"', html).group(1)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    result = client.post(f"{path}/quiz", data={"attempt": token, "csrf_token": csrf, **data})
    assert result.status_code == 302, result.get_data(as_text=True)[:500]
    return client.get(result.location).get_data(as_text=True)


def last_attempt(app, lesson) -> QuizAttempt:
    with app.app_context(), database.connection_context():
        return (QuizAttempt.select().where(QuizAttempt.module_id == lesson.module_id, QuizAttempt.lesson_id == lesson.id)
                .order_by(QuizAttempt.id.desc()).get())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_quiz_passes_at_100_percent_with_its_answer_key(app, make_user, auth, language):
    """A learner reading in this language passes with that language's answer key (its gap answers too)."""
    make_user("admin@example.com", role="admin")
    make_user(language=language)
    auth.login()
    client = auth.client
    for lesson in quiz_lessons(language):
        assert lesson.language == language, lesson.path
        page = submit(client, lesson, quiz_form(lesson))
        attempt = last_attempt(app, lesson)
        assert {"de": "100\u00a0%", "en": "100%"}[language] in page and attempt.passed and attempt.score_percent == 100, lesson.path


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_wrong_answer_fails_exactly_where_the_pass_mark_says(app, make_user, auth, language):
    make_user("admin@example.com", role="admin")
    make_user(language=language)
    auth.login()
    for lesson in quiz_lessons(language):
        total = len(lesson.questions)
        expected_pass = 100 * (total - 1) / total >= lesson.settings.pass_percent
        submit(auth.client, lesson, quiz_form(lesson, wrong_at=0))
        assert last_attempt(app, lesson).passed == expected_pass, lesson.path


@pytest.mark.parametrize(("language", "spellings"), [
    ("de", ["9 Uhr", "9", "9:00", "09:00", "9.00", "09.00", "neun Uhr", "9 UHR"]),
    ("en", ["9:00", "9", "09:00", "9 am", "9am", "nine", "9 o'clock"]),
])
def test_gaps_take_every_sensible_spelling(language, spellings):
    check = next(m for m in SHIPPED.in_language(language).modules if m.id == "why-social-media").lesson("knowledge-check")
    gap = next(q for q in check.questions if q.key == "recall-response-time")
    accepted = {normalise(a) for a in gap.gaps[0]}
    assert [s for s in spellings if normalise(s) not in accepted] == []


def test_the_weights_issue_15_asks_for():
    privacy, guidelines = SHIPPED.module("privacy-and-security"), SHIPPED.module("guidelines")
    check = privacy.lesson("knowledge-check")
    assert privacy.mandatory and check.settings.pass_percent == 80 and check.settings.show_correct == "after_pass"
    assert guidelines.mandatory and guidelines.recertify_months == 12


@pytest.mark.parametrize("language", LANGUAGES)
def test_everyone_confirms_the_guidelines_in_their_language(language):
    """Issue 15: the guidelines module asks for an acknowledgement (issue 16's confirm:)."""
    guidelines = SHIPPED.in_language(language).module("guidelines")
    confirming = [lesson for lesson in guidelines.lessons if lesson.asks_confirmation]
    assert [lesson.id for lesson in confirming] == ["when-unsure"]
    assert ("Leitlinien" if language == "de" else "guidelines") in confirming[0].confirm


def test_every_image_exists_and_is_served(make_user, auth):
    make_user("admin@example.com", role="admin")
    make_user()
    auth.login()
    html = SHIPPED.welcome_html + "".join(
        module.intro_html + "".join(lesson.html for lesson in module.lessons) for module in SHIPPED.modules
    )
    sources = re.findall(r'<img [^>]*src="([^"]*)"', html)
    assert len(sources) >= 3
    for src in sources:
        assert src.startswith("/media/"), src
        with auth.client.get(src) as response:
            assert response.status_code == 200, src


def test_dashboard_shows_the_whole_course(make_user, auth):
    make_user("admin@example.com", role="admin")
    make_user()
    auth.login()
    html = auth.client.get("/").get_data(as_text=True)
    for module in SHIPPED.modules:
        assert f'href="/learn/{module.id}"' in html


def test_no_shipped_quiz_lets_a_retake_copy_the_last_result():
    """A check that allows another attempt must not show the correct answers before a pass (issue 13)."""
    copyable = [lesson.path for lesson in QUIZ_LESSONS
                if lesson.settings.show_correct == "after_submit" and lesson.settings.max_attempts != 1]
    assert copyable == []


def test_every_shipped_module_has_a_short_title_for_the_matrix():
    assert all(module.short_title and len(module.short_title) <= 24 for module in SHIPPED.modules)
