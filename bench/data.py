"""Generate benchmark data: a course of M lessons, and N people with progress and attempts."""

from __future__ import annotations

import random
import secrets
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

from bench.common import SECRET
from course.db import open_database
from course.migrate import apply_migrations
from course.models import name_key

DEPARTMENTS = ("Service", "Sales", "Marketing", "IT", "Finance", "HR", "Logistics", "Legal", "Production", "Board")
PARAGRAPH = (
    "When a customer writes to us in public, everyone reading sees how we answer. Lesson {n} shows "
    "how a **short, friendly and concrete** reply earns more trust than a long statement, and why "
    "we thank people for criticism before we explain anything. Keep the customer's words in mind, "
    "answer the question they asked, and say what happens next and by when."
)
QUIZ = """
<quiz>
In lesson {n}, a customer criticises us in a public post. What do you do **first**?
- [ ] Hide the comment so nobody else sees it.
> Hiding looks like censorship; screenshots last forever.
- [x] Thank them in public and offer to continue in a private message.
> Right: others see that we listen, and personal details stay private.
- [ ] Wait until the weekend is over.

The rule: react in public, solve in private.
</quiz>

<quiz>
Which details must never appear in a public reply? (Several are right.)
- [x] The customer's order number
- [x] The customer's phone number
- [ ] The first name the customer commented with
</quiz>

<quiz>
True or false: on Facebook we always address customers formally.
- [ ] True
- [x] False
</quiz>

<quiz>
We answer comments on working days within [[24|twenty-four]] hours.
---
Explanation, shown after the attempt.
</quiz>
"""


def lesson_text(n: int, quiz: bool) -> str:
    """Return a lesson of about 5 KB of Markdown (and four questions when quiz is true)."""
    parts = [f"---\ntitle: Lesson {n}, answering in public\nminutes: 8\n---\n", f"# Answering in public ({n})\n"]
    for section in range(1, 5):
        parts.append(f"## Step {section}\n")
        parts += [PARAGRAPH.format(n=n) + "\n" for _ in range(3)]
        parts.append("- Thank the writer\n- Answer the question\n- Say what happens next\n")
    parts.append("| Channel | Reply within |\n|---|---|\n| Facebook | 24 h |\n| Instagram | 24 h |\n| E-mail | 48 h |\n")
    parts.append('!!! tip "Before you post"\n    Read it aloud once. Would you say it to the customer\'s face?\n')
    parts.append(f"See [our guidelines](https://intranet.example.com/guidelines#{n}) for details.\n")
    if quiz:
        parts.append(QUIZ.format(n=n))
    return "\n".join(parts)


def make_course(root: Path, modules: int, lessons_per_module: int, quiz_every: int = 5) -> Path:
    """Write a course of modules x lessons_per_module lessons (every quiz_every-th with a quiz)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "course.md").write_text("---\ntitle: Benchmark course\n---\nWelcome to the **benchmark** course.\n")
    n = 0
    for m in range(1, modules + 1):
        folder = root / f"{m:02d}-module-{m}"
        folder.mkdir(exist_ok=True)
        (folder / "module.md").write_text(f"---\ntitle: Module {m}\nsummary: Part {m} of the course\n---\nWhat module {m} is about.\n")
        for i in range(1, lessons_per_module + 1):
            n += 1
            (folder / f"{i:02d}-lesson-{n}.md").write_text(lesson_text(n, quiz=i % quiz_every == 0))
    return root


def make_database(path: Path) -> str:
    """Create an empty Kurs database (all migrations applied) and return its DATABASE_URL."""
    path.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    db = open_database(url)
    apply_migrations(db)
    db.close()
    return url


def add_people(path: Path, people: int, lessons: list[tuple[str, str]], attempts: int, seed: int = 7) -> None:
    """Add people, a progress row for every person x lesson, and `attempts` submitted attempts."""
    rng = random.Random(seed)
    now = datetime(2025, 6, 1)
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            'INSERT INTO "user" (email, name, sort_name, department, role, password_hash, active, session_version,'
            " created_at) VALUES (?, ?, ?, ?, 'learner', '', 1, 1, ?)",
            ((f"person{i}@example.com", f"Person {i}", name_key(f"Person {i}"), DEPARTMENTS[i % len(DEPARTMENTS)], now)
             for i in range(people)),
        )
        ids = [row[0] for row in conn.execute('SELECT id FROM "user" ORDER BY id')][-people:]
        conn.executemany(
            "INSERT INTO lesson_progress (user_id, module_id, lesson_id, started_at, completed_at) VALUES (?, ?, ?, ?, ?)",
            (
                (uid, m, lesson, now, now + timedelta(minutes=9) if rng.random() < 0.7 else None)
                for uid in ids
                for m, lesson in lessons
            ),
        )
        conn.executemany(
            "INSERT INTO quiz_attempt (user_id, module_id, lesson_id, token, content_hash, started_at, submitted_at,"
            " score_raw, score_max, score_percent, passed) VALUES (?, ?, ?, ?, 'bench', ?, ?, ?, 4, ?, ?)",
            (_attempt(rng, ids, lessons, now) for _ in range(attempts)),
        )
    conn.close()


def _attempt(rng: random.Random, ids: list[int], lessons: list[tuple[str, str]], now: datetime) -> tuple:
    m, lesson = rng.choice(lessons)
    raw = rng.randint(0, 4)
    return (rng.choice(ids), m, lesson, secrets.token_urlsafe(18), now, now + timedelta(minutes=3), raw, 25.0 * raw, raw >= 3)


def prepared_course(work: Path, cache: Path) -> Path:
    """Return the 1,000-lesson course, with its render cache in `cache` filled."""
    from course.content.catalog import Catalog

    root = work / "course-1000"
    if not root.exists():
        make_course(root, 20, 50)
    Catalog(root, cache_dir=cache).course()
    return root


# the lessons of modules 1 and 2 that the page benchmarks give people progress in
EARLY_LESSONS = [(f"module-{m}", f"lesson-{(m - 1) * 50 + i}") for m in (1, 2) for i in range(1, 26)]


def bench_site(work: Path, name: str, people: int, lessons: list[tuple[str, str]] = (), attempts: int = 0) -> dict:
    """Prepare the 1,000-lesson course and a fresh database of `people`; return the app's environment.

    BENCH_SQLITE_PATH names the database file for scripts that read it directly.
    """
    cache = work / "render-cache"
    course = prepared_course(work, cache)
    db_path = work / f"{name}.db"
    url = make_database(db_path)
    add_people(db_path, people, list(lessons), attempts)
    return {"DATABASE_URL": url, "KURS_LESSONS_DIR": str(course), "SECRET_KEY": SECRET, "KURS_BASE_URL": "http://127.0.0.1",
            "BENCH_RENDER_CACHE": str(cache), "BENCH_SQLITE_PATH": str(db_path)}
