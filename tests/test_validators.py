"""Checksums and numbering plans, on generated numbers."""

from __future__ import annotations

import pytest

from service.pii.validators import (
    Verdict,
    bank_account,
    email,
    handle,
    iban,
    ip_address,
    kr_driver_license,
    kr_frn,
    kr_rrn,
    luhn,
    nanp_phone,
    phone,
    us_ssn,
)


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        ("900101-1234568", Verdict.CONFIRMED),  # checksum holds
        ("770509-2708261", Verdict.CONFIRMED),  # weighted sum divisible by 11: check digit 1
        ("770509-2708260", Verdict.DOUBTFUL),
        ("900101-1234567", Verdict.DOUBTFUL),  # wrong checksum, born before 2020-10
        ("221015-3788838", Verdict.PLAUSIBLE),  # born after 2020-10: random tail expected
        ("900230-1234568", Verdict.INVALID),  # 30 February
        ("900101-5234568", Verdict.INVALID),  # a foreigner's gender digit
    ],
)
def test_resident_registration_number(value: str, verdict: Verdict) -> None:
    assert kr_rrn(value) is verdict


def test_foreigner_number_accepts_both_checksum_variants() -> None:
    # The weighted sum of 880716594376 is divisible by 11, the edge of both formulas.
    assert kr_frn("8807165943763") is Verdict.CONFIRMED  # (13 - S mod 11) mod 10
    assert kr_frn("8807165943761") is Verdict.CONFIRMED  # the RRN formula
    assert kr_frn("8807165943762") is Verdict.DOUBTFUL
    assert kr_frn("9001011234568") is Verdict.INVALID


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        ("4532-0151-1283-0366", Verdict.CONFIRMED),
        ("9410 1234 5678 9010", Verdict.CONFIRMED),  # Korean domestic range
        ("378282246310005", Verdict.CONFIRMED),  # Amex, 15 digits
        ("4532-0151-1283-0367", Verdict.INVALID),  # Luhn fails
        ("0000 0000 0000 0000", Verdict.INVALID),
        ("1234-5678-9012-3452", Verdict.PLAUSIBLE),  # Luhn holds, no issuer
    ],
)
def test_card_numbers(value: str, verdict: Verdict) -> None:
    assert luhn(value) is verdict


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        ("DE89 3704 0044 0532 0130 00", Verdict.CONFIRMED),
        ("GB29NWBK60161331926819", Verdict.CONFIRMED),
        ("DE89 3704 0044 0532 0130 01", Verdict.INVALID),
        ("DE89 3704 0044 0532 0130", Verdict.INVALID),  # too short for Germany
        ("KR12 3456 7890 1234 56", Verdict.INVALID),  # Korea has no IBAN
        ("NL09 KNAB 71O2 8225 12", Verdict.CONFIRMED),  # O typed for 0 beside a digit
        ("NL09 KNAB 71O2 8225 13", Verdict.INVALID),
    ],
)
def test_ibans(value: str, verdict: Verdict) -> None:
    assert iban(value) is verdict


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        ("010-3155-3815", Verdict.CONFIRMED),
        ("070-4640-6915", Verdict.CONFIRMED),
        ("0505-123-4567", Verdict.CONFIRMED),
        ("02-745-1234", Verdict.PLAUSIBLE),
        ("+82 10-2470-8003", Verdict.CONFIRMED),
        ("+49 152 49012479", Verdict.CONFIRMED),
        ("1588-1234", Verdict.INVALID),
        ("080-123-4567", Verdict.INVALID),
        ("035-123-4567", Verdict.INVALID),  # no such area code
        ("010-5975-5678", Verdict.PLAUSIBLE),  # issued, though libphonenumber disagrees
        ("+852 9979 3981", Verdict.DOUBTFUL),
    ],
)
def test_phone_numbers(value: str, verdict: Verdict) -> None:
    assert phone(value) is verdict


def test_north_american_numbers() -> None:
    assert nanp_phone("415-656-9888") is Verdict.PLAUSIBLE
    assert nanp_phone("123-456-7890") is Verdict.INVALID


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        ("309-90-2260", Verdict.PLAUSIBLE),
        ("000-12-3456", Verdict.INVALID),
        ("666-12-3456", Verdict.INVALID),
        ("912-12-3456", Verdict.INVALID),
        ("309-00-2260", Verdict.INVALID),
        ("309-90-0000", Verdict.INVALID),
        ("078-05-1120", Verdict.INVALID),
    ],
)
def test_social_security_numbers(value: str, verdict: Verdict) -> None:
    assert us_ssn(value) is verdict


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        ("112.54.63.157", Verdict.PLAUSIBLE),
        ("1.2.3.4", Verdict.DOUBTFUL),
        # addresses that identify no one: private, shared, link-local, loopback,
        # documentation, reserved IPv6, and IPv6 forms of private IPv4 addresses
        ("192.168.0.10", Verdict.INVALID),
        ("10.20.30.40", Verdict.INVALID),
        ("100.64.12.7", Verdict.INVALID),
        ("169.254.10.20", Verdict.INVALID),
        ("127.0.0.1", Verdict.INVALID),
        ("203.0.113.9", Verdict.INVALID),
        ("fe80::1ff:fe23:4567:890a", Verdict.INVALID),
        ("fd12:3456:789a::1", Verdict.INVALID),
        ("684d:1111:222:3333:4444:5555:6:77", Verdict.INVALID),
        ("::ffff:192.168.1.1", Verdict.INVALID),
        ("64:ff9b::192.0.2.1", Verdict.INVALID),
        ("300.1.1.1", Verdict.INVALID),
        ("2001:7fa:53be:edf4:8217:538b:af6a:e619", Verdict.PLAUSIBLE),
        ("::ffff:129.144.52.38", Verdict.PLAUSIBLE),
        ("2002:8190:3426::1", Verdict.PLAUSIBLE),  # 6to4 of 129.144.52.38
        ("14:30:00", Verdict.INVALID),
    ],
)
def test_ip_addresses(value: str, verdict: Verdict) -> None:
    assert ip_address(value) is verdict


def test_driver_licence_region_codes() -> None:
    assert kr_driver_license("22-94-164978-12") is Verdict.PLAUSIBLE
    assert kr_driver_license("27-94-164978-12") is Verdict.INVALID
    assert kr_driver_license("23-621248-99") is Verdict.PLAUSIBLE  # after a region name


def test_bank_accounts_rule_out_what_they_cannot_be() -> None:
    assert bank_account("110-134-779494") is Verdict.PLAUSIBLE
    assert bank_account("010-1234-5678") is Verdict.DOUBTFUL  # a mobile number
    assert bank_account("055-246-4767") is Verdict.DOUBTFUL  # a Gyeongnam landline
    assert bank_account("1234-5678") is Verdict.INVALID
    assert bank_account("1111111111") is Verdict.INVALID
    assert bank_account("2025.11.03 14") is Verdict.INVALID  # a date and an hour


@pytest.mark.parametrize(
    ("value", "verdict"),
    [
        ("boram1170", Verdict.PLAUSIBLE),
        ("sua.kwon", Verdict.PLAUSIBLE),
        ("message", Verdict.INVALID),  # a word
        ("v10.4.2", Verdict.INVALID),  # a version
        ("GPT4o", Verdict.INVALID),  # a product name
        ("RTX5090", Verdict.INVALID),
    ],
)
def test_handles(value: str, verdict: Verdict) -> None:
    assert handle(value) is verdict


def test_email_top_level_domain_is_a_word() -> None:
    assert email("kim@naver.com") is Verdict.PLAUSIBLE
    assert email("icon@2x.png") is Verdict.INVALID
    assert email("meet@5.30") is Verdict.INVALID
