"""The shipped course's exercises: a careful reply passes every check, a hasty one fails the expected checks.

Each exercise in both languages, through the content functions a learner's reply goes through
(`run_checks` with the course's own contract-number pattern). A check is named by its kind and,
for phrase checks, its first phrase, so two `contains` checks are told apart.
"""

from __future__ import annotations

import pytest
from test_shipped_course import SHIPPED

from course.content.reply_checks import run_checks

EXERCISES = {(language, exercise.key): exercise
             for language in SHIPPED.languages
             for module in SHIPPED.in_language(language).modules for lesson in module.lessons
             for exercise in lesson.exercises}

CASES = [
    ("outage-since-tuesday", "de",
     "Hallo Frau Kruse, das tut mir leid: Zwei Tage ohne Internet im Homeoffice sind wirklich ärgerlich. Am Dienstag wurde bei "
     "Bauarbeiten ein Kabel in Gaarden beschädigt, die Reparatur läuft und soll heute bis 18 Uhr fertig sein. Schreiben Sie mir "
     "gern privat, dann prüfe ich auch Ihren Anschluss.\nViele Grüße, Aylin",
     "Wir bedauern etwaige Unannehmlichkeiten. Es liegt eine Störung vor, an der gearbeitet wird. Bitte wenden Sie sich bei "
     "Fragen an unsere Hotline. Ihr Nordwind-Team",
     ["contains entschuldig", "contains kabel", "contains privat", "not_contains unannehmlichkeiten", "signature"]),
    ("outage-since-tuesday", "en",
     "Hi Ms Kruse, I'm really sorry, two days offline when you work from home is awful. A cable was damaged during construction "
     "work on Tuesday; the repair is under way and should be finished by 18:00 today. Send me a private message and I'll check "
     "your line as well.\nBest wishes, Aylin",
     "We regret any inconvenience caused. There is a fault which is being worked on. Please contact our hotline with any "
     "questions. Your Nordwind team",
     ["contains sorry", "contains cable", "contains private", "not_contains inconvenience", "signature"]),
    ("customer-number-in-public", "de",
     "Hallo Frau Schöning, drei Wochen auf eine Gutschrift zu warten ist ärgerlich, das verstehe ich. Ich habe Ihren Kommentar "
     "ausgeblendet, weil Ihre Kundennummer darin stand; posten Sie Ihre Kritik gern noch einmal ohne Nummer. Ich schreibe Ihnen "
     "jetzt eine private Nachricht und kläre das heute. ^Niklas",
     "Hallo Frau Schöning, ich habe unter der Kundennummer 5318-0746 nachgesehen: Die Gutschrift über 23,50 € wurde am "
     "12. November gebucht und kommt mit der nächsten Rechnung. Viele Grüße, Aylin",
     ["no_personal_data", "contains ausgeblendet", "contains berechtigt", "contains privat", "not_contains €"]),
    ("customer-number-in-public", "en",
     "Hi Ms Schöning, waiting three weeks for a credit is frustrating, I understand. I've hidden your comment because it showed "
     "your customer number; feel free to post your criticism again without it. I'm sending you a private message now and "
     "will sort it out today. ^Niklas",
     "Hello Ms Schöning, I've checked customer number 5318-0746: the credit of €23.50 was booked on 12 November and will "
     "appear on your next bill. Best wishes, Aylin",
     ["no_personal_data", "contains hidden", "contains fair", "contains private", "not_contains €"]),
    ("praise-for-a-technician", "de",
     "Hallo Lena, das ist ja schön zu lesen! Ich gebe dein Lob gleich an Tomasz weiter, und deine Katze darf ihm beim "
     "nächsten Mal wieder helfen 😄 Viel Freude mit dem schnellen Netz! ^Aylin",
     "Vielen Dank für Ihr positives Feedback! Wir freuen uns sehr, dass Sie mit unserem Service zufrieden sind. "
     "Ihr Nordwind-Team",
     ["contains tomasz", "contains weiter", "contains katze", "not_contains feedback", "address_form", "signature"]),
    ("praise-for-a-technician", "en",
     "Hi Lena, what a lovely post! I'll pass your kind words on to Tomasz, and your cat is welcome to help him again any "
     "time 😄 Enjoy the fast internet! ^Aylin",
     "Dear customer, thank you for your positive feedback. We are pleased that you are satisfied with our service. "
     "Kind regards, your Nordwind team",
     ["contains tomasz", "contains pass", "contains cat", "not_contains feedback", "signature"]),
    ("troll-on-x", "de",
     "Hi Kai, seit 14:20 Uhr ist die Störung in Gaarden behoben und das Netz läuft stabil. Falls es bei dir noch hakt, "
     "schreib uns gern eine DM, dann prüfe ich deinen Anschluss. ^Aylin",
     "Lol, wenn wir so schlecht sind, kannst du ja gern wechseln 😂 Schönen Tag noch!",
     ["not_contains troll", "contains 14:20", "contains dm", "signature"]),
    ("troll-on-x", "en",
     "Hi Kai, the outage in Gaarden was fixed at 14:20 and the network has been stable since. If something's still wrong on "
     "your line, send us a DM and I'll check it. ^Aylin",
     "Lol, if we're that bad, feel free to switch provider 😂 Have a nice day!",
     ["not_contains troll", "contains 14:20", "contains dm", "signature"]),
    ("colleagues-bad-post", "de",
     "Dennis, bitte lösch deinen Post von heute Abend gleich. Die Kundin ist darauf zu erkennen, und man kann daraus ihr "
     "WLAN-Passwort erraten. Ich hab Team Dialog Bescheid gesagt, die melden sich bei dir. Wenn du reden willst, ruf mich an.",
     "Alter, bist du irre?! 😂 Lösch das sofort, sonst gibt's ne Abmahnung!",
     ["contains kundin", "contains team dialog", "not_contains idiot"]),
    ("colleagues-bad-post", "en",
     "Dennis, please delete your post from tonight straight away. The customer can be recognised and anyone can guess her "
     "Wi-Fi password from it. I've told Team Dialog, they'll be in touch with you. Call me if you want to talk.",
     "Mate, are you mad?! 😂 Delete that now or you'll get fired!",
     ["contains customer", "contains team dialog", "not_contains idiot"]),
    ("crisis-comment", "de",
     "Frau Albrecht, das tut mir sehr leid. Dass Ihr Vater nach seinem Sturz keine Hilfe rufen konnte, darf nicht passieren. "
     "Alles, was wir bisher wissen, steht in unserer Stellungnahme oben auf der Seite. Ich schreibe Ihnen gleich eine private "
     "Nachricht.\nViele Grüße, Aylin",
     "Hallo, die Störung ist seit 23:50 Uhr behoben. Für Notrufe empfehlen wir grundsätzlich, ein Handy bereitzuhalten. "
     "Ihr Nordwind-Team",
     ["contains entschuldig", "contains stellungnahme", "contains privat", "not_contains empfehlen", "signature"]),
    ("crisis-comment", "en",
     "Ms Albrecht, I'm truly sorry. Your father being unable to call for help after his fall should never happen. Everything "
     "we know so far is in our statement at the top of the page. I'll send you a private message in a moment.\nBest wishes, Aylin",
     "Hello, the outage has been fixed since 23:50. For emergency calls we recommend, as a rule, keeping a mobile phone "
     "ready. Your Nordwind team",
     ["contains sorry", "contains statement", "contains private", "not_contains recommend", "signature"]),
]


def failed(key: str, language: str, reply: str) -> list[str]:
    """The checks the reply fails, as the learner's page would run them."""
    results = run_checks(EXERCISES[(language, key)], reply, language, SHIPPED.contract)
    return [r.check.kind + (f" {r.check.value[0]}" if r.check.kind.endswith("contains") else "") for r in results if not r.passed]


@pytest.mark.parametrize(("key", "language", "careful", "hasty", "expected"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES])
def test_a_careful_reply_passes_and_a_hasty_one_fails_the_expected_checks(key, language, careful, hasty, expected):
    assert failed(key, language, careful) == []
    assert failed(key, language, hasty) == expected


def test_every_shipped_exercise_is_tested_in_both_languages():
    assert {(language, key) for key, language, *_ in CASES} == set(EXERCISES)
    assert len({key for _, key in EXERCISES}) >= 6


def test_the_customer_number_is_found_by_the_courses_own_pattern():
    exercise = EXERCISES[("de", "customer-number-in-public")]
    reply = "Zu Ihrer Kundennummer 5318-0746 (auch 53180746) melde ich mich privat. ^Aylin"
    (result,) = [r for r in run_checks(exercise, reply, "de", SHIPPED.contract) if r.check.kind == "no_personal_data"]
    assert result.found == ("contract: 5318-0746", "contract: 53180746")
    # dates, times, prices and postcodes of an ordinary reply are no customer numbers
    calm = "Am 12.11.2026 um 14:20 Uhr haben wir 23,50 € für 24103 Kiel gutgeschrieben. ^Aylin"
    assert [r.found for r in run_checks(exercise, calm, "de", SHIPPED.contract) if r.check.kind == "no_personal_data"] == [()]


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_crisis_comment_waits_for_a_trainer_and_the_others_are_done_by_their_checks(language):
    done = {key: exercise.done for (lang, key), exercise in EXERCISES.items() if lang == language}
    assert done.pop("crisis-comment") == "review"
    assert set(done.values()) == {"checks"}


def test_every_model_answer_passes_its_checks_in_its_language():
    # lessons check says so too; here it is pinned to the shipped course's pattern and both languages
    for (language, _), exercise in EXERCISES.items():
        assert [r.check.kind for r in run_checks(exercise, exercise.model, language, SHIPPED.contract) if not r.passed] == []


# other careful wordings a learner might choose: the checks must not fail them (a check that fails a
# good reply teaches the wrong thing)
OTHER_CAREFUL = [
    ("praise-for-a-technician", "de", "Danke dir, Lena! Tomasz wird sich riesig freuen, ich sag ihm Bescheid. Grüß deine Katze "
                                      "von uns 😄\nViele Grüße, Jana"),
    ("praise-for-a-technician", "en", "Thanks so much, Lena! Tomasz will be thrilled when I share this with him. Say hi to your "
                                      "cat from us 😄\n– Jana"),
    ("outage-since-tuesday", "de", "Guten Tag Frau Kruse, entschuldigen Sie bitte den langen Ausfall. Ein bei Bauarbeiten "
                                   "beschädigtes Kabel wird gerade repariert, bis 18 Uhr soll alles wieder laufen. Schreiben Sie "
                                   "mir gern per PN, dann sehe ich mir Ihre Leitung an. Jana"),
    ("outage-since-tuesday", "en", "Hello Ms Kruse, I apologise, that's far too long to be offline. A cable was damaged by "
                                   "construction work and is being repaired; it should be back by 6 pm. Drop us a private "
                                   "message and I'll look at your line.\nJana"),
    ("customer-number-in-public", "de", "Guten Tag Frau Schöning, das ist zu lang, und ich kann Ihren Ärger verstehen. Ihren "
                                        "Kommentar habe ich verborgen, weil Ihre Kundennummer darin stand, zu Ihrem Schutz. "
                                        "Ich melde mich per PN bei Ihnen. ^Jana"),
    ("customer-number-in-public", "en", "Hello Ms Schöning, three weeks is far too long, I'm sorry. I've hidden your comment to "
                                        "protect your customer number; please post your criticism again without it. I've sent "
                                        "you a DM. ^Jana"),
    ("troll-on-x", "de", "Moin Kai, die Störung ist seit heute Mittag behoben. Wenn bei dir noch was hakt, meld dich per DM. ^Jana"),
    ("troll-on-x", "en", "Hi Kai, the outage was fixed this afternoon. If anything's still not working for you, get in touch "
                         "by DM. ^Jana"),
    ("colleagues-bad-post", "de", "Hi Dennis, nimm den Post bitte gleich raus, die Frau ist darauf zu erkennen und ihr WLAN "
                                  "gleich mit. Team Dialog weiß Bescheid und meldet sich. Wenn du magst, reden wir morgen in Ruhe."),
    ("colleagues-bad-post", "en", "Hi Dennis, please remove that post now: the woman can be recognised, and so can her Wi-Fi. "
                                  "Team Dialog knows and will get in touch. Happy to talk tomorrow if you like."),
    ("crisis-comment", "de", "Guten Morgen Frau Albrecht, es tut uns sehr leid, was Ihr Vater und Sie gestern Abend erlebt "
                             "haben. Alles, was wir wissen, steht in unserer Erklärung oben. Ich habe Ihnen eine persönliche "
                             "Nachricht geschickt. ^Jana"),
    ("crisis-comment", "en", "Good morning Ms Albrecht, we're so sorry for what you and your father went through last night. "
                             "Everything we know is in our statement above. I've sent you a private message. ^Jana"),
]


@pytest.mark.parametrize(("key", "language", "reply"), OTHER_CAREFUL, ids=[f"{c[0]}-{c[1]}" for c in OTHER_CAREFUL])
def test_other_careful_wordings_pass_too(key, language, reply):
    assert failed(key, language, reply) == []
