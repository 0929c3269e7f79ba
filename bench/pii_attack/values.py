"""Principle 4: valid numbers drawn from the rules that issue them.

Each drawer returns a `Number`: the value as its issuer prints it (`layout`), the
format it belongs to (`kind`) and the words a sentence needs to name it (a bank,
a country). Sources: the Ministry of the Interior's resident-number scheme and its
October 2020 change, passport.go.kr (passport letters M/S/R/G/D, the 2021 format),
the Road Traffic Authority's licence region codes, libphonenumber's numbering plans,
the card networks' issuer ranges, the KFTC account-number schemes, the SSA's SSN
rules and the SWIFT IBAN registry.
"""

from __future__ import annotations

import datetime
import ipaddress
import itertools
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import phonenumbers
from phonenumbers import PhoneNumberType

from bench.pii_attack import checks

_GROUP = re.compile(r"[0-9A-Za-z]+")


@dataclass(frozen=True)
class Number:
    pii_type: str
    kind: str
    layout: str  # as printed, e.g. "010-1234-5678", "+82 10-1234-5678", "서울 23-123456-78"
    frame: str = ""  # which sentence frames fit; the type's own by default
    slots: dict[str, str] = field(default_factory=dict)

    @property
    def groups(self) -> tuple[str, ...]:
        return tuple(_GROUP.findall(self.layout))

    @property
    def lead(self) -> str:
        """What the layout prints before its first group ("+", "(", a region name)."""
        first = _GROUP.search(self.layout)
        return self.layout[: first.start()] if first else self.layout

    @property
    def gaps(self) -> tuple[str, ...]:
        spans = [m.span() for m in _GROUP.finditer(self.layout)]
        return tuple(self.layout[a[1] : b[0]] for a, b in itertools.pairwise(spans))

    @property
    def digits(self) -> str:
        return "".join(ch for ch in self.layout if ch.isdigit())


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _date(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, (last - first).days))


RANDOM_TAILS_FROM = datetime.date(2020, 10, 5)


def draw_rrn(rng: random.Random) -> Number:
    """주민등록번호: birth date, gender digit 1-4 by century; before October 2020 a region
    code and a check digit, since then (births and changed numbers) random digits."""
    if rng.random() < 0.6:
        born = _date(rng, datetime.date(1935, 1, 1), RANDOM_TAILS_FROM - datetime.timedelta(1))
        gender = rng.choice("12" if born.year < 2000 else "34")
        first12 = born.strftime("%y%m%d") + gender + f"{rng.randint(0, 95):02d}" + _digits(rng, 3)
        return Number("kr_rrn", "rrn_checksum", _rrn_layout(first12, checks.rrn_check_digit))
    if rng.random() < 0.7:
        born = _date(rng, RANDOM_TAILS_FROM, datetime.date(2025, 12, 31))
    else:  # a number changed after October 2020 keeps its birth date, gets a random tail
        born = _date(rng, datetime.date(1950, 1, 1), datetime.date(2019, 12, 31))
    gender = rng.choice("12" if born.year < 2000 else "34")
    return Number("kr_rrn", "rrn_random_tail", f"{born:%y%m%d}-{gender}{_digits(rng, 6)}")


def _rrn_layout(first12: str, check: Callable[[str], int]) -> str:
    return f"{first12[:6]}-{first12[6:]}{check(first12)}"


def draw_frn(rng: random.Random) -> Number:
    """외국인등록번호: gender digit 5-8; either check-digit variant, or a random tail."""
    born = _date(rng, datetime.date(1950, 1, 1), datetime.date(2025, 12, 31))
    gender = rng.choice("56" if born.year < 2000 else "78")
    if born >= RANDOM_TAILS_FROM or rng.random() < 0.15:
        return Number("kr_frn", "frn_random_tail", f"{born:%y%m%d}-{gender}{_digits(rng, 6)}")
    first12 = born.strftime("%y%m%d") + gender + _digits(rng, 5)
    if rng.random() < 0.5:
        return Number(
            "kr_frn", "frn_legacy_check", _rrn_layout(first12, checks.frn_legacy_check_digit)
        )
    return Number("kr_frn", "frn_rrn_check", _rrn_layout(first12, checks.rrn_check_digit))


PASSPORT_LETTERS = "MSRGD"  # passport.go.kr: multiple, single, residence, government, diplomatic


def draw_passport(rng: random.Random) -> Number:
    letter = rng.choice(PASSPORT_LETTERS)
    if rng.random() < 0.5:
        layout, kind = letter + _digits(rng, 8), "passport_old"
    else:  # since 2021-12-21: letter, three digits, letter, four digits
        serial_letter = rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
        layout, kind = f"{letter}{_digits(rng, 3)}{serial_letter}{_digits(rng, 4)}", "passport_new"
    if rng.random() < 0.2:
        layout, kind = layout.lower(), kind + "_lowercase"
    return Number("kr_passport", kind, layout)


LICENCE_REGIONS = {
    "서울": 11,
    "부산": 12,
    "경기": 13,
    "강원": 14,
    "충북": 15,
    "충남": 16,
    "전북": 17,
    "전남": 18,
    "경북": 19,
    "경남": 20,
    "제주": 21,
    "대구": 22,
    "인천": 23,
    "광주": 24,
    "대전": 25,
    "울산": 26,
}
LICENCE_CODES = (*LICENCE_REGIONS.values(), 28)  # 28: 경기북부


def draw_driver_license(rng: random.Random) -> Number:
    """Region (code, or name on licences before 2014), year, serial, check and reissue."""
    year = rng.choice((*range(70, 100), *range(25)))
    body = f"{year:02d}-{_digits(rng, 6)}-{_digits(rng, 2)}"
    if rng.random() < 0.3:
        region = rng.choice(list(LICENCE_REGIONS))
        return Number("kr_driver_license", "dl_region_name", f"{region} {body}")
    return Number("kr_driver_license", "dl_region_code", f"{rng.choice(LICENCE_CODES)}-{body}")


# -- phones ------------------------------------------------------------------------------

AREA_CODES = (
    "02",
    "031",
    "032",
    "033",
    "041",
    "042",
    "043",
    "044",
    "051",
    "052",
    "053",
    "054",
    "055",
    "061",
    "062",
    "063",
    "064",
)
_KR_PERSONAL_TYPES = {
    PhoneNumberType.MOBILE,
    PhoneNumberType.FIXED_LINE,
    PhoneNumberType.VOIP,
    PhoneNumberType.PERSONAL_NUMBER,
}
FOREIGN_REGIONS = (
    ("US", "미국", "US"),
    ("CA", "캐나다", "Canadian"),
    ("GB", "영국", "UK"),
    ("JP", "일본", "Japanese"),
    ("CN", "중국", "Chinese"),
    ("DE", "독일", "German"),
    ("FR", "프랑스", "French"),
    ("AU", "호주", "Australian"),
    ("VN", "베트남", "Vietnamese"),
    ("PH", "필리핀", "Philippine"),
    ("TH", "태국", "Thai"),
    ("SG", "싱가포르", "Singapore"),
    ("IN", "인도", "Indian"),
    ("TW", "대만", "Taiwanese"),
    ("ES", "스페인", "Spanish"),
)


def _kr_valid(layout: str) -> bool:
    number = phonenumbers.parse(layout, "KR")
    return phonenumbers.is_valid_number(number) and (
        phonenumbers.number_type(number) in _KR_PERSONAL_TYPES
    )


def _subscriber(rng: random.Random, lengths: tuple[int, ...] = (3, 4)) -> str:
    return f"{rng.randint(2, 9)}{_digits(rng, rng.choice(lengths) - 1)}-{_digits(rng, 4)}"


def _korean_national(rng: random.Random, kind: str) -> str:
    if kind == "phone_mobile":
        return f"010-{_subscriber(rng, (4,))}"
    if kind == "phone_mobile_legacy":
        return f"01{rng.choice('16789')}-{_subscriber(rng)}"
    if kind == "phone_landline":
        return f"{rng.choice(AREA_CODES)}-{_subscriber(rng)}"
    if kind == "phone_070":
        return f"070-{_subscriber(rng, (4,))}"
    return f"050{rng.choice('2345678')}-{_subscriber(rng)}"  # 050x relay numbers


def draw_phone(rng: random.Random) -> Number:
    kind = rng.choices(
        ("phone_mobile", "phone_mobile_legacy", "phone_landline", "phone_070", "phone_050x"),
        (10, 1, 4, 2, 2),
    )[0]
    roll = rng.random()
    if roll < 0.2:
        return _foreign_phone(rng, national=True)
    if roll < 0.3:
        return _foreign_phone(rng, national=False)
    while True:
        national = _korean_national(rng, kind)
        if _kr_valid(national):
            break
    if roll < 0.45:
        rest = national[1:]
        layout = rng.choice(
            (
                f"+82 {rest}",
                f"+82-{rest}",
                "+82 " + rest.replace("-", " "),
                "+82" + rest.replace("-", ""),
            )
        )
        return Number("phone", "phone_plus82", layout)
    return Number("phone", kind, national)


def _foreign_phone(rng: random.Random, national: bool) -> Number:
    region, name_ko, name_en = rng.choice(FOREIGN_REGIONS)
    wanted = rng.choice((PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE))
    example = phonenumbers.example_number_for_type(region, wanted)
    assert example is not None, region
    nsn = phonenumbers.national_significant_number(example)
    while True:  # the example's length and first digit, the rest at random
        candidate = nsn[0] + _digits(rng, len(nsn) - 1)
        number = phonenumbers.parse("+" + str(example.country_code) + candidate)
        kind = phonenumbers.number_type(number)
        if phonenumbers.is_valid_number(number) and kind in (
            PhoneNumberType.MOBILE,
            PhoneNumberType.FIXED_LINE,
            PhoneNumberType.FIXED_LINE_OR_MOBILE,
        ):
            break
    if national:
        layout = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        slots = {"country_ko": name_ko, "country_en": name_en}
        return Number("phone", "phone_foreign_national", layout, "phone_foreign", slots)
    layout = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return Number("phone", "phone_foreign_international", layout)


# -- cards -------------------------------------------------------------------------------

CARD_ISSUERS: tuple[tuple[str, tuple[tuple[str, str], ...], tuple[int, ...]], ...] = (
    ("visa", (("4", "4"),), (16, 16, 16, 13, 19)),
    ("mastercard", (("51", "55"), ("2221", "2720")), (16,)),
    ("amex", (("34", "34"), ("37", "37")), (15,)),
    ("discover", (("6011", "6011"), ("644", "649"), ("65", "65")), (16, 19)),
    ("jcb", (("3528", "3589"),), (16,)),
    ("unionpay", (("62", "62"),), (16, 19)),
    ("diners", (("36", "36"), ("300", "305"), ("38", "39")), (14,)),
    (
        "maestro",
        (
            ("5018", "5018"),
            ("5020", "5020"),
            ("5038", "5038"),
            ("5893", "5893"),
            ("6304", "6304"),
            ("6759", "6759"),
            ("6761", "6763"),
        ),
        (16, 19),
    ),
    ("mir", (("2200", "2204"),), (16,)),
    ("rupay", (("60", "60"), ("81", "82"), ("508", "508")), (16,)),
    ("verve", (("506099", "506198"), ("650002", "650027")), (16, 19)),
    ("troy", (("9792", "9792"),), (16,)),
)
CARD_GROUPS = {13: (4, 4, 5), 14: (4, 6, 4), 15: (4, 6, 5), 16: (4, 4, 4, 4), 19: (4, 4, 4, 4, 3)}


def card_payload(rng: random.Random) -> tuple[str, str]:
    """An issuer's prefix and random body, without the check digit: (issuer, digits)."""
    issuer, ranges, lengths = rng.choice(CARD_ISSUERS)
    low, high = rng.choice(ranges)
    prefix = str(rng.randint(int(low), int(high))).zfill(len(low))
    length = rng.choice(lengths)
    return issuer, prefix + _digits(rng, length - len(prefix) - 1)


def group_digits(digits: str, sizes: tuple[int, ...], separator: str) -> str:
    out, at = [], 0
    for size in sizes:
        out.append(digits[at : at + size])
        at += size
    return separator.join(out)


def draw_card(rng: random.Random) -> Number:
    while True:
        issuer, payload = card_payload(rng)
        number = payload + str(checks.luhn_check_digit(payload))
        if len(set(number)) > 2:
            break
    layout = group_digits(number, CARD_GROUPS[len(number)], rng.choice(("-", " ")))
    return Number("credit_card", f"card_{issuer}", layout)


# -- bank accounts -----------------------------------------------------------------------

# (names people write, English name, templates: # is a random digit, {a|b} one of the
# choices, {lo-hi} a number in the range). From the KFTC CMS
# account schemes: KB 6-2-6 and 3-2-4-3, Shinhan 3-3-6 from 100-161, Woori 1002-, Hana
# 3-6-5 and 3-6-3, NH 301-/302-/312- and 지역농협 351-, IBK 3-6-2-3, KakaoBank 3333-/3355-,
# Toss 1000-, and the post office, SC, K bank and MG forms.
BANKS: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = (
    (
        ("국민", "국민은행", "KB국민은행", "KB"),
        "KB Kookmin Bank",
        ("######-##-######", "###-##-####-###"),
    ),
    (("신한", "신한은행"), "Shinhan Bank", ("110-###-######", "{100-161}-###-######")),
    (("우리", "우리은행"), "Woori Bank", ("1002-###-######",)),
    (
        ("하나", "하나은행", "KEB하나"),
        "Hana Bank",
        ("###-######-#####", "{600|601|610|611|620|621|630|631}-######-###"),
    ),
    (
        ("농협", "NH농협", "농협은행"),
        "NH Bank",
        ("301-####-####-##", "302-####-####-##", "351-####-####-##"),
    ),
    (("기업", "IBK기업은행", "기업은행"), "IBK", ("###-######-0#-###",)),
    (("카뱅", "카카오뱅크"), "KakaoBank", ("3333-##-#######", "3355-##-#######")),
    (("토스", "토스뱅크"), "Toss Bank", ("1000-####-####",)),
    (("우체국",), "Korea Post", ("######-##-######",)),
    (("SC제일", "SC제일은행"), "SC First Bank", ("###-##-######",)),
    (("케이뱅크", "케뱅"), "K Bank", ("100-###-######",)),
    (("새마을금고", "MG새마을금고"), "MG Community Credit", ("9###-####-####-#",)),
)


_TEMPLATE_TOKEN = re.compile(r"\{(\d+)-(\d+)\}|\{([\d|]+)\}|#")


def _fill(rng: random.Random, template: str) -> str:
    def token(m: re.Match[str]) -> str:
        if m[0] == "#":
            return str(rng.randint(0, 9))
        if m[3]:
            return rng.choice(str(m[3]).split("|"))
        return str(rng.randint(int(m[1]), int(m[2])))

    return _TEMPLATE_TOKEN.sub(token, template)


def _phone_shaped(digits: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(digits, "KR"))
    except phonenumbers.NumberParseException:
        return False


def draw_bank_account(rng: random.Random) -> Number:
    """An account number with the bank that holds it. Accounts that are also valid
    phone numbers (lifetime accounts) are left out: their label is contestable."""
    names, english, templates = rng.choice(BANKS)
    while True:
        layout = _fill(rng, rng.choice(templates))
        if not _phone_shaped(layout.replace("-", "")):
            break
    slots = {"bank_ko": rng.choice(names), "bank_en": english}
    return Number("bank_account", "bank_" + english.split()[0].lower(), layout, slots=slots)


# -- US SSN --------------------------------------------------------------------------------

SAMPLE_SSNS = frozenset({"078051120", "219099999", "457555462"})  # printed on sample cards/ads


def draw_ssn(rng: random.Random) -> Number:
    """Area 001-899 except 666, group 01-99, serial 0001-9999 (SSA rules)."""
    while True:
        area = rng.choice([a for a in range(1, 900) if a != 666])
        digits = f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"
        if digits not in SAMPLE_SSNS:
            break
    separator = rng.choice(("-", "-", " "))
    return Number("us_ssn", "ssn", group_digits(digits, (3, 2, 4), separator))


# -- IBAN ----------------------------------------------------------------------------------

# SWIFT registry BBAN formats (n digits, a upper-case letters, c alphanumerics) for
# countries without a national check digit in the BBAN; the others are built below.
IBAN_FORMATS = {
    "DE": "8n10n",
    "GB": "4a6n8n",
    "IE": "4a6n8n",
    "CH": "5n12c",
    "LI": "5n12c",
    "AT": "5n11n",
    "LU": "3n13c",
    "DK": "4n9n1n",
    "SE": "3n17n",
    "SA": "2n18c",
    "AE": "3n16n",
    "TR": "5n1n16c",
    "BR": "8n5n10n1a1c",
    "GR": "3n4n16c",
    "RO": "4a16c",
    "MT": "4a5n18c",
    "QA": "4a21c",
    "KW": "4a22c",
}
_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
DUTCH_BANKS = ("ABNA", "INGB", "RABO", "TRIO", "KNAB", "BUNQ", "SNSB", "ASNB")


def _bban_from_format(rng: random.Random, spec: str) -> str:
    out = []
    for count, kind in re.findall(r"(\d+)([nac])", spec):
        for _ in range(int(count)):
            if kind == "n" or (kind == "c" and rng.random() < 0.85):
                out.append(rng.choice("0123456789"))
            else:
                out.append(rng.choice(_UPPER))
    return "".join(out)


def _bban_with_national_check(rng: random.Random, country: str) -> str:
    if country == "BE":
        first = _digits(rng, 10)
        return f"{first}{checks.mod97_key(first):02d}"
    if country == "ES":
        bank_branch, account = _digits(rng, 8), _digits(rng, 10)
        control = f"{checks.spanish_control_digit('00' + bank_branch)}"
        return bank_branch + control + f"{checks.spanish_control_digit(account)}" + account
    if country == "FR":
        bank, branch, account = _digits(rng, 5), _digits(rng, 5), _digits(rng, 11)
        return f"{bank}{branch}{account}{checks.french_rib_key(bank, branch, account):02d}"
    if country == "IT":
        rest = _digits(rng, 22)
        return checks.italian_cin(rest) + rest
    if country == "NO":
        while (check := checks.norwegian_mod11(first := _digits(rng, 10))) is None:
            pass
        return f"{first}{check}"
    if country == "PT":
        first = _digits(rng, 19)
        return first + checks.portuguese_nib_check(first)
    while not checks.dutch_eleven_proof(account := _digits(rng, 10)):  # NL
        pass
    return rng.choice(DUTCH_BANKS) + account


IBAN_COUNTRIES = (*IBAN_FORMATS, "BE", "ES", "FR", "IT", "NO", "PT", "NL")


def iban_parts(rng: random.Random) -> tuple[str, str]:
    country = rng.choice(IBAN_COUNTRIES)
    if country in IBAN_FORMATS:
        return country, _bban_from_format(rng, IBAN_FORMATS[country])
    return country, _bban_with_national_check(rng, country)


def print_iban(compact: str) -> str:
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def draw_iban(rng: random.Random) -> Number:
    country, bban = iban_parts(rng)
    compact = country + checks.iban_check_digits(country, bban) + bban
    case = rng.choices(("upper", "lower", "mixed"), (6, 3, 1))[0]
    if case == "lower":
        compact = compact.lower()
    elif case == "mixed":
        compact = "".join(ch.lower() if rng.random() < 0.5 else ch for ch in compact)
    return Number("iban", f"iban_{case}", print_iban(compact))


def draw_ipv4(rng: random.Random) -> Number:
    """A public unicast address: globally routable, not documentation, not a resolver
    everyone knows (8.8.8.8 identifies no one)."""
    while True:
        octets = [
            rng.randint(1, 223),
            rng.randint(0, 255),
            rng.randint(0, 255),
            rng.randint(1, 254),
        ]
        address = ".".join(map(str, octets))
        if is_public_ipv4(address):
            return Number("ip_address", "ipv4", address)


def is_public_ipv4(address: str) -> bool:
    ip = ipaddress.IPv4Address(address)
    return ip.is_global and not ip.is_multicast and address not in WELL_KNOWN_RESOLVERS


WELL_KNOWN_RESOLVERS = frozenset({"8.8.8.8", "8.8.4.4", "1.1.1.1", "1.0.0.1", "9.9.9.9"})

NUMBER_DRAWERS: dict[str, Callable[[random.Random], Number]] = {
    "kr_rrn": draw_rrn,
    "kr_frn": draw_frn,
    "kr_passport": draw_passport,
    "kr_driver_license": draw_driver_license,
    "phone": draw_phone,
    "credit_card": draw_card,
    "bank_account": draw_bank_account,
    "us_ssn": draw_ssn,
    "iban": draw_iban,
}
