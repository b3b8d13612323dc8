"""The kinds of mail, the reminders' stages and the digests' weeks, named as people read them (the mail page, `mail send-due --dry-run`, the digest's subject).

The ledger stores codes (`reminder`, `before-7`, `2026-W49`): they are keys, the same in every language.
"""

from __future__ import annotations

import re

from course.content.messages import N_, Message, N_plural

KINDS = {"invitation": N_("invitation"), "reminder": N_("reminder"), "digest": N_("weekly digest")}


def kind_name(kind: str) -> Message | str:
    """A kind of mail as people read it (an unknown one as stored)."""
    return KINDS.get(kind, kind)


# a reminder's stage, when-count (due.reminder_stage), by its when: the words for the count
STAGES = {
    "before": lambda count: N_("on the due date") if count == 0 else
    N_plural("%(num)d day before the due date", "%(num)d days before the due date", count),
    "overdue": lambda count: N_("overdue") if count == 0 else
    N_plural("overdue for %(num)d week", "overdue for %(num)d weeks", count),
}


def stage_name(stage: str) -> Message | str:
    """A reminder's stage (before-7, before-0, overdue-0, overdue-2) in words; an unknown one as stored."""
    when, _sep, count = stage.partition("-")
    words = STAGES.get(when)
    return words(int(count)) if words and count.isdigit() else stage


WEEK = re.compile(r"(\d{4})-W(\d{2})")


def week_name(week: str) -> Message | str:
    """A digest's ISO week (2026-W49) as people write it: "week 49 of 2026", "KW 49/2026"; an unknown code as stored."""
    match = WEEK.fullmatch(week)
    if not match:
        return week
    return N_("week %(week)d of %(year)d", week=int(match[2]), year=int(match[1]))
