"""Certificates that can be checked: the PDF with its code, and /verify/<code> showing only what it may."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader

from course.db import database
from course.domain import verification
from course.models import Certificate, LessonProgress, User, utcnow


def complete_everything(app, course, user, when=None):
    """Mark every lesson of every module completed (quiz lessons too: the standing counts lessons)."""
    when = when or utcnow() - timedelta(days=1)
    with app.app_context(), database.connection_context():
        for module in course.modules:
            for lesson in module.lessons:
                LessonProgress.create(user=user.id, module_id=module.id, lesson_id=lesson.id, started_at=when,
                                      completed_at=when)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def done(app, course, learner):
    complete_everything(app, course, learner)
    return learner


def test_the_pdf_opens_and_shows_name_course_company_and_code(app, client, done, lessons_dir):
    response = client.get("/certificate.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    with app.app_context(), database.connection_context():
        code = Certificate.get(Certificate.user == done.id).code
    assert verification.shown(code) in text and "Learner" in text and "Fixture course" in text
    assert f"/verify/{code}" in text.replace("\n", "")
    assert response.headers["Content-Disposition"].endswith(f'certificate-{verification.shown(code)}.pdf"')
    again = client.get("/certificate.pdf")  # the same completion keeps its code
    assert verification.shown(code) in pdf_text(again.data)
    with app.app_context(), database.connection_context():
        assert Certificate.select().count() == 1


def test_the_pdf_is_written_in_the_persons_language_with_the_company(make_app, app, client, done, lessons_dir):
    course_md = lessons_dir / "course.md"
    course_md.write_text(course_md.read_text().replace("title: Fixture course", "title: Fixture course\ncompany: Nordwind Telekom GmbH"))
    app.extensions["kurs_catalog"].refresh()
    with app.app_context(), database.connection_context():
        User.update(language="de", name="Łucja Öztürk").where(User.id == done.id).execute()
    text = pdf_text(client.get("/certificate.pdf").data)
    assert "Nordwind Telekom GmbH" in text and "Łucja Öztürk" in text
    assert "Zertifikat" in text and "Prüfcode" in text


def test_an_open_course_has_no_pdf(client, learner):
    assert client.get("/certificate.pdf").status_code == 404


def test_the_certificate_page_shows_the_code_and_where_to_check_it(app, client, done):
    html = client.get("/certificate").get_data(as_text=True)
    with app.app_context(), database.connection_context():
        code = Certificate.get(Certificate.user == done.id).code
    assert verification.shown(code) in html and f"/verify/{code}" in html and "id=\"certificate-pdf\"" in html


def test_verify_shows_only_name_course_date_and_validity_without_sign_in(app, client, done, auth):
    client.get("/certificate")
    with app.app_context(), database.connection_context():
        code = Certificate.get(Certificate.user == done.id).code
    auth.logout()
    response = client.get(f"/verify/{verification.shown(code).lower()}")  # as typed off paper
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "Learner" in html and "Fixture course" in html and "Valid" in html
    assert "learner@example.com" not in html and "Service" not in html  # no email, no department
    assert response.headers["X-Robots-Tag"] == "noindex"


def test_a_forged_altered_unknown_or_revoked_code_shows_nothing(app, client, done, auth):
    client.get("/certificate")
    with app.app_context(), database.connection_context():
        certificate = Certificate.get(Certificate.user == done.id)
    code = certificate.code
    altered = code[:-1] + ("0" if code[-1] != "0" else "1")
    auth.logout()
    client.get("/verify/")  # shows the "signed out" message
    nothing = client.get("/verify/" + "0" * 20).get_data(as_text=True)
    for forged in (altered, verification.new_code(), "not-a-code", code + "0", "%27%20OR%201=1"):
        response = client.get(f"/verify/{forged}")
        assert response.status_code == 404 and response.get_data(as_text=True) == nothing
        assert "Learner" not in response.get_data(as_text=True)
    with app.app_context(), database.connection_context():
        assert verification.revoke(certificate.id)
    assert client.get(f"/verify/{code}").status_code == 404


def test_codes_are_unguessable_and_forgiving_to_type():
    codes = {verification.new_code() for _ in range(2000)}
    assert len(codes) == 2000 and all(re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{20}", c) for c in codes)
    code = "0123456789ABCDEFGHJK"
    assert verification.normalised("o123-4567 89ab-cdef-ghjk") == code
    assert verification.normalised("0123-4567-89AB-CDEF-GHJ") is None  # one short
    assert verification.normalised("0123456789ABCDEFGHJU") is None  # U is no code letter


def test_an_expired_certificate_says_so(app, client, done, auth):
    client.get("/certificate")
    with app.app_context(), database.connection_context():
        Certificate.update(valid_until=utcnow() - timedelta(days=1)).execute()
        code = Certificate.get().code
    auth.logout()
    assert "Expired on" in client.get(f"/verify/{code}").get_data(as_text=True)


def test_an_admin_revokes_a_certificate_from_the_persons_page(app, client, done, auth, make_user):
    from conftest import csrf_token

    client.get("/certificate")
    with app.app_context(), database.connection_context():
        certificate = Certificate.get(Certificate.user == done.id)
    auth.logout()
    make_user("boss@example.com", role="admin")
    auth.login("boss@example.com")
    page = client.get(f"/people/{done.id}").get_data(as_text=True)
    assert verification.shown(certificate.code) in page
    client.post(f"/people/certificates/{certificate.id}/revoke", data={"csrf_token": csrf_token(client, "/people/")})
    assert "Revoked on" in client.get(f"/people/{done.id}").get_data(as_text=True)
    assert client.get(f"/verify/{certificate.code}").status_code == 404
    auth.logout()
    auth.login()
    assert client.get("/certificate.pdf").status_code == 404
    assert 'id="certificate-revoked"' in client.get("/certificate").get_data(as_text=True)
