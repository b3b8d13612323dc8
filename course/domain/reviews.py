"""The only writer of trainers' reviews of replies: a comment the learner sees, reviewed, and "show as example".

A review belongs to one version of a reply (course/models/replies.py, ReplyReview). Saving it again
changes its comment and example mark; the time of the first review stays, since a `done: review`
exercise counts as done from then (course/domain/standing.py).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from datetime import datetime

from peewee import IntegrityError

from course.content.exercise import Exercise
from course.content.messages import N_
from course.db import database
from course.models import Reply, ReplyReview, User, utcnow

MAX_COMMENT = 2000  # characters


class ReviewRefused(Exception):
    """A review that cannot be stored; the message is for the trainer."""


def clean_comment(text: str) -> str:
    """The comment as stored: the browser's line ends made plain, blank space around it dropped."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def review_reply(reviewer: User, reply_id: int, comment: str, example: bool, now: datetime | None = None,
                 exercise: Exercise | None = None) -> ReplyReview:
    """Mark one version of a reply reviewed, with the trainer's comment and whether it is shown as an example.

    An example's text as learners see it is stored with the review (example_text); exercise: the
    one replied to, whose customers' names are taken out too.
    """
    comment = clean_comment(comment)
    if len(comment) > MAX_COMMENT:
        raise ReviewRefused(N_("Your comment is %(count)s characters long; at most %(limit)s are possible. Please shorten it.",
                               count=len(comment), limit=MAX_COMMENT))
    shown = None
    if example:
        text, name = Reply.select(Reply.text, User.name).join(User).where(Reply.id == reply_id).tuples().get()
        shown = example_text(text, name, exercise)
    for _ in range(2):
        try:
            with database.atomic():
                review = ReplyReview.get_or_none(ReplyReview.reply == reply_id)
                if review is None:
                    return ReplyReview.create(reply=reply_id, reviewer=reviewer, comment=comment, example=example,
                                              example_text=shown, reviewed_at=now or utcnow())
                ReplyReview.update(reviewer=reviewer, comment=comment, example=example,
                                   example_text=shown).where(ReplyReview.id == review.id).execute()
                return ReplyReview.get_by_id(review.id)
        except IntegrityError:
            continue  # a second trainer's first review of this version came in at the same moment: update it
    raise ReviewRefused(N_("The review could not be saved just now. Please send it again."))


PLACEHOLDER = "[…]"
# parts of names that are also everyday words ("von" in "Anna von Berg", "du" in "Jean du Pont"): kept
PARTICLES = {"von", "vom", "van", "de", "der", "den", "des", "di", "da", "del", "dos", "du", "la", "le", "zu", "zur", "ten", "ter"}


def _parts(name: str) -> list[str]:
    """A name's words that name someone: two letters or more, no particles."""
    return [p for p in re.split(r"[\s\-]+", name.strip()) if len(p) >= 2 and p.isalpha() and p.lower() not in PARTICLES]


def name_parts(names: Iterable[str]) -> frozenset[str]:
    """Every word of these names that names someone, case-folded (what take_out looks for)."""
    return frozenset(part.casefold() for name in names for part in _parts(name))


def company_names() -> frozenset[str]:
    """The name parts of everyone in the company, deactivated people too: one read of every name (example_text)."""
    return name_parts(name for (name,) in User.select(User.name).tuples())


def customers(exercise: Exercise | None) -> list[str]:
    """The names of the exercise's customers: the post's author and those replying in its thread."""
    return [exercise.author, *(author for author, _ in exercise.thread)] if exercise is not None else []


def anonymise(text: str, name: str, others: Collection[str] = frozenset()) -> str:
    """The reply as shown to other learners: the author's own names and initials taken out of it, and others' names.

    A reply often ends with its writer's first name or initials (the signature check asks for
    one); an example shown "without names" must not carry them. The author's name parts and
    others (name_parts: colleagues', customers') are replaced as whole words, without regard to
    case; the author's initials only where a signature stands, at the end.
    """
    found = name_parts([name]) | others
    if found:
        text = re.sub(r"\w+", lambda word: PLACEHOLDER if word.group().casefold() in found else word.group(), text)
    initials = "".join(p[0] for p in _parts(name))
    if 2 <= len(initials) <= 3:
        text = re.sub(rf"(^|[\s,/^–—-]){re.escape(initials)}\.?\s*$", rf"\g<1>{PLACEHOLDER}", text, flags=re.IGNORECASE)
    return text


def example_text(text: str, name: str, exercise: Exercise | None) -> str:
    """An example as learners see it: without the names of its author, of everyone in the company and of the exercise's customers.

    Worked out once, when a trainer chooses the example (review_reply stores it): reading every
    name costs 13 ms of CPU at 10,000 people and 150 ms at 100,000, too much for every lesson page.
    """
    return anonymise(text, name, company_names() | name_parts(customers(exercise)))
