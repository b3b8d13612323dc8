"""Due dates end at midnight in KURS_TIMEZONE (issue 13), not at midnight UTC.

A due date typed into the form was stored as 23:59:59 UTC of that day; one from a module's
due_days as the assignment's time plus those days. Both become the end of that calendar day in
the configured zone, so a stored due date keeps the day it showed before. The model is a frozen
copy of the Assignment table's two columns this migration needs.
"""

from peewee import DateTimeField, Model

from course import clock

FORM_END_OF_DAY = (23, 59, 59)


def up(migrator, db):
    class Assignment(Model):
        due_at = DateTimeField(null=True)

        class Meta:
            database = db
            table_name = "assignment"

    where = clock.zone()
    with db.atomic():
        for row in Assignment.select(Assignment.id, Assignment.due_at).where(Assignment.due_at.is_null(False)):
            due = row.due_at
            typed = (due.hour, due.minute, due.second) == FORM_END_OF_DAY
            day = due.date() if typed else clock.local_day(due, where)
            Assignment.update(due_at=clock.end_of_local_day(day, where)).where(Assignment.id == row.id).execute()


def down(migrator, db):
    pass  # the old form kept the same day; nothing to undo that matters
