"""Validators that policy files name: checks a regular expression cannot express.

Each validator takes the matched value (in normalised form) and returns a verdict. A
verdict moves the finding's confidence; only ``INVALID`` dismisses it. Checks that are
known to fail on real numbers (the RRN checksum of numbers issued since October 2020)
return ``DOUBTFUL``, never ``INVALID``.
"""

from __future__ import annotations

import datetime as dt
import enum
import ipaddress
import re
import string
from collections.abc import Callable

import phonenumbers
from phonenumbers import PhoneNumberType


class Verdict(enum.Enum):
    CONFIRMED = "confirmed"  # a checksum or numbering plan vouches for it
    PLAUSIBLE = "plausible"  # well formed; nothing more to say
    DOUBTFUL = "doubtful"  # well formed, but a check that usually holds failed
    INVALID = "invalid"  # cannot be this kind of value


Validator = Callable[[str], Verdict]
VALIDATORS: dict[str, Validator] = {}


def _register(function: Validator) -> Validator:
    VALIDATORS[function.__name__] = function
    return function


_NON_DIGITS = re.compile("[^0-9]+")


def digits_of(value: str) -> str:
    return _NON_DIGITS.sub("", value)


# Every straight run of up to 21 digits (1234567890, 7890123) is a substring of these.
_ASCENDING = string.digits * 3
_DESCENDING = _ASCENDING[::-1]


def _repetitive(digits: str) -> bool:
    """All one digit, or a straight run such as 1234567890 / 9876543210."""
    return bool(digits) and (len(set(digits)) == 1 or digits in _ASCENDING or digits in _DESCENDING)


# -- Korean registration numbers ------------------------------------------------------

_RRN_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)
_CENTURY = {"1": 1900, "2": 1900, "3": 2000, "4": 2000, "5": 1900, "6": 1900, "7": 2000, "8": 2000}
# From 2020-10-05 the digits after the gender digit are random for newly issued numbers.
_RANDOM_TAILS_SINCE = dt.date(2020, 10, 5)


def _birth_date(digits: str) -> dt.date | None:
    century = _CENTURY.get(digits[6])
    if century is None:
        return None
    try:
        return dt.date(century + int(digits[:2]), int(digits[2:4]), int(digits[4:6]))
    except ValueError:
        return None


def _weighted_sum(digits: str) -> int:
    return sum(int(d) * w for d, w in zip(digits, _RRN_WEIGHTS, strict=False))


def _registration_number(value: str, genders: str, checks: tuple[int, ...]) -> Verdict:
    digits = digits_of(value)
    if len(digits) != 13 or digits[6] not in genders:
        return Verdict.INVALID
    born = _birth_date(digits)
    if born is None:
        return Verdict.INVALID
    remainder = _weighted_sum(digits) % 11
    # check digit = (offset - S mod 11) mod 10; a remainder of 0 gives 1 (11 mod 10), not 0.
    if any((offset - remainder) % 10 == int(digits[12]) for offset in checks):
        return Verdict.CONFIRMED
    return Verdict.PLAUSIBLE if born >= _RANDOM_TAILS_SINCE else Verdict.DOUBTFUL


@_register
def kr_rrn(value: str) -> Verdict:
    """주민등록번호: a real birth date, gender digit 1-4, the mod-11 checksum."""
    return _registration_number(value, "1234", (11,))


@_register
def kr_frn(value: str) -> Verdict:
    """외국인등록번호: gender digit 5-8; both checksum variants in use are accepted."""
    return _registration_number(value, "5678", (11, 13))


@_register
def kr_driver_license(value: str) -> Verdict:
    """운전면허번호: twelve digits starting with a region code (11-26, 28)."""
    digits = digits_of(value)
    if len(digits) == 10:  # the older form printed after a region name (서울 12-345678-90)
        return Verdict.PLAUSIBLE
    if len(digits) != 12 or _repetitive(digits):
        return Verdict.INVALID
    region = int(digits[:2])
    return Verdict.PLAUSIBLE if 11 <= region <= 26 or region == 28 else Verdict.INVALID


# -- cards and bank numbers -----------------------------------------------------------

# Issuer prefixes (first digits) of the card networks seen in Korea; 9 is the Korean
# domestic-only range.
_CARD_PREFIXES = (
    ("4",),
    tuple(str(p) for p in range(51, 56)),
    tuple(str(p) for p in range(2221, 2721)),
    ("34", "37", "35", "62", "9", "36", "30", "38", "6011", "65"),
)


# Every second digit from the right is doubled, and a two-digit result counts as its
# digit sum: 0→0, 1→2, ..., 5→1 (10), ..., 9→9 (18).
_LUHN_DOUBLED = str.maketrans(string.digits, "0246813579")


def _luhn_ok(digits: str) -> bool:
    kept, doubled = digits[-1::-2], digits[-2::-2].translate(_LUHN_DOUBLED)
    return sum(map(int, kept + doubled)) % 10 == 0


@_register
def luhn(value: str) -> Verdict:
    """Card numbers: the Luhn checksum, confirmed by a known issuer prefix."""
    digits = digits_of(value)
    if not 13 <= len(digits) <= 19 or _repetitive(digits) or not _luhn_ok(digits):
        return Verdict.INVALID
    known = any(digits.startswith(group) for group in _CARD_PREFIXES)
    return Verdict.CONFIRMED if known else Verdict.PLAUSIBLE


_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22,
    "BH": 22, "BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24,
    "DE": 22, "DJ": 27, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18,
    "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27,
    "GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
    "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20,
    "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20,
    "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23, "PK": 24,
    "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
    "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
    "SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
    "YE": 30,
}  # fmt: skip


@_register
def iban(value: str) -> Verdict:
    """IBAN: the country's registered length and the ISO 13616 mod-97 check, also with
    an O beside a digit read as 0 (letters and digits mix in the account part, so
    normalisation cannot tell an O typed for zero from a letter)."""
    compact = "".join(char for char in value if char.isalnum()).upper()
    if _IBAN_LENGTHS.get(compact[:2]) != len(compact):
        return Verdict.INVALID
    zeros = compact[:2] + _O_BESIDE_DIGIT.sub("0", compact[2:])
    return Verdict.CONFIRMED if _mod97_ok(compact) or _mod97_ok(zeros) else Verdict.INVALID


_O_BESIDE_DIGIT = re.compile("(?<=[0-9])O|O(?=[0-9])")


def _mod97_ok(compact: str) -> bool:
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


_LEADING_DATE = re.compile(
    r"(?:19|20)[0-9]{2}([-./])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12][0-9]|3[01])\b"
)


@_register
def bank_account(value: str) -> Verdict:
    """Korean account numbers have no public checksum: rule out what they cannot be.

    One that starts with a date (2025.11.03 14) is not one; one that is also a valid
    Korean phone number (010-…, 055-2426-…) is doubtful.
    """
    digits = digits_of(value)
    if not 10 <= len(digits) <= 14 or _repetitive(digits) or _LEADING_DATE.match(value):
        return Verdict.INVALID
    if digits[0] == "0" and _phone_verdict(digits, "KR") in (Verdict.CONFIRMED, Verdict.PLAUSIBLE):
        return Verdict.DOUBTFUL
    return Verdict.PLAUSIBLE


# -- phone numbers ----------------------------------------------------------------------

_KOREAN_MOBILE = re.compile(r"^10[2-9][0-9]{7}$")
_PERSONAL_LINES = {PhoneNumberType.MOBILE, PhoneNumberType.VOIP, PhoneNumberType.PERSONAL_NUMBER}
_SHARED_LINES = {PhoneNumberType.FIXED_LINE, PhoneNumberType.FIXED_LINE_OR_MOBILE}


def _phone_verdict(value: str, region: str) -> Verdict:
    if value.startswith("+"):
        try:
            number = phonenumbers.parse(value, None)
        except phonenumbers.NumberParseException:
            return Verdict.INVALID
    else:
        # Parsing is the slow part of libphonenumber and the digits are already clean:
        # build the number directly and let the numbering plan classify it.
        code = phonenumbers.country_code_for_region(region)
        number = phonenumbers.PhoneNumber(country_code=code, national_number=int(digits_of(value)))
    kind = phonenumbers.number_type(number)
    if kind in _PERSONAL_LINES:
        return Verdict.CONFIRMED
    if kind in _SHARED_LINES:
        return Verdict.PLAUSIBLE
    if kind is PhoneNumberType.UNKNOWN:
        if _KOREAN_MOBILE.match(str(number.national_number)):
            # Every 010-XXXX-XXXX block is issued now; libphonenumber's metadata lags
            # the allocations (it rejects 010-597x, for one), and a missed phone leaks.
            return Verdict.PLAUSIBLE
        if _unlisted_personal(value, number):
            return Verdict.DOUBTFUL
    return Verdict.INVALID  # representative (15xx), toll-free, premium, pager numbers


def _unlisted_personal(value: str, number: phonenumbers.PhoneNumber) -> bool:
    """A Korean mobile (01x) or a number given with its country code, of the right
    length, in a block the plan does not list: metadata lags allocations, so it is a
    finding only with context words. A made-up area code (035-…) stays invalid."""
    mobile = number.country_code == 82 and str(number.national_number).startswith("1")
    return (value.startswith("+") or mobile) and phonenumbers.is_possible_number(number)


@_register
def phone(value: str) -> Verdict:
    """A number in the numbering plan: Korean unless it carries a + country code.

    Mobile, VoIP (070) and personal relay (050x) lines are confirmed; landlines are
    plausible; business representative, toll-free and premium numbers are invalid.
    """
    return _phone_verdict(value, "KR")


@_register
def nanp_phone(value: str) -> Verdict:
    """A North American number written without its +1."""
    return _phone_verdict(value, "US")


# -- other identifiers ------------------------------------------------------------------


@_register
def us_ssn(value: str) -> Verdict:
    """US SSN: area not 000, 666 or 9xx; group not 00; serial not 0000; no sample numbers."""
    digits = digits_of(value)
    if len(digits) != 9 or _repetitive(digits):
        return Verdict.INVALID
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return Verdict.INVALID
    if digits in ("078051120", "219099999", "457555462", "123456789"):
        return Verdict.INVALID
    return Verdict.PLAUSIBLE


@_register
def ip_address(value: str) -> Verdict:
    """An address in use on the internet; private ranges and 1.2.3.4 look-alikes are doubtful."""
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return Verdict.INVALID
    if address.is_unspecified or address.is_loopback or address.is_multicast:
        return Verdict.INVALID
    if address.is_reserved or _documentation(address):
        return Verdict.INVALID
    if address.version == 4 and all(int(part) < 10 for part in value.split(".")):
        return Verdict.DOUBTFUL  # 1.2.3.4 is more often a version or a section number
    return Verdict.PLAUSIBLE if address.is_global else Verdict.DOUBTFUL


_DOCUMENTATION_NETWORKS = tuple(
    ipaddress.ip_network(net)
    for net in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)


def _documentation(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    return any(address.version == net.version and address in net for net in _DOCUMENTATION_NETWORKS)


_FILE_EXTENSIONS = {
    *("png", "jpg", "jpeg", "gif", "webp", "svg", "bmp", "pdf", "txt", "doc", "docx", "xls"),
    *("xlsx", "ppt", "pptx", "zip", "js", "css", "html", "py"),
}


@_register
def email(value: str) -> Verdict:
    """An address whose top-level domain is a word, not a file extension (a@2x.png)."""
    local, _, domain = value.rpartition("@")
    tld = domain.rsplit(".", 1)[-1].lower()
    if not local or local[0] == "." or local[-1] == ".":
        return Verdict.INVALID
    if not (2 <= len(tld) <= 24 and tld.isalpha()) or tld in _FILE_EXTENSIONS:
        return Verdict.INVALID
    return Verdict.PLAUSIBLE


_VERSION = re.compile(r"[vV]?[0-9]+(?:\.[0-9]+)+")
_ACRONYM = re.compile("[A-Z]{2}")


@_register
def handle(value: str) -> Verdict:
    """An ID made unique with digits, ``_`` or ``.``; a bare word (카톡 message), a
    version (카톡 v10.2.3) and a product name (GPT4o, RTX5090) are not one."""
    if _VERSION.fullmatch(value) or _ACRONYM.search(value):
        return Verdict.INVALID
    if any(char.isdigit() or char in "_." for char in value):
        return Verdict.PLAUSIBLE
    return Verdict.INVALID


@_register
def not_repetitive(value: str) -> Verdict:
    """Rules out 0000000000 and 1234567890, which are placeholders, not anyone's number."""
    digits = digits_of(value)
    return Verdict.INVALID if len(digits) > 3 and _repetitive(digits) else Verdict.PLAUSIBLE
