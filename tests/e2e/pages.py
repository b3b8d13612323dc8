"""Every page of Kurs, by role, for the axe checks (tests/e2e/test_accessibility.py).

PAGES names each page a role opens (a path, with {placeholders} filled from the test's data);
tests/test_page_coverage.py holds it against app.url_map, so a page added later without an
entry here fails that fast test. NOT_PAGES names what is served but is no HTML page.
"""

from __future__ import annotations

# endpoint -> paths checked, per role (anon: signed out); placeholders come from the site's data
PAGES: dict[str, dict[str, list[str]]] = {
    "anon": {
        "auth.login": ["/login"],
        "password.link": ["/set-password/{token}"],  # leads to password.set_password, checked there
        "password.set_password": ["/set-password"],
        "verify.form": ["/verify/"],
        "verify.show": ["/verify/{code}", "/verify/UNKNOWN-CODE"],
    },
    "learner": {
        "learn.dashboard": ["/"],
        "learn.module": ["/learn/{module}"],
        "learn.lesson": ["/learn/{module}/{lesson}", "/learn/{table_module}/{table_lesson}", "/learn/{quiz_module}/{quiz}"],
        "learn.result": ["/attempts/{attempt}"],
        "learn.history": ["/history"],
        "learn.certificate": ["/certificate"],
        "settings.settings": ["/settings"],
        "errors": ["/nowhere", "/train/reports"],  # 404 and 403 pages
    },
    "graduate": {  # a learner who finished the course: the certificate ready, the verify link
        "learn.dashboard": ["/"],
        "learn.certificate": ["/certificate"],
    },
    "manager": {
        "learn.dashboard": ["/"],
        "train.report_index": ["/train/reports"],
        "train.report_matrix": ["/train/reports/matrix"],
        "train.report_overdue": ["/train/reports/overdue"],
        "train.report_items": ["/train/reports/items"],
        "train.report_item": ["/train/reports/items/{quiz_module}/{quiz}"],
        "train.report_person": ["/train/reports/people/{colleague}"],
        "review.queue": ["/train/practice/{quiz_module}/{quiz}/practice"],
        "review.reply": ["/train/replies/{reply}"],
        "review.analysis": ["/train/reports/exercises/{quiz_module}/{quiz}/practice"],
        "settings.settings": ["/settings"],
    },
    "trainer": {
        "train.content": ["/train/content"],
        "train.report_index": ["/train/reports"],
        "train.report_matrix": ["/train/reports/matrix", "/train/reports/matrix?page=2"],
        "train.report_overdue": ["/train/reports/overdue"],
        "train.report_items": ["/train/reports/items"],
        "train.report_item": ["/train/reports/items/{quiz_module}/{quiz}"],
        "train.report_person": ["/train/reports/people/{someone}", "/train/reports/people/{lena}", "/train/reports/people/{gina}"],
        "publish.edit": ["/train/content/edit/{lesson_file}"],
        "publish.history": ["/train/content/history/{lesson_file}"],
        "publish.new": ["/train/content/new"],
        "publish.upload": ["/train/content/upload"],
        "review.queue": ["/train/practice/{quiz_module}/{quiz}/practice"],
        "review.reply": ["/train/replies/{reply}"],
        "review.analysis": ["/train/reports/exercises/{quiz_module}/{quiz}/practice"],
    },
    "admin": {
        "learn.dashboard": ["/"],
        "people.index": ["/people/"],
        "people.create": ["/people/new"],
        "people.edit": ["/people/{newcomer}", "/people/{lena}", "/people/{gina}"],
        "people.import_people": ["/people/import"],
        "people.assignments": ["/people/assignments"],
        "mail.index": ["/people/mail/"],
        "settings.settings": ["/settings"],
    },
}

# checked by their own steps in test_accessibility.py: the first screen (a fresh app), and pages shown
# in answer to a form (a quiz with problems, a new person's link, bulk links, an import, a preview, errors)
STEPS = {"auth.setup"}

NOT_PAGES = {
    "static": "the app's own files",
    "learn.media": "a lesson's images",
    "certificates.pdf": "a PDF",
    "train.chart": "an SVG chart, checked inside the reports page",
    "train.report_csv": "CSV", "train.item_csv": "CSV", "train.person_csv": "CSV",
    "review.queue_csv": "CSV", "review.analysis_csv": "CSV",
}


def covered() -> set[str]:
    """Every endpoint whose page the axe checks open by its path."""
    return {endpoint for pages in PAGES.values() for endpoint in pages} | STEPS
