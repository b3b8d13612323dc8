"""The attempts-by-lesson index carries the person too (issue 19): a lesson's attempts without the table.

The item analysis, the list of quiz lessons and the overdue list's used-up quizzes read a lesson's
submitted attempts and join each to its person. With `user_id` only in the table, every attempt
was a read of its row in random order: at 100,000 people the list of quiz lessons took 26 times
as long as at 10,000. At the end of the index (module, lesson, submitted) SQLite answers from the
index alone; it still serves every lookup the old one did.
"""

OLD = ("quiz_attempt_module_id_lesson_id_submitted_at", "quiz_attempt", ("module_id", "lesson_id", "submitted_at"))
NEW = ("attempts_by_lesson", "quiz_attempt", ("module_id", "lesson_id", "submitted_at", "user_id"))


def up(migrator, db):
    migrator.migrate(migrator.add_index(NEW[1], NEW[2], False, name=NEW[0]))
    migrator.migrate(migrator.drop_index(OLD[1], OLD[0]))


def down(migrator, db):
    migrator.migrate(migrator.add_index(OLD[1], OLD[2], False, name=OLD[0]))
    migrator.migrate(migrator.drop_index(NEW[1], NEW[0]))
