"""The templates' url_for remembers links; it must give exactly what Flask's url_for gives."""

from __future__ import annotations

from flask import url_for

from course.web import templating


def test_remembered_links_equal_flasks_and_are_built_once(app, monkeypatch):
    link = templating.remembered_url_for(app)
    built = []
    real = templating.url_for
    monkeypatch.setattr(templating, "url_for", lambda endpoint, **values: built.append(endpoint) or real(endpoint, **values))
    with app.test_request_context("/"):
        for _ in range(3):
            assert link("learn.lesson", module_id="basics", lesson_id="welcome") == url_for(
                "learn.lesson", module_id="basics", lesson_id="welcome")
            assert link("static", filename="kurs.css") == url_for("static", filename="kurs.css")
        assert link("learn.lesson", module_id="advanced", lesson_id="final") == "/learn/advanced/final"
        assert link("train.report_matrix", department=["a", "b"]) == url_for("train.report_matrix", department=["a", "b"])
    assert built.count("learn.lesson") == 2 and built.count("static") == 1


def test_remembered_links_are_bounded(app, monkeypatch):
    monkeypatch.setattr(templating, "LINKS_REMEMBERED", 2)
    link = templating.remembered_url_for(app)
    with app.test_request_context("/"):
        urls = [link("train.report_matrix", page=n) for n in range(5)]
    assert urls == [f"/train/reports/matrix?page={n}" for n in range(5)]
