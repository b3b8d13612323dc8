"""Hostile content: no vector of tests/xss_vectors.py survives as executable HTML in any page or CSV.

A module whose every text is a vector (front-matter titles, lesson Markdown, questions, answers,
feedback, explanations) and people whose names and departments are vectors; then every page
the url map has, as a learner and as an admin, is parsed and checked structurally.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from conftest import PASSWORD, csrf_token
from test_authz_matrix import ARGS, client_as, routes, world  # noqa: F401 - world is a fixture
from xss_vectors import (
    CSV_VECTORS,
    IMAGE_VECTORS,
    MARKDOWN_VECTORS,
    VECTORS,
    executable_problems,
    formula_cells,
    page_text,
    write_pixel,
)

from course.db import database
from course.models import User

NAMES = [v for v in VECTORS if len(v) <= 100]


def yaml_text(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML double-quoted scalar


def hostile_lesson(n: int, vector: str) -> str:
    return f"""---
title: {yaml_text(vector)}
quiz:
  show_correct: after_submit
---
Text {n}: {vector}

{vector}

<quiz>
Question {n}: {vector}
- [x] Right {n}: {vector}
> Feedback right {n}: {vector}
- [x] Also right {n}: {vector}
- [ ] Wrong {n}: {vector}
> Feedback wrong {n}: {vector}

Explanation {n}: {vector}
</quiz>

<quiz>
Gap {n}: {vector} [[yes]]
---
Gap explanation {n}: {vector}
</quiz>
"""


def write_hostile_module(lessons_dir) -> None:
    folder = lessons_dir / "03-hostile"
    folder.mkdir()
    write_pixel(folder)
    intro = "\n\n".join(VECTORS + MARKDOWN_VECTORS)
    (folder / "module.md").write_text(f"---\ntitle: {yaml_text('Module ' + VECTORS[0])}\nsummary: {yaml_text(VECTORS[4])}\n---\n{intro}\n")
    for n, vector in enumerate(VECTORS, 1):
        (folder / f"{n:02d}-v{n:02d}.md").write_text(hostile_lesson(n, vector))
    (folder / "90-markdown.md").write_text("---\ntitle: Markdown vectors\n---\n" + "\n\n".join(MARKDOWN_VECTORS) + "\n")
    # refused by the loader; the errors (quoting the vectors) are shown to trainers
    (folder / "99-images.md").write_text(
        f"---\ntitle: {yaml_text(VECTORS[1])}\n{yaml_text(VECTORS[4])}: 1\n---\n" + "\n\n".join(IMAGE_VECTORS) + "\n"
    )
    course_md = lessons_dir / "course.md"
    course_md.write_text(re.sub(r"(?m)^title: .*$", f"title: {yaml_text('Course ' + VECTORS[2])}", course_md.read_text(), count=1))


@pytest.fixture
def hostile(lessons_dir, app, world, make_user):  # noqa: F811 - world is a fixture
    """The hostile module; the matrix's people renamed to vectors (the learner's name is a script)."""
    write_hostile_module(lessons_dir)
    with app.app_context(), database.connection_context():
        for n, user in enumerate([world.learner, world.admin, world.trainer, world.other]):
            User.update(name=NAMES[n], department=CSV_VECTORS[n]).where(User.id == user.id).execute()
    for n, name in enumerate(NAMES[4:], 4):
        make_user(f"h{n}@example.com", name=name, department=CSV_VECTORS[n % len(CSV_VECTORS)])
    make_user("formula@example.com", name=CSV_VECTORS[0][:100], department=VECTORS[4])
    return world


def hostile_course(app):
    return app.extensions["kurs_catalog"].course()


def assert_inert(html: str, where: str) -> None:
    problems = executable_problems(html)
    assert not problems, f"{where}: {problems[:5]}"


def submit_everything_wrong(client, module_id: str, lesson) -> str:
    """Answer a quiz choosing every option (wrong), so the result shows every feedback."""
    html = client.get(f"/learn/{module_id}/{lesson.id}").get_data(as_text=True)
    token = re.search(r'name="attempt" value="([^"]+)"', html).group(1)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
    data = {"csrf_token": csrf, "attempt": token}
    for q in lesson.questions:
        if q.kind == "gap":
            data[f"q-{q.key}-0"] = "no"
        else:
            data[f"q-{q.key}"] = [o.key for o in q.options]
    response = client.post(f"/learn/{module_id}/{lesson.id}/quiz", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.location


def check_learner_journey(client, module) -> None:
    """Open every hostile lesson, submit its quiz, and check each page and result."""
    pages = {"/": None, "/learn/hostile": None, "/history": None}
    for lesson in module.lessons:
        path = f"/learn/hostile/{lesson.id}"
        if lesson.questions:
            pages[submit_everything_wrong(client, "hostile", lesson)] = lesson
        html = client.get(path).get_data(as_text=True)
        assert_inert(html, path)
        assert lesson.title in page_text(html), f"{path}: the title did not arrive as text"
    for path, lesson in pages.items():
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert_inert(html, path)
        assert NAMES[0] in page_text(html), f"{path}: the learner's name is not shown as text"
        if lesson is not None:
            assert "Feedback wrong" in html and "Explanation" in html, f"{path}: feedback and explanation not shown"


def page_paths(app, people, module) -> list[str]:
    """Every GET path of the app: with its sample arguments, and with hostile modules, lessons and people."""
    # every 6th hostile lesson: templates escape alike, so a spread of vectors finds a |safe too many
    hostile_values = {"module_id": ["hostile"], "lesson_id": [lesson.id for lesson in module.lessons[::6]],
                      "user_id": [people.learner.id, people.admin.id], "person_id": [people.learner.id]}
    paths = []
    for endpoint, method, url_rule in routes(app):
        if method != "GET" or endpoint == "static" or (url_rule.arguments and endpoint not in ARGS):
            continue  # a route without sample arguments fails test_authz_matrix
        sample = ARGS.get(endpoint, lambda w: {})(people)
        variants = [sample]
        for name in url_rule.arguments & set(hostile_values):
            variants += [{**variant, name: value} for variant in variants for value in hostile_values[name]]
        for values in variants:
            with app.test_request_context():
                paths.append(app.url_for(endpoint, **values))
    return sorted(set(paths))


def check_every_page(app, client, people, module) -> tuple[int, int]:
    """Check every page (HTML structurally, CSV for formulas); return how many pages and cells."""
    pages = cells = 0
    for path in page_paths(app, people, module):
        response = client.get(path)
        if response.status_code == 200 and response.mimetype == "text/csv":
            rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"), newline="")))
            assert not formula_cells(rows), f"{path}: {formula_cells(rows)[:3]}"
            cells += sum(len(row) for row in rows)
        elif response.status_code == 200 and response.mimetype in ("text/html", "image/svg+xml"):
            assert_inert(response.get_data(as_text=True), path)
            pages += 1
        response.close()
    return pages, cells


def test_no_vector_runs_in_any_page(app, hostile):
    """One hostile course for the whole walk: loading it is the slow part."""
    course = hostile_course(app)
    module = course.module("hostile")
    # a lesson the loader refuses (an image vector it will not serve) is listed with its errors
    loaded = {lesson.id for lesson in module.lessons}
    refused = [f"{n:02d}-v{n:02d}.md" for n in range(1, len(VECTORS) + 1) if f"v{n:02d}" not in loaded]
    broken = {Path(e.path).name for e in course.errors}
    assert set(refused) <= broken and "99-images.md" in broken, (refused, broken)
    assert len(VECTORS) >= 30 and len(loaded) >= 30, loaded

    check_learner_journey(client_as(app, "learner"), module)
    ssti = next(n for n, v in enumerate(VECTORS, 1) if "{{" in v)
    text = page_text(client_as(app, "learner").get(f"/learn/hostile/v{ssti:02d}").get_data(as_text=True))
    assert "{{ 7*7 }}" in text and "{{ config }}" in text  # template code in content stays text

    for role in ("learner", "admin"):  # an admin sees every trainer page too
        pages, cells = check_every_page(app, client_as(app, role), hostile, module)
        assert pages >= 5, role
        if role == "admin" and any(".csv" in r.rule for r in app.url_map.iter_rules()):
            assert cells, "no CSV download was checked"
        print(f"{role}: {pages} pages, {cells} CSV cells checked")


REFLECTED = ("q", "department", "page", "inactive", "next", "module", "lesson", "sort")


@pytest.mark.parametrize("role", ["learner", "admin"])
def test_query_values_are_never_reflected_as_markup(app, world, role):  # noqa: F811
    """Every GET route, its query string full of vectors: a filter or search box echoes text only."""
    client = client_as(app, role)
    # out of an attribute value, and a link that survives naive filters
    vectors = [next(v for v in VECTORS if v.startswith('"><script>')), next(v for v in VECTORS if "JaVaScRiPt" in v)]
    for vector in vectors:
        query = "&".join(f"{name}={quote(vector)}" for name in REFLECTED)
        for endpoint, method, _ in routes(app):
            if method != "GET" or endpoint == "static":
                continue
            with app.test_request_context():
                path = app.url_for(endpoint, **ARGS.get(endpoint, lambda w: {})(world))
            response = client.get(f"{path}?{query}")
            assert response.status_code < 500, path
            if response.mimetype in ("text/html", "image/svg+xml"):
                assert_inert(response.get_data(as_text=True), f"{path}?{query}")
            response.close()


def test_hostile_text_typed_into_forms_is_shown_as_text(client, make_user):
    make_user("admin@example.com", role="admin")
    vector = VECTORS[4]
    response = client.post("/login", data={"email": vector, "password": PASSWORD, "csrf_token": csrf_token(client)})
    assert response.status_code == 401
    html = response.get_data(as_text=True)
    assert_inert(html, "/login")
    assert f'value="{vector}"' not in html


def test_setup_form_echoes_hostile_fields_as_text(client):
    form = {"email": VECTORS[5], "name": VECTORS[0], "department": VECTORS[4], "password": "x", "password2": "y"}
    response = client.post("/setup", data={**form, "csrf_token": csrf_token(client, "/setup")})
    assert response.status_code == 400
    assert_inert(response.get_data(as_text=True), "/setup")


# ---------------------------------------------------------------- the check itself


CAUGHT = [
    "<script>alert(1)</script>",
    "<p><img src=x onerror=alert(1)></p>",
    '<a href=" java\tscript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="DATA:text/html,x">x</a>',
    '<img srcset="a.png 1x, javascript:alert(1) 2x">',
    '<img src="https://evil.example/x.png">',
    '<iframe src="/"></iframe>',
    "<object></object>",
    "<embed>",
    '<base href="/">',
    '<meta http-equiv="refresh" content="0">',
    '<form action="https://evil.example/"></form>',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<p style="color:red">x</p>',
    "<style>p{}</style>",
    '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
    "<svg><animate onbegin=alert(1)>",
    '<button formaction="javascript:alert(1)">x</button>',
]


@pytest.mark.parametrize("html", CAUGHT)
def test_the_check_catches_what_would_run(html):
    assert executable_problems(html)


def test_the_check_passes_the_apps_own_markup():
    html = """<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/static/kurs.css">
    </head><body><form method="post" action="/logout"><input type="hidden" name="csrf_token" value="x"></form>
    <a href="/learn/x">x</a><a href="https://example.com/">out</a><img src="/media/a.png" alt=""></body></html>"""
    assert executable_problems(html) == []


# ---------------------------------------------------------------- CSV


def test_csv_cells_that_would_run_are_neutralised():
    csvout = pytest.importorskip("course.web.csvout")
    text = "".join(csvout.csv_lines(["name", "department"], [[v, "ok"] for v in CSV_VECTORS] + [["ok", v] for v in CSV_VECTORS]))
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    assert not formula_cells(rows)
    cells = [cell for row in rows[1:] for cell in row if cell != "ok"]
    assert len(cells) == 2 * len(CSV_VECTORS)
    # kept, only defused: an apostrophe in front, and after a separator inside ("\t=1+1" has both)
    assert all(cell.startswith("'") and re.sub(r"([\t\r]+)'", r"\1", cell[1:]) in CSV_VECTORS for cell in cells), cells
