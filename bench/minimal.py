"""The minimal equivalents of Kurs's lesson page and quiz submission: the same work, nothing else.

The honest baseline for Kurs is not hello world but a small Flask app that does exactly what the
page and the submission must do (issue 19): Flask's signed session, Flask-WTF's CSRF token, the
signed-in person's row and the lesson progress through sqlite3 with Kurs's pragmas, the same page
with the same links and security headers; for the quiz, CSRF checked, the person read, the attempt,
its answers and the progress written in one BEGIN IMMEDIATE transaction. gunicorn loads it as
`bench.minimal:app()`; it reads the cookies Kurs signs (same secret, same cookie name).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

from flask import Flask, Response, abort, g, redirect, render_template, request, session, url_for
from flask_wtf.csrf import CSRFProtect

from bench.apps import immediate, sqlite_connections
from course.web.security import HEADERS

PAGE = """<!doctype html>
<html lang="de">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{{ lesson.title }} · Kurs</title>
  <link rel="stylesheet" href="{{ url_for('static', filename='kurs.css') }}">
  <link rel="stylesheet" href="{{ url_for('static', filename='pygments.css') }}">
  <link rel="icon" href="{{ url_for('static', filename='favicon.svg') }}" type="image/svg+xml">
</head>
<body class="">
  <a class="skip" href="#main">Zum Inhalt springen</a>
  <header class="site">
    <a class="brand" href="{{ url_for('index') }}">Kurs</a>
    <nav aria-label="Hauptmenü">
      <a href="{{ url_for('index') }}" aria-current="page">Übersicht</a>
      <a href="{{ url_for('history') }}">Mein Verlauf</a>
      <a href="{{ url_for('settings') }}" id="nav-settings">Meine Einstellungen</a>
    </nav>
    <form class="signout" method="post" action="{{ url_for('logout') }}">
      <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
      <span class="who">{{ user[1] }}</span>
      <button type="submit" class="link">Abmelden</button>
    </form>
  </header>
  <main id="main">
<nav class="crumbs" aria-label="Pfadnavigation">
  <a href="{{ url_for('index') }}">Übersicht</a> ›
  <a href="{{ url_for('module', module_id=module_id) }}">{{ module_title }}</a> ›
  Lektion {{ position }} von {{ count }}
</nav>
<article class="lesson">
  <header>
    <h1>{{ lesson.title }}</h1>
    <p class="hint">{{ lesson.minutes }} Min.</p>
  </header>
  <div class="prose">{{ lesson.html|safe }}</div>
</article>
<nav class="pager" aria-label="Lektionen">
  <span></span>
  <form method="post" action="{{ url_for('done', module_id=module_id, lesson_id=lesson.id) }}">
    <input type="hidden" name="csrf_token" value="{{ csrf_token() }}">
    <button type="submit" class="primary" id="mark-done">Erledigt – weiter →</button>
  </form>
</nav>
  </main>
</body>
</html>"""

USER = 'SELECT id, name, active, session_version FROM "user" WHERE id = ? LIMIT 1'
PROGRESS = "SELECT completed_at FROM lesson_progress WHERE user_id = ? AND module_id = ? AND lesson_id = ? LIMIT 1"
STARTED = ("INSERT INTO lesson_progress (user_id, module_id, lesson_id, started_at) VALUES (?, ?, ?, ?)"
           " ON CONFLICT (user_id, module_id, lesson_id) DO NOTHING")
COMPLETED = ("INSERT INTO lesson_progress (user_id, module_id, lesson_id, started_at, completed_at) VALUES (?, ?, ?, ?, ?)"
             " ON CONFLICT (user_id, module_id, lesson_id) DO UPDATE SET completed_at = coalesce(completed_at, excluded.completed_at)")
ATTEMPT = "SELECT id, submitted_at FROM quiz_attempt WHERE token = ? AND user_id = ? AND module_id = ? AND lesson_id = ?"
SUBMIT = ("UPDATE quiz_attempt SET submitted_at = ?, content_hash = ?, score_raw = ?, score_max = ?, score_percent = ?,"
          " passed = ? WHERE id = ? AND submitted_at IS NULL")
RESPONSE = ("INSERT INTO question_response (attempt_id, position, question_key, question_kind, question_text, answer_given,"
            " answer_positions, right) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")


def app() -> Flask:
    """Return the minimal app for the lesson BENCH_MINIMAL_LESSON ("module/lesson") of Kurs's course.

    The lesson's text and questions come from Kurs's render cache once, at start, as Kurs keeps them.
    """
    from course.content.catalog import Catalog

    minimal = Flask("minimal", static_folder=os.path.join(os.path.dirname(__file__), "..", "course", "static"))
    minimal.config.update(SECRET_KEY=os.environ["SECRET_KEY"], SESSION_COOKIE_NAME="kurs_session")
    CSRFProtect(minimal)
    course = Catalog(os.environ["KURS_LESSONS_DIR"], cache_dir=os.environ["BENCH_RENDER_CACHE"]).course()
    module_id, lesson_id = os.environ["BENCH_MINIMAL_LESSON"].split("/")
    mod = next(m for m in course.modules if m.id == module_id)
    lesson = course.lesson(module_id, lesson_id)
    position = [x.id for x in mod.lessons].index(lesson_id) + 1
    database = sqlite_connections(os.environ["BENCH_SQLITE_PATH"])
    template = minimal.jinja_env.from_string(PAGE)  # compiled once, as Kurs's templates are

    @minimal.before_request
    def _user() -> None:
        g.user = None
        if "uid" in session:
            row = database().execute(USER, (session["uid"],)).fetchone()
            if row is None or not row[2] or row[3] != session.get("ver"):
                abort(403)
            g.user = row

    @minimal.after_request
    def _headers(response: Response) -> Response:
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if g.get("user") is not None:
            response.headers["Cache-Control"] = "no-store"
        return response

    @minimal.get("/learn/<module_id>/<lesson_id>")
    def page(module_id: str, lesson_id: str):
        if g.user is None or (module_id, lesson_id) != (mod.id, lesson.id):
            abort(404)
        conn, key = database(), (g.user[0], mod.id, lesson.id)
        if conn.execute(PROGRESS, key).fetchone() is None:
            immediate(conn, lambda: conn.execute(STARTED, (*key, _now())))
        return render_template(template, user=g.user, lesson=lesson, module_id=mod.id, module_title=mod.title,
                                      position=position, count=len(mod.lessons))

    @minimal.post("/learn/<module_id>/<lesson_id>/quiz")
    def quiz(module_id: str, lesson_id: str):
        if g.user is None or (module_id, lesson_id) != (mod.id, lesson.id):
            abort(404)
        conn, key = database(), (g.user[0], mod.id, lesson.id)
        rows = _score(lesson.questions, request.form)
        points = sum(row[-1] for row in rows)
        percent = 100.0 * points / len(rows)
        passed = percent >= lesson.settings.pass_percent

        def record() -> int:
            attempt = conn.execute(ATTEMPT, (request.form.get("attempt", ""), *key)).fetchone()
            if attempt is None:
                abort(409)
            if attempt[1] is None:
                now = _now()
                conn.execute(SUBMIT, (now, lesson.content_hash, points, len(rows), percent, passed, attempt[0]))
                conn.executemany(RESPONSE, [(attempt[0], *row) for row in rows])
                if passed:
                    conn.execute(COMPLETED, (*key, now, now))
            return attempt[0]

        return redirect(url_for("result", attempt_id=immediate(conn, record)))

    # the routes the page links to; the benchmark never requests them
    for rule, endpoint in (("/", "index"), ("/history", "history"), ("/settings", "settings"), ("/learn/<module_id>", "module"),
                           ("/learn/result/<int:attempt_id>", "result")):
        minimal.add_url_rule(rule, endpoint, lambda **_: "")
    minimal.add_url_rule("/logout", "logout", lambda: "", methods=["POST"])
    minimal.add_url_rule("/learn/<module_id>/<lesson_id>/done", "done", lambda **_: "", methods=["POST"])
    return minimal


def _score(questions, form) -> list[tuple]:
    """Return a response row (position, key, kind, text, given, positions, right) per question."""
    rows = []
    for position, q in enumerate(questions, 1):
        if q.kind == "gap":
            given = [form.get(f"q-{q.key}-{i}", "").strip() for i in range(len(q.gaps))]
            right = all(answer.casefold() in {a.casefold() for a in accepted} for answer, accepted in zip(given, q.gaps, strict=True))
            positions = None
        else:
            chosen = set(form.getlist(f"q-{q.key}"))
            given = [o.text for o in q.options if o.key in chosen]
            right = chosen == {o.key for o in q.options if o.correct}
            positions = ",".join(str(i) for i, o in enumerate(q.options) if o.key in chosen)
        rows.append((position, q.key, q.kind, q.text, " | ".join(given), positions, right))
    return rows


def _now() -> str:
    return datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
