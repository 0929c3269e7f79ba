"""The red-team generator is only as fair as its values: every drawn value must be
valid by the issuer's rules, every negative must fail them, and every gold span must
be exactly the value as written."""

from __future__ import annotations

import datetime
import random
import unicodedata

import phonenumbers
import pytest

from bench.pii_attack import checks
from bench.pii_attack.digit_forms import DIGIT_FORMS, korean_composite, make_speller, numeric_table
from bench.pii_attack.negatives import NEGATIVE_FAMILIES, NUMBER_NEGATIVES, draw_negative
from bench.pii_attack.records import PII_TYPES, draw_positive
from bench.pii_attack.values import (
    LICENCE_CODES,
    PASSPORT_LETTERS,
    draw_card,
    draw_driver_license,
    draw_iban,
    draw_passport,
    draw_phone,
    draw_rrn,
    draw_ssn,
    is_public_ipv4,
)

SEEDS = range(200)


def _birth_date(rrn: str) -> datetime.date:
    century = {
        "1": 1900,
        "2": 1900,
        "3": 2000,
        "4": 2000,
        "5": 1900,
        "6": 1900,
        "7": 2000,
        "8": 2000,
    }
    return datetime.date(century[rrn[6]] + int(rrn[:2]), int(rrn[2:4]), int(rrn[4:6]))


def test_resident_numbers_have_real_dates_and_check_digits_before_october_2020() -> None:
    for seed in SEEDS:
        number = draw_rrn(random.Random(seed))
        digits = number.digits
        born = _birth_date(digits)  # raises on an impossible date
        if number.kind == "rrn_checksum":
            assert born < datetime.date(2020, 10, 5)
            assert checks.rrn_check_digit(digits[:12]) == int(digits[12])
        assert digits[6] in "1234"


def test_the_check_digit_algorithms_agree_with_published_examples() -> None:
    assert checks.luhn_valid("4111111111111111")
    for iban in (
        "DE89370400440532013000",
        "GB29NWBK60161331926819",
        "BE68539007547034",
        "ES9121000418450200051332",
        "IT60X0542811101000000123456",
        "NO9386011117947",
        "PT50000201231234567890154",
        "NL91ABNA0417164300",
    ):
        assert checks.iban_valid(iban)
    assert checks.mod97_key("5390075470") == 34
    assert checks.spanish_control_digit("0200051332") == 5
    assert checks.french_rib_key("30006", "00001", "12345678901") == 89
    assert checks.italian_cin("0542811101000000123456") == "X"
    assert checks.norwegian_mod11("8601111794") == 7
    assert checks.dutch_eleven_proof("0417164300")


def test_cards_ibans_ssns_passports_and_licences_follow_their_rules() -> None:
    for seed in SEEDS:
        rng = random.Random(seed)
        assert checks.luhn_valid(draw_card(rng).digits)
        assert checks.iban_valid(draw_iban(rng).layout.replace(" ", ""))
        area, group, serial = draw_ssn(rng).groups
        assert area not in ("000", "666") and area < "900" and group != "00" and serial != "0000"
        assert draw_passport(rng).layout[0].upper() in PASSPORT_LETTERS
        licence = draw_driver_license(rng)
        if licence.kind == "dl_region_code":
            assert int(licence.groups[0]) in LICENCE_CODES


def test_phone_numbers_are_valid_in_their_numbering_plan() -> None:
    for seed in SEEDS:
        number = draw_phone(random.Random(seed))
        if number.kind == "phone_foreign_national":
            continue  # national format: valid in a region the sentence names
        parsed = phonenumbers.parse(number.layout, "KR")
        assert phonenumbers.is_valid_number(parsed), number


def test_the_digit_table_covers_the_code_space() -> None:
    table = numeric_table()
    assert len(table.decimal_zeros) > 60  # every script's decimal digits, not a hand list
    for zero in table.decimal_zeros:
        assert unicodedata.digit(chr(zero + 9)) == 9
    assert "①" in table.other[1] and "Ⅳ" in table.other[4] and "一" in table.cjk[1]
    assert korean_composite(4749) == "사천칠백사십구" and korean_composite(1010) == "천십"


@pytest.mark.parametrize("form", DIGIT_FORMS)
def test_every_digit_form_writes_every_digit_differently_from_ascii(form: str) -> None:
    speller = make_speller(random.Random(1), form)
    written = speller.spell("0123456789")
    assert written, form
    if form not in ("ascii", "mixed_groups"):
        assert written != "0123456789", form


@pytest.mark.parametrize("pii_type", PII_TYPES)
def test_gold_spans_are_the_written_value(pii_type: str) -> None:
    for seed in SEEDS:
        record = draw_positive(random.Random(seed), pii_type)
        (span,) = record.spans
        value = record.text[span.start : span.end]
        assert value and value == value.strip(), (record.text, span)
        assert span.type == pii_type


@pytest.mark.parametrize("family", NUMBER_NEGATIVES)
def test_near_miss_numbers_fail_their_validators(family: str) -> None:
    for seed in SEEDS:
        number = NUMBER_NEGATIVES[family](random.Random(seed))
        digits = number.digits
        if family == "bad_luhn":
            assert not checks.luhn_valid(digits)
        elif family == "bad_iban":
            assert not checks.iban_valid(number.layout)
        elif family == "private_ip":
            assert not is_public_ipv4(number.layout)
        elif family == "impossible_date":
            with pytest.raises(ValueError):
                _birth_date(digits)
        elif family == "rep_number":
            parsed = phonenumbers.parse(number.layout, "KR")
            assert phonenumbers.number_type(parsed) not in (
                phonenumbers.PhoneNumberType.MOBILE,
                phonenumbers.PhoneNumberType.FIXED_LINE,
            )


@pytest.mark.parametrize("family", NEGATIVE_FAMILIES)
def test_negatives_carry_no_span(family: str) -> None:
    record = draw_negative(random.Random(7), family)
    assert record.spans == () and record.text
