"""The interface in German and in English, in a real browser: no page shows a string of the other language.

A learner's path (sign-in to a quiz result, history, certificate, settings), a trainer's reports and
an admin's CSV import are walked once per company language; each page's text is compared with the
catalog of the other language: none of its strings (the parts between placeholders) may appear.
"""

from __future__ import annotations

import other_language
import pytest
from conftest import PASSWORD
from other_language import within

from .helpers import answer_in_browser

# the company speaks each language in turn (KURS_LANGUAGE); nobody has chosen another one
pytestmark = [pytest.mark.lessons("two-languages"), pytest.mark.each_language]
WORDS_ON_PAGE = """() => {
    const body = document.body.cloneNode(true);
    body.querySelectorAll("code, pre, textarea").forEach(e => e.remove());
    return body.textContent;
}"""


@pytest.fixture(scope="module")
def foreign_texts() -> dict[str, tuple[str, ...]]:
    return other_language.foreign_texts()


class Reader:
    """Opens pages in one browser and checks each for the other language."""

    def __init__(self, page, language: str, foreign: list[str]) -> None:
        self.page, self.language, self.foreign, self.seen = page, language, foreign, []

    def check(self) -> None:
        page = self.page
        assert page.get_attribute("html", "lang") == self.language, page.url
        # code on a page (file names, CSV headers, commands) is no language of the interface
        text = " ".join(page.evaluate(WORDS_ON_PAGE).split())
        # a file name on the page ("module.md", ".../lessons/") is not a word of the interface
        found = [t for t in self.foreign if within(t, text, joiners="-/.")]
        assert not found, f"{page.url} ({self.language}) shows text of the other language: {found}"
        self.seen.append(page.url)

    def open(self, path: str) -> None:
        self.page.goto(path)
        self.check()

    def submit(self, selector: str) -> None:
        with self.page.expect_navigation():
            self.page.click(selector)
        self.check()

    def sign_in(self, email: str) -> None:
        self.open("/login")
        self.page.fill("#email", email)
        self.page.fill("#password", PASSWORD)
        self.submit("form[action='/login'] button[type=submit]")


@pytest.mark.slow
def test_every_page_speaks_the_company_language_only(open_page, make_user, language, foreign_texts, course):
    make_user("admin@example.com", role="admin", name="Ada Admin")
    make_user("tina@example.com", role="trainer", name="Tina Trainer")
    learner = make_user("lea@example.com", name="Lea Lernt", department="Service")
    browser_locale = {"de": "de-DE", "en": "en-GB"}[language]

    # the learner: sign-in, dashboard, module, a lesson, a quiz answered with one mistake, the result
    reader = Reader(open_page(locale=browser_locale), language, foreign_texts[language])
    reader.sign_in("lea@example.com")
    reader.open("/learn/grundlagen")
    reader.open("/learn/grundlagen/willkommen")
    reader.submit("#mark-done")  # on to the quiz lesson
    quiz = course.in_language(language).lesson("grundlagen", "test")
    answer_in_browser(reader.page, quiz, wrong=1)
    reader.submit("#submit-quiz")
    for path in ("/history", "/certificate", "/settings", "/no-such-page"):
        reader.open(path)

    # the trainer: every report, the item analysis, the learner's record, the content page
    trainer = Reader(open_page(locale=browser_locale), language, foreign_texts[language])
    trainer.sign_in("tina@example.com")
    for path in ("/train/reports", "/train/reports/matrix", "/train/reports/overdue", "/train/reports/items",
                 "/train/reports/items/grundlagen/test", f"/train/reports/people/{learner.id}", "/train/content"):
        trainer.open(path)

    # the admin: people, then a CSV import with one bad row, checked and confirmed
    admin = Reader(open_page(locale=browser_locale), language, foreign_texts[language])
    admin.sign_in("admin@example.com")
    admin.open("/people")
    admin.open("/people/import")
    admin.page.fill("#csv", "email,name,department,role\nneu@example.com,Neu Person,Service,learner\nkaputt,,,\n")
    admin.submit("#preview-import")
    admin.submit("#confirm-import-button")
    assert len(reader.seen) + len(trainer.seen) + len(admin.seen) >= 20
