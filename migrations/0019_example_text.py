"""An example's text as learners see it, stored with its review (reply_review.example_text).

Without the names of its author, of everyone in the company and of the exercise's customers,
worked out once when a trainer chooses the example (course/domain/reviews.py, example_text):
reading every name of the company on each lesson page that shows examples would cost 13 ms of
CPU at 10,000 people. Examples chosen before this migration keep NULL and are worked out when
shown, until a trainer saves their review again.
"""

from peewee import TextField


def up(migrator, db):
    migrator.migrate(migrator.add_column("reply_review", "example_text", TextField(null=True)))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("reply_review", "example_text"))
