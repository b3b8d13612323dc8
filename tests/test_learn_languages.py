"""A learner in a two-language course: each lesson in their language, one progress record whatever the language."""

from __future__ import annotations

import pytest
from builders import open_quiz, quiz_form
from conftest import csrf_token

from course import reports
from course.db import database
from course.models import LessonProgress, QuestionResponse, QuizAttempt, User

pytestmark = pytest.mark.lessons("two-languages")
GERMAN, ENGLISH = "de", "en"
QUIZ = "/learn/grundlagen/test"


@pytest.fixture
def speak(app, learner):
    """Set the learner's language, as "My settings" does."""

    def choose(language: str | None) -> None:
        with app.app_context(), database.connection_context():
            User.update(language=language).where(User.id == learner.id).execute()

    return choose


@pytest.fixture
def page(client, speak):
    """Open a page as the learner reading in one language."""

    def read(path: str, language: str) -> str:
        speak(language)
        response = client.get(path)
        assert response.status_code == 200, path
        return response.get_data(as_text=True)

    return read


def test_each_reader_gets_the_lesson_in_their_language(client, learner, page):
    german, english = page("/learn/grundlagen/willkommen", GERMAN), page("/learn/grundlagen/willkommen", ENGLISH)
    assert '<h1 lang="de">Willkommen</h1>' in german and "Lesen Sie dies." in german and "/media/01-grundlagen/bild.svg" in german
    assert '<h1 lang="en">Welcome</h1>' in english and "Read this." in english and "/media/01-grundlagen/bild.en.svg" in english
    assert 'id="untranslated"' not in german + english
    assert "Social media at work" in page("/", ENGLISH) and "Soziale Medien im Beruf" in page("/", GERMAN)
    assert "The basics." in page("/learn/grundlagen", ENGLISH)
    with client.get("/media/01-grundlagen/bild.en.svg") as response:
        assert response.status_code == 200 and b"<text>en</text>" in response.get_data()


def test_a_reader_whose_language_the_course_lacks_reads_its_default(client, learner, lessons_dir, page):
    (lessons_dir / "course.md").write_text("---\ntitle: Kurs\nlanguages: [de, fr]\n---\n", encoding="utf-8")
    html = page("/learn/grundlagen/willkommen", ENGLISH)
    assert '<h1 lang="de">Willkommen</h1>' in html and 'id="untranslated"' not in html


def test_a_lesson_without_translation_is_shown_in_the_default_language_with_a_note(client, learner, page):
    english = page("/learn/grundlagen/nur-deutsch", ENGLISH)
    assert 'id="untranslated"' in english and "not available in English yet: it is shown in German" in english
    assert '<div class="prose" lang="de">' in english
    assert 'id="untranslated"' not in page("/learn/grundlagen/nur-deutsch", GERMAN)


def test_switching_language_keeps_progress_and_place(app, client, learner, page, speak):
    csrf = csrf_token(client, "/learn/grundlagen/willkommen")
    speak(ENGLISH)
    response = client.post("/learn/grundlagen/willkommen/done", data={"csrf_token": csrf})
    assert response.headers["Location"].endswith(QUIZ)
    page("/learn/grundlagen/willkommen", GERMAN)
    with app.app_context(), database.connection_context():
        rows = list(LessonProgress.select().where(LessonProgress.user == learner).tuples())
        assert len(rows) == 1 and rows[0][5] is not None  # one record, completed
    dashboard = page("/", GERMAN)
    assert f'href="{QUIZ}"' in dashboard  # the place: continue with the next lesson, in German now
    assert "Wissenstest" in dashboard


def test_an_attempt_begun_in_one_language_is_the_same_attempt_in_the_other(app, client, learner, course, page, speak):
    german = page(QUIZ, GERMAN)  # opens the attempt
    english = page(QUIZ, ENGLISH)
    token = german.split('name="attempt" value="')[1].split('"')[0]
    assert f'name="attempt" value="{token}"' in english
    assert 'name="language" value="en"' in english and 'name="language" value="de"' in german
    # submitted from the English form: scored by English gap answers, one attempt used in both languages
    csrf = open_quiz(client, QUIZ)[1]
    form = {**quiz_form(course.in_language("en").lesson("grundlagen", "test")), "attempt": token, "language": "en",
            "csrf_token": csrf}
    speak(GERMAN)  # switched after the English form was shown: scored as the English form it is
    assert client.post(f"{QUIZ}/quiz", data=form).status_code == 302
    with app.app_context(), database.connection_context():
        attempt = QuizAttempt.get(QuizAttempt.token == token)
        assert attempt.passed and attempt.score_raw == 4
        assert QuestionResponse.select().where(QuestionResponse.attempt == attempt).count() == 4
    assert "noch 2 Versuche" in page(QUIZ, GERMAN) and "2 attempts left" in page(QUIZ, ENGLISH)


@pytest.mark.parametrize(("language", "gap", "right"), [("en", "formal", True), ("de", "Sie", True), ("en", "Sie", False),
                                                        ("de", "formal", False)])
def test_gap_answers_are_accepted_from_the_language_answered_in(app, client, learner, course, language, gap, right):
    token, csrf, _ = open_quiz(client, QUIZ)
    lesson = course.in_language(language).lesson("grundlagen", "test")
    form = {**quiz_form(lesson), "q-" + lesson.questions[3].key + "-0": gap, "attempt": token, "language": language,
            "csrf_token": csrf}
    assert client.post(f"{QUIZ}/quiz", data=form).status_code == 302
    with app.app_context(), database.connection_context():
        assert QuizAttempt.get(QuizAttempt.token == token).score_raw == (4 if right else 3)


def test_the_content_page_shows_each_lessons_languages_and_what_is_missing(client, make_user, auth):
    make_user("trainer@example.com", role="trainer")
    auth.login("trainer@example.com")
    html = client.get("/train/content").get_data(as_text=True)
    assert 'id="course-languages">Languages: de, en (de is the default)' in html
    assert '<td class="languages">de, en</td>' in html
    assert '<td class="languages">de <span class="state">missing: en</span></td>' in html
    assert 'id="content-warnings"' in html and "03-nur-deutsch.md:1</code> no English translation yet" in html


def test_the_item_analysis_counts_each_answer_once_by_position_in_the_default_wording(
        app, client, learner, course, speak, make_user, auth):
    """One person answers in German, another in English: the same wrong answer (by position) counts twice."""
    def answer(language: str) -> None:
        token, csrf, _ = open_quiz(client, QUIZ)
        lesson = course.in_language(language).lesson("grundlagen", "test")
        form = {**quiz_form(lesson, wrong_at=0), "attempt": token, "language": language, "csrf_token": csrf}
        assert client.post(f"{QUIZ}/quiz", data=form).status_code == 302

    answer("de")
    auth.logout()
    make_user("second@example.com", language="en")
    auth.login("second@example.com")
    answer("en")
    with app.app_context(), database.connection_context():
        given = {r.answer_given for r in QuestionResponse.select().where(QuestionResponse.position == 1)}
        analysis = reports.item_analysis(course, "grundlagen", "test")
    assert given == {"Den Kommentar verbergen.", "Hide the comment."}  # each as the person saw it
    assert len(analysis.rows) == 4 and analysis.people == 2
    first = analysis.rows[0]
    assert (first.text, first.answers, first.right) == ("Was tun Sie zuerst?", 2, 0)
    assert (first.top_wrong, first.top_wrong_count) == ("Den Kommentar verbergen.", 2)
    assert [(row.answers, row.right) for row in analysis.rows[1:]] == [(2, 2)] * 3


def test_the_content_page_tells_a_translation_with_errors_from_a_missing_one(client, make_user, auth, lessons_dir):
    (lessons_dir / "01-grundlagen" / "02-test.en.md").write_text("---\ntitle: Check\nquiz:\n  shuffle: true\n---\nText.\n")
    make_user("trainer@example.com", role="trainer")
    auth.login("trainer@example.com")
    html = client.get("/train/content").get_data(as_text=True)
    assert '<td class="languages">de <span class="state state-failed">errors: en</span></td>' in html
    assert '<td class="languages">de <span class="state">missing: en</span></td>' in html
    assert "02-test.en.md:3</code> quiz: shuffle is true here but false in 02-test.md:3" in html


def test_the_note_speaks_the_readers_language(client, learner, lessons_dir, page):
    """An English course with a German version: a German reader's note names both languages in German."""
    (lessons_dir / "course.md").write_text("---\ntitle: Course\nlanguages: [en, de]\n---\n", encoding="utf-8")
    for path in lessons_dir.rglob("*.en.*"):
        path.unlink()
    html = page("/learn/grundlagen/willkommen", GERMAN)
    assert "Diese Lektion gibt es noch nicht auf Deutsch. Sie wird auf Englisch angezeigt." in html
    assert '<h1 lang="en">Willkommen</h1>' in html  # the file is the English default, whatever its words
