"""Mail: invitations, reminders and digests, recorded in the Mail table before they go out.

transport: where mail goes (SMTP, or .eml files in instance/outbox/); ledger: the table that makes
each mail go once; due: which reminders and digests are due; compose: a mail's text in the
person's language; run: `flask mail send-due`; cli: the commands.
"""
