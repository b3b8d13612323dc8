"""Why a mail did not go, as a code stored with it (Mail.error_kind) and a sentence in the reader's language.

The transport and the composer name a failure by its kind; the mail server's answer (or the system's
own message, e.g. "[Errno 111] Connection refused") is kept beside it unchanged (Mail.last_error):
it is the server's words, shown quoted and marked as such, never translated.
A row recorded before the kinds existed (error_kind "") shows its stored text as it is.
"""

from __future__ import annotations

from course.content.messages import N_, Message

# failures of sending: whether retrying may help is the transport's call (SendError.permanent)
SENDING = {
    "recipient": N_("The mail server refused the recipient's address."),
    "sender": N_("The mail server refused the sender's address (KURS_MAIL_FROM)."),
    "login": N_("The mail server refused Kurs's login (the user name or password in KURS_SMTP_URL)."),
    "refused": N_("The mail server refused the mail."),
    "unreachable": N_("Kurs could not reach the mail server."),
    "timeout": N_("The mail server did not answer in time."),
    "tls": N_("The secure connection to the mail server failed (its certificate, or KURS_SMTP_CA_FILE)."),
    "dropped": N_("The mail server closed the connection."),
    "other": N_("The mail could not be sent."),
}
# reasons a recorded mail was not needed any more (status skipped)
SKIPPED = {
    "deactivated": N_("Not needed any more: the person has been deactivated."),
    "has-password": N_("Not needed any more: the person has set a password meanwhile."),
    "module-gone": N_("Not needed any more: the module %(detail)s is no longer in the course."),
    "no-departments": N_("Not needed any more: the manager has no departments yet."),
}
FAILURES = SENDING | SKIPPED
SERVER_ANSWERS = {"recipient", "sender", "login", "refused"}  # the detail is the server's own reply (code and text)


def failure_sentence(kind: str, detail: str = "") -> Message | None:
    """The sentence for a kind of failure; None for a row recorded without one (or with an unknown one)."""
    sentence = FAILURES.get(kind)
    if sentence is not None and "%(detail)s" in sentence.msgid:  # a skip reason that names its detail (a module)
        return Message(sentence.msgid, {"detail": detail})
    return sentence


def detail_label(kind: str) -> Message | None:
    """What the kept detail is, shown beside the sentence: the server's answer or the system's message (None: it is in the sentence)."""
    if kind in SERVER_ANSWERS:
        return N_("The mail server's answer")
    return N_("The system's message") if kind in SENDING else None


def failure_line(kind: str, detail: str) -> Message | str:
    """Sentence and quoted detail on one line (the command line); a row without a kind: its stored text."""
    sentence, label = failure_sentence(kind, detail), detail_label(kind)
    if sentence is None:
        return detail
    if not detail or label is None:
        return sentence
    return N_("%(sentence)s %(label)s: “%(detail)s”", sentence=sentence, label=label, detail=detail)
