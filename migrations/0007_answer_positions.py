"""Record the chosen answers of a choice question by their positions (question_response.answer_positions).

Feedback and wording were found by splitting the stored answer text on "; ", which breaks on an
answer containing "; ". Rows stored before this migration keep NULL: the migration cannot read
the course files, so the result page and the item analysis match their stored text against the
question's answers as a whole when they read them (course/content/scoring.py, legacy_positions).
"""

from peewee import TextField


def up(migrator, db):
    migrator.migrate(migrator.add_column("question_response", "answer_positions", TextField(null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("question_response", "answer_positions"))
