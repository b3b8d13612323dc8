"""The personal-data detectors: a table of what each must find, and of what must stay quiet."""

import re
import time

import pytest

from course.content.detectors import find_personal_data, iban_valid, safe_pattern

CONTRACT = re.compile(r"NW-\d{8}")

FOUND = [
    # German and international phone formats
    ("Rufen Sie 0421 1234567 an", "phone", "0421 1234567"),
    ("Tel. 0421/1234567", "phone", "0421/1234567"),
    ("Handy 0170-1234567", "phone", "0170-1234567"),
    ("mobil 0151 234 56789", "phone", "0151 234 56789"),
    ("+49 421 1234567", "phone", "+49 421 1234567"),
    ("+49 (0)30 123 4567", "phone", "+49 (0)30 123 4567"),
    ("0049 30 1234567", "phone", "0049 30 1234567"),
    ("call +44 20 7946 0958", "phone", "+44 20 7946 0958"),
    ("call +1 212-555-0199", "phone", "+1 212-555-0199"),
    # e-mail
    ("schreib an jana.peters@example.de bitte", "email", "jana.peters@example.de"),
    ("mail: j+kurs@mail.example.co.uk", "email", "j+kurs@mail.example.co.uk"),
    # IBANs with valid check digits, printed in groups or not
    ("IBAN DE89 3704 0044 0532 0130 00", "iban", "DE89 3704 0044 0532 0130 00"),
    ("IBAN DE89370400440532013000.", "iban", "DE89370400440532013000"),
    ("GB82 WEST 1234 5698 7654 32", "iban", "GB82 WEST 1234 5698 7654 32"),
    # the course's contract-number pattern
    ("mein Vertrag NW-12345678 ist betroffen", "contract", "NW-12345678"),
    # street addresses with numbers
    ("ich wohne in der Hafenstraße 12", "address", "Hafenstraße 12"),
    ("Lindenweg 3a, Bremen", "address", "Lindenweg 3a"),
    ("Am Marktplatz 7", "address", "Marktplatz 7"),
    ("Schillerstr. 45", "address", "Schillerstr. 45"),
    ("10 Downing Street", "address", "10 Downing Street"),
]

QUIET = [
    "Wir melden uns um 14:30 Uhr.",  # a time
    "Seit 08:15 geht nichts.",
    "Die Störung begann am 01.03.2024.",  # dates
    "Seit dem 2024-05-01 kein Netz.",
    "Am 3. Mai um 9 Uhr.",
    "Der Tarif kostet 49,99 € im Monat.",  # prices
    "Nur 1.299,00 EUR!",
    "Wir sind in 10115 Berlin.",  # postcodes standing alone
    "Das betrifft 01067 Dresden und 28195 Bremen.",
    "IBAN DE89 3704 0044 0532 0130 01 (wrong check digits)",  # not an IBAN: no finding at all
    "Ticket 4711 ist erledigt.",  # short numbers
    "Wir haben 100 000 Kunden.",
    "Die Straße ist gesperrt.",  # a street without a number
    "@nordwind hilf mir",  # a handle is no e-mail address
    "Vertrag NW-1234 (too short for the pattern)",
]


@pytest.mark.parametrize(("text", "kind", "found"), FOUND)
def test_detector_finds_and_names_it(text, kind, found):
    assert [(f.kind, f.text) for f in find_personal_data(text, CONTRACT)] == [(kind, found)]


@pytest.mark.parametrize("text", QUIET)
def test_detector_stays_quiet_on_times_dates_prices_postcodes(text):
    assert find_personal_data(text, CONTRACT) == []


def test_several_findings_each_named():
    text = "Jana Peters, Hafenstraße 12, jana@example.de, 0421 1234567, NW-12345678"
    kinds = sorted(f.kind for f in find_personal_data(text, CONTRACT))
    assert kinds == ["address", "contract", "email", "phone"]


def test_iban_check_digits():
    assert iban_valid("DE89 3704 0044 0532 0130 00")
    assert not iban_valid("DE88 3704 0044 0532 0130 00")
    assert not iban_valid("DE89")


@pytest.mark.parametrize(("pattern", "problem"), [
    (r"(a+)+b", "repeat inside a repeat"),
    (r"(\d*)*", "repeat inside a repeat"),
    (r"(?:x|(y+))*", "repeat inside a repeat"),
    (r"(\d)\1", "back-reference"),
    (r"NW(?=\d)", "look-around"),
    (r"\d*", "matches the empty text"),
    (r"NW-[", "not a valid regular expression"),
    ("N" * 201, "1 to 200 characters"),
])
def test_unsafe_contract_patterns_are_refused(pattern, problem):
    compiled, why = safe_pattern(pattern)
    assert compiled is None and problem in why


@pytest.mark.parametrize("pattern", [r"NW-\d{8}", r"(?:KD|VT)-?\d{6,10}", r"\b[0-9]{3}-[0-9]{4}\b"])
def test_safe_contract_patterns_compile(pattern):
    assert safe_pattern(pattern)[0] is not None


def test_detectors_are_fast_on_a_long_hostile_reply():
    hostile = ("0" * 40 + " ") * 120 + "a" * 2000 + "@" * 500
    started = time.perf_counter()
    find_personal_data(hostile[:5000], CONTRACT)
    assert time.perf_counter() - started < 0.5
