"""The practice exercises' CSV tables: one exercise's review queue and its item analysis, as (filename, header, rows).

Reply texts and comments are the learners' and trainers' own words: csv_response neutralises any
cell a spreadsheet would run as a formula (course/web/csvout.py). The headers are in the reader's
language, as in every other report table (course/views/tables.py).
"""

from __future__ import annotations

from flask import abort

from course.content.values import Course
from course.reports.common import Scope
from course.reports.exercise_items import exercise_analysis
from course.reports.replies import review_queue
from course.views.tables import Table, percent
from course.web.i18n import _

CSV_ROWS = 100_000  # one page as large as any company: the CSV is the whole queue


def queue_table(module_id: str, lesson_id: str, key: str, scope: Scope) -> Table:
    """Every person's newest reply to one exercise, with the checks it failed and the review."""
    rows = [(r.name, r.email, r.department, r.versions, r.created_at, r.passed,
             "; ".join(c.kind for c in r.checks if not c.passed), r.reviewed, r.example, r.comment, r.text)
            for r in review_queue(module_id, lesson_id, key, scope, size=CSV_ROWS).rows]
    header = (_("name"), _("email"), _("department"), _("versions"), _("sent"), _("every check passed"),
              _("checks failed"), _("reviewed"), _("shown as example"), _("comment"), _("reply"))
    return f"replies-{module_id}-{lesson_id}-{key}.csv", header, rows


def analysis_table(course: Course, module_id: str, lesson_id: str, key: str, scope: Scope) -> Table:
    """One exercise's checks with the share of people whose first and newest reply failed each.

    The exercise's median revisions, a figure of the whole exercise as the page shows it, stands in
    every row's last column: each row is then complete on its own when a spreadsheet filters or sorts.
    """
    analysis = exercise_analysis(course, module_id, lesson_id, key, scope)
    if analysis is None:
        abort(404)
    median = "" if analysis.median_revisions is None else float(analysis.median_revisions)
    rows = [(c.position, c.kind, c.feedback, c.first_people, c.first_failed, percent(c.first_share), c.latest_people,
             c.latest_failed, percent(c.latest_share), median) for c in analysis.checks]
    header = (_("check"), _("kind"), _("feedback"), _("first replies"), _("first reply failed"),
              _("first reply failed %"), _("newest replies"), _("newest reply failed"), _("newest reply failed %"),
              _("median revisions of the exercise"))
    return f"exercise-{module_id}-{lesson_id}-{key}.csv", header, rows
