"""The only writer of trainers' reviews of replies: a comment the learner sees, reviewed, and "show as example".

A review belongs to one version of a reply (course/models/replies.py, ReplyReview). Saving it again
changes its comment and example mark; the time of the first review stays, since a `done: review`
exercise counts as done from then (course/domain/standing.py).
"""

from __future__ import annotations

import re
from datetime import datetime

from peewee import IntegrityError

from course.content.messages import N_
from course.db import database
from course.models import ReplyReview, User, utcnow

MAX_COMMENT = 2000  # characters


class ReviewRefused(Exception):
    """A review that cannot be stored; the message is for the trainer."""


def clean_comment(text: str) -> str:
    """The comment as stored: the browser's line ends made plain, blank space around it dropped."""
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def review_reply(reviewer: User, reply_id: int, comment: str, example: bool, now: datetime | None = None) -> ReplyReview:
    """Mark one version of a reply reviewed, with the trainer's comment and whether it is shown as an example."""
    comment = clean_comment(comment)
    if len(comment) > MAX_COMMENT:
        raise ReviewRefused(N_("Your comment is %(count)s characters long; at most %(limit)s are possible. Please shorten it.",
                               count=len(comment), limit=MAX_COMMENT))
    for _ in range(2):
        try:
            with database.atomic():
                review = ReplyReview.get_or_none(ReplyReview.reply == reply_id)
                if review is None:
                    return ReplyReview.create(reply=reply_id, reviewer=reviewer, comment=comment, example=example,
                                              reviewed_at=now or utcnow())
                ReplyReview.update(reviewer=reviewer, comment=comment, example=example).where(ReplyReview.id == review.id).execute()
                return ReplyReview.get_by_id(review.id)
        except IntegrityError:
            continue  # a second trainer's first review of this version came in at the same moment: update it
    raise ReviewRefused(N_("The review could not be saved just now. Please send it again."))


PLACEHOLDER = "[…]"
# parts of names that are also everyday words ("von" in "Anna von Berg", "du" in "Jean du Pont"): kept
PARTICLES = {"von", "vom", "van", "de", "der", "den", "des", "di", "da", "del", "dos", "du", "la", "le", "zu", "zur", "ten", "ter"}


def anonymise(text: str, name: str) -> str:
    """The reply as shown to other learners: the author's own names and initials taken out of it.

    A reply often ends with its writer's first name or initials (the signature check asks for
    one); an example shown "without names" must not carry them. Only the author's own name parts
    are replaced, as whole words, and their initials only where a signature stands, at the end.
    """
    parts = [p for p in re.split(r"[\s\-]+", name.strip()) if len(p) >= 2 and p.isalpha()]
    for part in sorted((p for p in parts if p.lower() not in PARTICLES), key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(part)}(?!\w)", PLACEHOLDER, text, flags=re.IGNORECASE)
    initials = "".join(p[0] for p in parts if p.lower() not in PARTICLES)
    if 2 <= len(initials) <= 3:
        text = re.sub(rf"(^|[\s,/^–—-]){re.escape(initials)}\.?\s*$", rf"\g<1>{PLACEHOLDER}", text, flags=re.IGNORECASE)
    return text
