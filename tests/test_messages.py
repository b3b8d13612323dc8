"""Messages from code without Flask (course/content/messages.py), translated when shown."""

from __future__ import annotations

import pickle
from datetime import datetime

from course.content.messages import N_, N_plural
from course.web.i18n import translate


def test_a_message_reads_as_english_and_keeps_its_msgid():
    message = N_("Question %(number)s has no answer.", number=3)
    assert message == "Question 3 has no answer."
    assert (message.msgid, message.values) == ("Question %(number)s has no answer.", {"number": 3})
    assert pickle.loads(pickle.dumps(message)).values == {"number": 3}


def test_a_plural_message_picks_its_form():
    assert N_plural("%(num)d error", "%(num)d errors", 1) == "1 error"
    assert N_plural("%(num)d error", "%(num)d errors", 4) == "4 errors"


def test_messages_are_shown_in_the_readers_language(make_app):
    app = make_app(KURS_LANGUAGE="de", KURS_TIMEZONE="Europe/Berlin")
    with app.test_request_context("/"):
        assert translate(N_("Question %(number)s has no answer.", number=3)) == "Frage 3 ist nicht beantwortet."
        # a time among the values is shown in the reader's language and the company's zone
        assert translate(N_("You can try again after %(time)s.", time=datetime(2026, 12, 14, 16, 5))) == (
            "Sie können es ab 14. Dezember 2026, 17:05 erneut versuchen.")
        assert translate("plain text") == "plain text"
