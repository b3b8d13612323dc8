"""Why a mail did not go, as a code (Mail.error_kind), so the admin's page says it in the reader's language.

last_error keeps only the server's answer or the system's message, as given. Rows written before held
Kurs's own English sentence with that detail in it; the patterns below are those sentences as the
code before this migration wrote them (course/mail/transport.py, compose.py): such a row gets its kind
and keeps the detail alone. A text matching none keeps error_kind "" and is shown as it is.
"""

import re

from peewee import CharField

UPDATE = 'UPDATE "mail" SET error_kind = ?, last_error = ? WHERE id = ?'  # ? becomes the driver's placeholder
# (pattern, kind); a pattern's one group is the detail to keep, the first match decides
EARLIER = (
    (r"the server refused the login: (.*)", "login"),
    (r"the server closed the connection: (.*)", "dropped"),
    (r"the server answered (.*)", "refused"),
    (r"the server refused \S+: (.*)", "recipient"),
    (r"cannot reach .*? \((?:plain|starttls|tls)\): (.*(?:timed out|timeout).*)", "timeout"),
    (r"cannot reach .*? \((?:plain|starttls|tls)\): (.*(?:SSL|CERTIFICATE|certificate).*)", "tls"),
    (r"cannot reach .*? \((?:plain|starttls|tls)\): (.*)", "unreachable"),
    (r"the person has been deactivated()", "deactivated"),
    (r"the person has set a password meanwhile()", "has-password"),
    (r"the module (.*) is no longer in the course", "module-gone"),
    (r"the manager has no departments yet()", "no-departments"),
)


def classify(text):
    """The kind and detail of a text an earlier Kurs stored, or None."""
    for pattern, kind in EARLIER:
        match = re.fullmatch(pattern, text, re.DOTALL)
        if match:
            return kind, match[1]
    return None


def up(migrator, db):
    migrator.migrate(migrator.add_column("mail", "error_kind", CharField(max_length=20, default="")))
    with db.atomic():
        rows = db.execute_sql("SELECT id, last_error FROM \"mail\" WHERE last_error <> ''").fetchall()
        for mail_id, text in rows:
            found = classify(text)
            if found:
                db.execute_sql(UPDATE.replace("?", db.param), (*found, mail_id))


def down(migrator, db):
    migrator.migrate(migrator.drop_column("mail", "error_kind"))
