"""Practice on the lesson page: the post as in a feed, your reply, every check's result, the model answer."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from flask import Blueprint, abort, flash, g, redirect, request, url_for

from course.content.exercise import MAX_REPLY, NETWORK_LIMITS, Exercise
from course.content.values import Course, Lesson
from course.domain import lesson_done, replies
from course.models import Reply, ReplyCheck, ReplyReview
from course.views.common import current_course, lesson_or_404, shown_course
from course.web.auth import requires
from course.web.i18n import _, translate

bp = Blueprint("practice", __name__)

NETWORK_NAMES = {"facebook": "Facebook", "instagram": "Instagram", "linkedin": "LinkedIn", "x": "X"}


@dataclass(frozen=True)
class Panel:
    """One exercise as the learner sees it: their latest version with its results, and what they may see besides."""

    exercise: Exercise
    limit: int  # the characters the reply may have: the network's, or the trainer's lower one
    versions: list[Reply] = field(default_factory=list)  # newest first
    results: list[ReplyCheck] = field(default_factory=list)  # of the newest version
    review: ReplyReview | None = None  # the trainer's newest comment
    done: bool = False
    examples: list[str] = field(default_factory=list)
    draft: str = ""  # the text in the box: a refused one, else the newest version's
    problem: str = ""  # why the text in the box was refused

    @property
    def latest(self) -> Reply | None:
        return self.versions[0] if self.versions else None

    @property
    def show_model(self) -> bool:
        """The model answer once the reply passed every check; with `done: review`, once there is a reply.

        Not before: copied into the box, it would pass the checks in place of the learner's own.
        """
        if self.exercise.done == "review":
            return self.latest is not None
        return any(v.passed for v in self.versions)


def limit_of(exercise: Exercise) -> int:
    """The most characters a reply may have: the network's limit, or a length check's lower one."""
    limit = NETWORK_LIMITS[exercise.network]
    for check in exercise.checks:
        if check.kind == "length" and check.value:
            limit = min(limit, int(check.value))  # type: ignore[call-overload]
    return limit


def initials(name: str) -> str:
    """The letters of an avatar: first and last word's first letters ("Jana Peters" -> "JP")."""
    words = [w for w in name.split() if w[:1].isalnum()]
    if not words:
        return "?"
    return (words[0][0] + (words[-1][0] if len(words) > 1 else "")).upper()


def minutes_ago(key: str, position: int = 0) -> int:
    """A post's age for the feed, fixed per exercise (the same on every visit); replies in the thread came later."""
    return max(1, 15 + zlib.crc32(key.encode()) % 45 - 4 * position)


def panels(user, lesson: Lesson, preview: bool = False, drafts: dict | None = None) -> list[Panel]:
    """The lesson's exercises as this person sees them (a trainer's preview: none of their own replies)."""
    if preview:
        return [Panel(e, limit_of(e)) for e in lesson.exercises]
    times = replies.exercise_times(user, lesson) if lesson.exercises else {}
    return [_panel(user, lesson, e, times.get(e.key, (None, None)), (drafts or {}).get(e.key)) for e in lesson.exercises]


def _panel(user, lesson: Lesson, exercise: Exercise, times: tuple, draft: tuple[str, str] | None) -> Panel:
    versions = replies.reply_history(user, lesson, exercise.key)
    latest = versions[0] if versions else None
    text, problem = draft or ((latest.text if latest else ""), "")
    return Panel(
        exercise, limit_of(exercise), versions,
        results=replies.check_results(latest) if latest else [],
        review=replies.latest_review(user, lesson, exercise.key) if latest else None,
        done=lesson_done.exercise_done_at(exercise, *times) is not None,
        examples=replies.shown_examples(lesson, exercise.key) if latest else [],
        draft=text, problem=problem,
    )


def _has_exercises(course: Course) -> bool:
    return any(x.exercises for m in course.modules for x in m.lessons)


def _times(course: Course) -> dict:
    """The person's exercise times per lesson, read once per request."""
    if "kurs_practice" not in g:
        g.kurs_practice = replies.practice_times(course, g.user)
    return g.kurs_practice


def completed(course: Course, times: dict) -> dict:
    """Lesson completion times by the whole rule: a lesson with exercises once they are done too."""
    if not _has_exercises(course):
        return times
    return lesson_done.lesson_completions(course, times, _times(course))


def waiting(course: Course, times: dict) -> set[tuple[str, str]]:
    """Lessons that only a trainer's review keeps open: *Continue* goes past them (there is nothing to do there now)."""
    if not _has_exercises(course):
        return set()
    practice, sent = _times(course), replies.answered(g.user)
    return {(m.id, x.id) for m in course.modules for x in m.lessons
            if x.exercises and lesson_done.waits_for_review(x, times.get((m.id, x.id)), practice.get((m.id, x.id), {}), sent)}


def lesson_done_at(lesson: Lesson, own_at):
    """When this person completed the lesson by the whole rule (its exercises too), or None."""
    if not lesson.exercises or own_at is None:
        return own_at
    return lesson_done.lesson_done_at(lesson, own_at, replies.exercise_times(g.user, lesson))


@bp.app_template_filter("initials")
def initials_filter(name: str) -> str:
    """An avatar's letters (see initials)."""
    return initials(name)


@bp.app_template_filter("avatar_tone")
def avatar_tone(name: str) -> int:
    """One of six avatar colours, the same for a name wherever it appears."""
    return zlib.crc32(name.encode()) % 6


@bp.app_template_filter("minutes_ago")
def minutes_ago_filter(key: str, position: int = 0) -> int:
    """A post's (or its thread's replies') age in minutes (see minutes_ago)."""
    return minutes_ago(key, position)


@bp.app_template_global("network_names")
def network_names() -> dict[str, str]:
    """Each network's name as the feed shows it."""
    return NETWORK_NAMES


@bp.app_template_global("max_reply")
def max_reply() -> int:
    """The most characters a reply may have at all (MAX_REPLY)."""
    return MAX_REPLY


@bp.app_template_global("check_names")
def check_names() -> dict[str, str]:
    """What each kind of check looks at, as the results name it."""
    return {"contains": _("Key words"), "not_contains": _("Words to avoid"), "no_personal_data": _("No personal data"),
            "address_form": _("Form of address"), "length": _("Length"), "signature": _("Signature")}


@bp.app_template_filter("reply_finding")
def reply_finding(found: str, kind: str) -> str:
    """Name one thing a check found, in the reader's language ("phone: 0421 1234567" -> "Phone number: 0421 1234567")."""
    if kind == "no_personal_data":
        what, _sep, text = found.partition(": ")
        names = {"phone": _("Phone number"), "email": _("E-mail address"), "iban": _("IBAN"),
                 "contract": _("Contract or customer number"), "address": _("Street address")}
        return f"{names.get(what, what)}: {text}"
    if kind == "not_contains":
        return _("Found: “%(phrase)s”", phrase=found)
    if kind == "length":
        count, _sep, limit = found.partition("/")
        return _("%(count)s characters, at most %(limit)s", count=count, limit=limit)
    if kind == "address_form":
        if found.startswith("stiff: "):
            return _("Too formal for a post: “%(phrase)s”", phrase=found.removeprefix("stiff: "))
        return _("Breaks the post's form of address: %(found)s", found=found)
    return found


@bp.route("/learn/<module_id>/<lesson_id>/reply/<key>", methods=["POST"])
@requires("learner")
def submit(module_id: str, lesson_id: str, key: str):
    """Check your reply to one of the lesson's posts on the server, keep it as a new version, and show the results."""
    # checked in the language the form was shown in: its checks and feedback are that version's
    course = shown_course(request.form.get("language"))
    mod, les = lesson_or_404(module_id, lesson_id, course)
    exercise = next((e for e in les.exercises if e.key == key), None)
    if exercise is None:
        abort(404)
    text = request.form.get("reply", "")
    try:
        submitted = replies.submit_reply(g.user, les, exercise, text, current_course().contract)
    except replies.ReplyRefused as refusal:
        from course.views import learn  # the lesson page again, the text kept in its box

        return learn._render_lesson(course, mod, les, learn._version(les), status_code=400,
                                    drafts={key: (text, translate(refusal.args[0]))})
    if submitted.duplicate:
        flash(_("You had already sent this reply; here are its results."), "info")
    return redirect(url_for("learn.lesson", module_id=mod.id, lesson_id=les.id, _anchor=f"result-{key}"))
