"""A company of N people for the growth benchmark: bulk inserts, generated once per size and kept.

Each person has opened the first 0-20 lessons of the 50-lesson course (10 on average, most of them
completed), one or two attempts at each quiz among them with an answer per question, and the
departments and one person in 37 have assignments (half of them overdue). The same people, in the
same proportions, at every size: a report that reads 10x the rows should take about 10x the time.
"""

from __future__ import annotations

import random
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from bench.data import DEPARTMENTS, make_database
from course.content.scoring import encode_positions
from course.content.values import Course
from course.models import name_key

TRAINER_EMAIL = "trainer@example.com"
BATCH = 20_000


def make_company(path: Path, course: Course, people: int, seed: int = 19) -> None:
    """Write a fresh database of `people` learners and a trainer with their progress and attempts."""
    make_database(path)
    rng = random.Random(seed)
    lessons = [(m.id, x) for m in course.modules for x in m.lessons]
    now = datetime(2025, 6, 1)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous = OFF")  # generated data: a crash means generating it again
    conn.execute("PRAGMA cache_size = -200000")
    with conn:
        conn.execute('INSERT INTO "user" (email, name, sort_name, department, role, password_hash, active,'
                     " session_version, created_at) VALUES (?, 'Trainer', 'trainer', 'Board', 'trainer', '', 1, 1, ?)",
                     (TRAINER_EMAIL, now))
        conn.executemany(
            'INSERT INTO "user" (email, name, sort_name, department, role, password_hash, active, session_version,'
            " created_at) VALUES (?, ?, ?, ?, 'learner', '', ?, 1, ?)",
            ((f"person{i}@example.com", name, name_key(name), DEPARTMENTS[i % len(DEPARTMENTS)], int(i % 50 != 0), now)
             for i in range(people) for name in (_name(rng, i),)),
        )
        ids = [row[0] for row in conn.execute("SELECT id FROM \"user\" WHERE role = 'learner' ORDER BY id")]
        progress, attempts = [], []
        for uid in ids:
            opened = rng.randint(0, 20)
            for n, (module_id, lesson) in enumerate(lessons[:opened]):
                started = now + timedelta(minutes=rng.randint(0, 60 * 24 * 90))
                done = n < opened - 1 or rng.random() < 0.5
                progress.append((uid, module_id, lesson.id, started, started + timedelta(minutes=9) if done else None))
                if lesson.has_quiz:
                    attempts += [(uid, module_id, lesson, started + timedelta(minutes=5 + k)) for k in range(rng.randint(1, 2))]
            if len(progress) >= BATCH:
                _progress(conn, progress)
        _progress(conn, progress)
        _attempts(conn, rng, attempts)
        _assignments(conn, course, ids)
    conn.close()


SURNAMES = ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
            "Özdemir", "Koch", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun")
GIVEN = ("Anna", "Ben", "Clara", "David", "Emma", "Felix", "Greta", "Hannah", "Jonas", "Lena", "Lukas", "Mia", "Noah")


def _name(rng: random.Random, i: int) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)} {i}"


def _progress(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    conn.executemany("INSERT INTO lesson_progress (user_id, module_id, lesson_id, started_at, completed_at)"
                     " VALUES (?, ?, ?, ?, ?)", rows)
    rows.clear()


def _attempts(conn: sqlite3.Connection, rng: random.Random, attempts: list[tuple]) -> None:
    """Insert the submitted attempts with one response per question, half of the answers right."""
    first = (conn.execute("SELECT coalesce(max(id), 0) FROM quiz_attempt").fetchone()[0]) + 1
    rows, responses = [], []
    for n, (uid, module_id, lesson, submitted) in enumerate(attempts):
        right = [rng.random() < 0.6 for _ in lesson.questions]
        raw = sum(right)
        rows.append((uid, module_id, lesson.id, f"t{n}", lesson.content_hash, submitted - timedelta(minutes=3), submitted,
                     raw, len(right), 100.0 * raw / len(right), raw >= 3))
        for position, (question, ok) in enumerate(zip(lesson.questions, right, strict=True)):
            chosen = [o for o in question.options if o.correct == ok] or list(question.options[:1])
            picked = frozenset(o.key for o in chosen[:1]) if question.options else frozenset()
            given = "; ".join(o.text for o in question.options if o.key in picked) or ("24" if ok else "12")
            responses.append((first + n, position, question.key, question.kind, question.text, given,
                              encode_positions(picked) if question.options else None, int(ok)))
    conn.executemany(
        "INSERT INTO quiz_attempt (user_id, module_id, lesson_id, token, content_hash, started_at, submitted_at,"
        " score_raw, score_max, score_percent, passed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.executemany(
        "INSERT INTO question_response (attempt_id, position, question_key, question_kind, question_text, answer_given,"
        " answer_positions, right) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", responses)


def _assignments(conn: sqlite3.Connection, course: Course, ids: list[int]) -> None:
    modules = [m.id for m in course.modules]
    conn.executemany(
        "INSERT INTO assignment (module_id, department, assigned_at, due_at) VALUES (?, ?, '2025-01-01', ?)",
        [(modules[i % len(modules)], d, "2025-03-01" if i % 2 else "2030-01-01") for i, d in enumerate(DEPARTMENTS)],
    )
    conn.executemany(  # a personal assignment beats the department's
        "INSERT INTO assignment (module_id, user_id, assigned_at, due_at) VALUES (?, ?, '2025-01-01', ?)",
        [(modules[i % len(modules)], uid, "2025-02-01" if i % 3 else None) for i, uid in enumerate(ids[5::37])],
    )
