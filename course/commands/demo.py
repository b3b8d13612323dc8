"""A fictional company for exploring the reports: about 200 people in several departments,
assignments, and realistic progress and attempts (with answers) for whatever course is loaded.

It only fills a fresh database: one that holds nobody, or only the first admin.
"""

from __future__ import annotations

import random
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import chunked

from course import clock
from course.commands import demo_replies
from course.content.messages import N_
from course.content.quiz import score_quiz
from course.content.values import Course, Lesson, Module
from course.db import database
from course.domain.tokens import issue_tokens
from course.models import (
    Acknowledgement,
    Assignment,
    LessonProgress,
    QuestionResponse,
    QuizAttempt,
    User,
    name_key,
    utcnow,
)

DOMAIN = "nordwind.example"
DEPARTMENTS = {"Kundenservice": 30, "Vertrieb": 18, "Technik": 20, "Marketing": 10, "Logistik": 10,
               "Personal": 6, "Finanzen": 6}
FIRST = ("Anna", "Jürgen", "Özlem", "Lukas", "Sophie", "Mehmet", "Lena", "Jonas", "Marie", "Felix", "Hannah",
         "Paul", "Lea", "Tim", "Sara", "Björn", "Katharina", "Niklas", "Zoë", "Grzegorz", "Aylin", "Jörg", "Emilia",
         "Ben", "Mia", "Ole", "Fatma", "Stefan", "Ines", "Dragan", "Laura", "Malte", "Chiara", "Thorsten", "Nele")
LAST = ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
        "Koch", "Yılmaz", "Kowalski", "Groß", "Weiß", "Krüger", "Böhm", "Şahin", "Lange", "Jansen", "Petersen",
        "Nowak", "Brandt", "Vogel", "Kühn", "Haas", "Öztürk", "Lorenz", "Hansen", "Dietrich")
RETIRED_LESSON = "pilot-check"  # a quiz from the pilot run, since removed: shows as retired in the reports


class DemoRefused(Exception):
    """The database is not fresh; the message says why."""


@dataclass(frozen=True)
class DemoResult:
    people: int
    lessons: int
    attempts: int
    responses: int
    assignments: int
    links: tuple[tuple[User, str], ...]  # accounts to explore with, and their set-password tokens


def build_demo(course: Course, size: int = 200, seed: int = 8, now: datetime | None = None) -> DemoResult:
    """Fill a fresh database with the demo company, in one transaction."""
    now = (now or utcnow()).replace(microsecond=0)
    rng = random.Random(seed)  # noqa: S311 - made-up data, repeatable on purpose (seed 8: every state shows with the practice lessons)
    with database.atomic():
        admin = _check_fresh()
        people, explorers = _people(rng, size, now, admin)
        assignments = _assign(rng, course, people, admin, now)
        lessons, attempts, replies = _progress(rng, course, people, assignments, now)
        responses = _store(lessons, attempts)
        demo_replies.store(replies, next((p for p in people if p.role == "trainer"), admin), _insert)
        links = issue_tokens(explorers, admin, now)
    return DemoResult(len(people), len(lessons), len(attempts), responses, len(assignments),
                      tuple((user, links[user.id]) for user in explorers))


def _check_fresh() -> User | None:
    users = list(User.select().limit(2))
    if len(users) > 1 or (users and users[0].role != "admin"):
        raise DemoRefused(N_("This database already holds people: the demo only fills a fresh one "
                             "(nobody, or only the first admin). Point DATABASE_URL at a new file."))
    return users[0] if users else None


def _email(name: str, taken: set[str]) -> str:
    plain = name.lower().translate(str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "."}))
    plain = unicodedata.normalize("NFKD", plain).encode("ascii", "ignore").decode()
    email, n = f"{plain}@{DOMAIN}", 1
    while email in taken:
        n += 1
        email = f"{plain}{n}@{DOMAIN}"
    taken.add(email)
    return email


def _people(rng: random.Random, size: int, now: datetime, admin: User | None) -> tuple[list[User], list[User]]:
    taken: set[str] = set()
    rows = []
    for i in range(size):
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        recent = rng.random() < 0.1  # new hires: their mandatory modules are not due yet
        created = now - timedelta(days=rng.uniform(2, 12) if recent else rng.uniform(45, 400))
        left = rng.random() < 0.03
        rows.append({"email": _email(name, taken), "name": name, "role": "trainer" if i < 3 else "learner",
                     "department": rng.choices(list(DEPARTMENTS), weights=list(DEPARTMENTS.values()))[0],
                     "created_at": created, "active": not left, "deactivated_at": now - timedelta(days=20) if left else None})
    rows[0].update(email=f"trainer@{DOMAIN}", name="Katrin Vogel", department="Personal", active=True, deactivated_at=None)
    if admin is None:
        rows.append({"email": f"admin@{DOMAIN}", "name": "Demo Admin", "role": "admin", "department": "Personal",
                     "created_at": now - timedelta(days=500), "active": True, "deactivated_at": None})
    for row in rows:
        row["sort_name"] = name_key(row["name"])
    for chunk in chunked(rows, 100):
        User.insert_many(chunk).execute()
    people = list(User.select().where(User.email.endswith("@" + DOMAIN)).order_by(User.id))
    explorers = [p for p in people if p.email in (f"trainer@{DOMAIN}", f"admin@{DOMAIN}")]
    return people, explorers


def _assign(rng: random.Random, course: Course, people: list[User], admin: User | None, now: datetime) -> dict:
    """Give each optional module to a few departments (some due dates past) and to a few people."""
    rows, names = [], list(DEPARTMENTS)
    for i, module in enumerate(m for m in course.modules if not m.mandatory):
        due = clock.due_after(now, (-12, 21, -4, 45)[i % 4])  # due dates end a local day, as the form's do
        for department in (names[i % len(names)], names[(i + 3) % len(names)]):
            rows.append({"module_id": module.id, "user": None, "department": department, "due_at": due,
                         "assigned_at": due - timedelta(days=30), "assigned_by": admin})
        for person in rng.sample(people, min(4, len(people))):
            rows.append({"module_id": module.id, "user": person, "department": None,
                         "due_at": clock.due_after(now, -rng.randint(1, 30)),
                         "assigned_at": now - timedelta(days=60), "assigned_by": admin})
    if rows:
        Assignment.insert_many(rows).execute()
    assigned = {}
    for row in rows:
        assigned[(row["user"].id if row["user"] else row["department"], row["module_id"])] = row["assigned_at"]
    return assigned


def _progress(rng: random.Random, course: Course, people: list[User], assigned: dict, now: datetime):
    """Walk each person through the modules: some diligent, some slow, some who never start."""
    lessons: list[dict] = []
    attempts: list[tuple[dict, list[dict]]] = []
    replies: list[dict] = []
    for person in people:
        diligence = rng.random() ** 0.7
        for module in course.modules:
            start = assigned.get((person.id, module.id)) or assigned.get((person.department, module.id))
            is_assigned = module.mandatory or start is not None
            if rng.random() > diligence * (0.95 if is_assigned else 0.3):
                continue
            clock = max(start or person.created_at, person.created_at) + timedelta(days=rng.uniform(0, 25))
            _walk(rng, course, module, person, clock, now, diligence, (lessons, attempts, replies))
        if course.modules and rng.random() < 0.08:
            _retired_attempt(rng, course.modules[0], person, now, attempts)
    return lessons, attempts, replies


def _walk(rng, course: Course, module: Module, person: User, clock: datetime, now: datetime, diligence: float, rows):
    lessons, attempts, replies = rows
    for lesson in module.lessons:
        if clock >= now:
            return
        row = {"user": person.id, "module_id": module.id, "lesson_id": lesson.id, "started_at": clock, "completed_at": None,
               "confirmed_hash": None}
        lessons.append(row)
        clock += timedelta(minutes=rng.uniform(3, 12) * lesson.minutes / 4 + 2)
        if lesson.has_quiz:
            clock, passed = _take_quiz(rng, lesson, person, clock, now, diligence, attempts)
            if not passed:
                return
        if lesson.exercises:  # answered before marking the lesson done; one waiting for a review does not stop them
            clock, _ = demo_replies.practise(course, lesson, person.id, clock, now, diligence, replies)
        if clock >= now:
            return
        row["completed_at"] = clock
        if lesson.asks_confirmation:  # done by confirming today's text, as a person would
            row["confirmed_hash"] = lesson.content_hash
        if rng.random() > 0.75 + 0.25 * diligence:
            return  # stopped here for now
        clock += timedelta(days=rng.choice((0, 0, 0, 1, 3, 8)), minutes=rng.uniform(1, 30))


def _take_quiz(rng, lesson: Lesson, person: User, clock: datetime, now: datetime, diligence: float, attempts):
    limit = lesson.settings.max_attempts or 4
    for n in range(limit):
        if clock >= now:
            return clock, False
        skill = min(0.97, 0.45 + 0.5 * diligence + 0.12 * n)
        answers = {q.key: _answer(rng, q, rng.random() < skill) for q in lesson.questions}
        score = score_quiz(lesson.questions, answers, lesson.settings.pass_percent)
        attempts.append(({"user": person.id, "module_id": lesson.module_id, "lesson_id": lesson.id,
                          "token": secrets.token_urlsafe(16), "content_hash": lesson.content_hash,
                          "started_at": clock - timedelta(minutes=6), "submitted_at": clock,
                          "score_raw": score.points, "score_max": score.max_points, "score_percent": score.percent,
                          "passed": score.passed},
                         [{"position": i, "question_key": r.question.key, "question_kind": r.question.kind,
                           "question_text": r.question.text, "answer_given": r.answer_text, "answer_positions": r.positions, "right": r.right}
                          for i, r in enumerate(score.results, 1)]))
        if score.passed:
            return clock, True
        if rng.random() < 0.25:
            return clock, False  # gave up for now
        clock += timedelta(hours=max(lesson.settings.retry_delay_hours, rng.uniform(0.1, 30)))
    return clock, False


def _answer(rng, question, right: bool):
    """Return a right answer, or a wrong one (the first wrong option is the tempting one)."""
    if question.kind == "gap":
        return tuple(g[0] if right else rng.choice((g[0][:-1] or "?", "weiß nicht", g[0] + "0")) for g in question.gaps)
    correct = [o.key for o in question.options if o.correct]
    wrong = [o.key for o in question.options if not o.correct]
    if right or not wrong:
        return frozenset(correct)
    choice = rng.choices(wrong, weights=[4] + [1] * (len(wrong) - 1))[0]
    if question.kind == "multiple":
        return frozenset(correct[1:] + [choice])
    return frozenset([choice])


def _retired_attempt(rng, module: Module, person: User, now: datetime, attempts) -> None:
    when = now - timedelta(days=rng.uniform(300, 360))
    if when < person.created_at:
        return
    right = [rng.random() < 0.6, rng.random() < 0.8]
    questions = [("pilot-privacy", "Pilot: may we post a customer's full name?", "No", "Yes"),
                 ("pilot-hours", "Pilot: within how many hours do we answer?", "24", "48")]
    attempts.append(({"user": person.id, "module_id": module.id, "lesson_id": RETIRED_LESSON,
                      "token": secrets.token_urlsafe(16), "content_hash": "pilot", "started_at": when - timedelta(minutes=4),
                      "submitted_at": when, "score_raw": sum(right), "score_max": 2, "score_percent": 50.0 * sum(right),
                      "passed": all(right)},
                     [{"position": i, "question_key": key, "question_kind": "single", "question_text": text,
                       "answer_given": good if ok else bad, "answer_positions": "0" if ok else "1", "right": ok}
                      for i, ((key, text, good, bad), ok) in enumerate(zip(questions, right, strict=True), 1)]))


def _store(lessons: list[dict], attempts: list[tuple[dict, list[dict]]]) -> int:
    """Insert in chunks; attempts first, then their responses by the ids the tokens got."""
    _insert(LessonProgress, lessons)
    _insert(Acknowledgement, [{"user": row["user"], "module_id": row["module_id"], "lesson_id": row["lesson_id"],
                               "content_hash": row["confirmed_hash"], "confirmed_at": row["completed_at"]}
                              for row in lessons if row["confirmed_hash"]])
    _insert(QuizAttempt, [a for a, _ in attempts])
    ids = {}
    for chunk in chunked([a["token"] for a, _ in attempts], 500):
        ids.update(QuizAttempt.select(QuizAttempt.token, QuizAttempt.id).where(QuizAttempt.token.in_(chunk)).tuples())
    responses = [{**r, "attempt": ids[a["token"]]} for a, rs in attempts for r in rs]
    _insert(QuestionResponse, responses)
    return len(responses)


def _insert(model, rows: list[dict]) -> None:
    """Insert rows as tuples in chunks (peewee builds tuple inserts much faster than dict ones)."""
    if not rows:
        return
    names = list(rows[0])
    fields = [getattr(model, name) for name in names]
    for chunk in chunked([tuple(row[name] for name in names) for row in rows], 2000 // len(names)):
        model.insert_many(chunk, fields=fields).execute()
