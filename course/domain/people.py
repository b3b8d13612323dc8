"""People: search, create, edit, deactivate, and import from CSV with a preview of every problem."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from peewee import IntegrityError, fn

from course.content.messages import N_, Message
from course.db import database
from course.domain.managers import give_own_department
from course.domain.tokens import issue_token, issue_tokens
from course.models import ROLES, User, name_key, utcnow

PER_PAGE = 50
COLUMNS = ("email", "name", "department", "role")
MAX_ROWS = 5000
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_FIELD = 100  # the department column holds 100 characters (PostgreSQL refuses more)


def read_person(form) -> dict[str, str]:
    """Read email, name, department and role from a form or CSV row, tidied."""
    person = {key: " ".join((form.get(key) or "").split()) for key in COLUMNS}
    person["email"] = person["email"].lower()
    person["role"] = person["role"].lower() or "learner"
    return person


def person_problems(person: dict[str, str], check_email: bool = True) -> list[Message]:
    """Return what is wrong with a person's details, in words for the admin (the one check of them).

    Each is a phrase (the import lists them after a line number), translated when shown.
    """
    problems = []
    if check_email and (not EMAIL.match(person["email"]) or len(person["email"]) > 254):
        problems.append(N_("“%(email)s” is not a valid email address", email=person["email"]) if person["email"]
                        else N_("email is missing"))
    if not person["name"]:
        problems.append(N_("name is missing"))
    if person["role"] not in ROLES:
        problems.append(N_("unknown role “%(role)s” (use %(roles)s)", role=person["role"], roles=", ".join(ROLES)))
    elif person["role"] == "manager" and not person["department"]:
        problems.append(N_("a manager needs a department (the one whose reports they see)"))
    if len(person["name"]) > MAX_FIELD or len(person["department"]) > MAX_FIELD:
        problems.append(N_("name and department may have at most %(num)s characters", num=MAX_FIELD))
    return problems


def as_sentences(problems: list[str], translate: Callable[[str], str] = str) -> list[str]:
    """Write problems as sentences, each translated first, for a page or a command."""
    sentences = [translate(problem) for problem in problems]
    return [sentence[:1].upper() + sentence[1:] + "." for sentence in sentences]


def search(query: str = "", include_inactive: bool = False, page: int = 1) -> tuple[list[User], int, int]:
    """Return one page of people matching name, email or department, with the total and page count."""
    select = User.select().order_by(User.name, User.id)
    needle = query.strip().lower()
    if needle:
        select = select.where(fn.LOWER(User.name).contains(needle) | User.email.contains(needle)
                              | fn.LOWER(User.department).contains(needle))
    if not include_inactive:
        select = select.where(User.active == True)  # noqa: E712
    total = select.count()
    pages = max(1, -(-total // PER_PAGE))
    return list(select.paginate(min(max(page, 1), pages), PER_PAGE)), total, pages


def create_person(form, by: User | None) -> tuple[User | None, str | None, list[str]]:
    """Create a person without a password; return them with a one-time link token, or the problems."""
    person = read_person(form)
    problems = person_problems(person)
    if not problems and User.select().where(User.email == person["email"]).exists():
        problems.append(N_("an account for %(email)s exists already", email=person["email"]))
    if problems:
        return None, None, problems
    try:
        with database.atomic():
            user = User.create(**person)
            give_own_department(user)
            token = issue_token(user, by)
    except IntegrityError:
        # another admin created the same person between the check above and this insert
        if User.select().where(User.email == person["email"]).exists():
            return None, None, [N_("an account for %(email)s exists already", email=person["email"])]
        raise
    return user, token, []


def update_person(user: User, form, by: User) -> list[str]:
    """Change a person's name, department and role; an admin cannot demote themselves."""
    person = read_person({**form, "email": user.email})
    problems = person_problems(person, check_email=False)
    if user.id == by.id and person["role"] != user.role:
        problems.append(N_("you cannot change your own role: ask another admin"))
    if not problems:
        User.update(name=person["name"], sort_name=name_key(person["name"]), department=person["department"],
                    role=person["role"]).where(
            User.id == user.id).execute()
        give_own_department(User.get_by_id(user.id))
    return problems


def set_active(user: User, active: bool, by: User, now: datetime | None = None) -> Message | None:
    """Deactivate (ending their sessions, keeping their history) or reactivate a person."""
    if user.id == by.id:
        return N_("You cannot deactivate your own account.")
    User.update(active=active, deactivated_at=None if active else (now or utcnow()),
                session_version=User.session_version + 1).where(User.id == user.id).execute()
    return None


# ---------------------------------------------------------------- CSV import


@dataclass(frozen=True)
class ImportRow:
    line: int
    person: dict[str, str]
    problems: tuple[str, ...]


@dataclass(frozen=True)
class ImportPreview:
    """Every row of an uploaded file with its problems, or the problems of the file itself."""

    rows: tuple[ImportRow, ...]
    file_problems: tuple[str, ...]

    @property
    def good(self) -> list[ImportRow]:
        return [] if self.file_problems else [row for row in self.rows if not row.problems]

    @property
    def bad(self) -> list[ImportRow]:
        return [row for row in self.rows if row.problems]


class UnreadableFile(ValueError):
    """An uploaded file whose characters Kurs cannot tell for sure; the message says why, for the admin."""


# Mac Roman letters read as Windows-1252 (ü→Ÿ, Ü→†, ß→§, Ä→€, á→‡): in a list of people, a sign of the wrong guess
NOT_IN_NAMES = set("€†‡Ÿ§")


def decode(data: bytes) -> tuple[str, str]:
    """Return the text of an uploaded file and the encoding it was read in; raise UnreadableFile if unsure.

    UTF-8 (with or without BOM); UTF-16 with a BOM (Excel's "Unicode text"); else Windows-1252, what
    German Excel writes as "CSV (Trennzeichen-getrennt)". Bytes that are not Windows-1252, or a
    result with signs of another code page (Mac Roman), are refused rather than guessed.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="strict"), "UTF-16"
    try:
        text, encoding = data.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        try:
            text, encoding = data.decode("cp1252"), "Windows-1252"
        except UnicodeDecodeError as problem:
            raise UnreadableFile(N_("byte %(byte)s at position %(position)s is neither UTF-8 nor Windows-1252: save the "
                                    "file as “CSV UTF-8”", byte=format(data[problem.start], "#04x"), position=problem.start)) from None
        odd = sorted(NOT_IN_NAMES & set(text))
        if odd:
            raise UnreadableFile(N_("the file is not UTF-8, and read as Windows-1252 it shows %(characters)s, which "
                                    "suggests another code page (Mac?): save it as “CSV UTF-8”", characters=" ".join(odd))) from None
    if "\x00" in text:
        raise UnreadableFile(N_("the file holds NUL characters (UTF-16 without a byte-order mark?): save it as “CSV UTF-8”"))
    return text, encoding


def preview_import(text: str) -> ImportPreview:
    """Parse and check a CSV of people (email,name,department,role; ',', ';' or tab); write nothing."""
    try:
        return _preview_import(text)
    except csv.Error as exc:  # a NUL character, a field of more than 128 KB
        return ImportPreview((), (N_("this is not a CSV file Kurs can read (%(error)s)", error=str(exc)),))


def _preview_import(text: str) -> ImportPreview:
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    # German Excel separates with ";", its "Unicode text" with tabs; the header row tells which
    delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader, [])]
    problems = _header_problems(header)
    if problems:
        return ImportPreview((), tuple(problems))
    rows, seen = [], {}
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        person = read_person(dict(zip(header, values, strict=False)))
        row_problems = person_problems(person)
        if len(values) > len(header):
            row_problems.append(N_("%(fields)s fields where the header has %(header)s", fields=len(values), header=len(header)))
        if person["email"] in seen:
            row_problems.append(N_("duplicate of line %(line)s", line=seen[person["email"]]))
        seen.setdefault(person["email"], reader.line_num)
        rows.append(ImportRow(reader.line_num, person, tuple(row_problems)))
        if len(rows) > MAX_ROWS:
            return ImportPreview((), (N_("the file has more than %(num)s rows: split it", num=MAX_ROWS),))
    return ImportPreview(tuple(_mark_existing(rows)), () if rows else (N_("the file holds no people"),))


def _header_problems(header: list[str]) -> list[Message]:
    if "email" not in header or "name" not in header:
        if not any(header):
            return [N_("the first row must be the header %(columns)s (found: nothing)", columns=",".join(COLUMNS))]
        return [N_("the first row must be the header %(columns)s (found: %(found)s)", columns=",".join(COLUMNS),
                   found=",".join(header))]
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        return [N_("unknown column %(names)s (use %(columns)s)", names=", ".join(unknown), columns=",".join(COLUMNS))]
    return []


def _mark_existing(rows: list[ImportRow]) -> list[ImportRow]:
    emails = [row.person["email"] for row in rows]
    existing = {e for (e,) in User.select(User.email).where(User.email.in_(emails)).tuples()} if emails else set()
    return [ImportRow(r.line, r.person, r.problems + (N_("an account with this email exists already"),))
            if r.person["email"] in existing else r for r in rows]


def apply_import(text: str, by: User | None) -> tuple[ImportPreview, list[tuple[User, str]]]:
    """Check the file again and create its good rows in one transaction; return people with link tokens.

    Someone created one of its people meanwhile (the insert fails): checked and done once more,
    that row now shows as existing.
    """
    try:
        return _import(text, by)
    except IntegrityError:
        return _import(text, by)


def _import(text: str, by: User | None) -> tuple[ImportPreview, list[tuple[User, str]]]:
    with database.atomic():
        preview = preview_import(text)
        good = preview.good
        if not good:
            return preview, []
        User.insert_many([{**row.person, "sort_name": name_key(row.person["name"])} for row in good]).execute()
        users = list(User.select().where(User.email.in_([row.person["email"] for row in good])).order_by(User.id))
        for user in users:
            give_own_department(user)
        tokens = issue_tokens(users, by)
    return preview, [(user, tokens[user.id]) for user in users]
