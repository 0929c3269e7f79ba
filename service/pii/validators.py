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
from typing import NamedTuple

import phonenumbers
from phonenumbers import PhoneNumberType


class Verdict(enum.Enum):
    CONFIRMED = "confirmed"  # a checksum or numbering plan vouches for it
    PLAUSIBLE = "plausible"  # well formed; nothing more to say
    DOUBTFUL = "doubtful"  # well formed, but a check that usually holds failed
    INVALID = "invalid"  # cannot be this kind of value


Validator = Callable[[str], Verdict]


class Around(NamedTuple):
    """The words just before and just after a value, lowered."""

    before: str
    after: str


class ContextValidator(NamedTuple):
    """A validator that also reads the words around the value, such as the country a
    phone number in national format belongs to. Without one of its cue words in the
    text it could only say INVALID, so the scanner skips it there."""

    read: Callable[[str, Around], Verdict]
    cues: tuple[str, ...]


VALIDATORS: dict[str, Validator] = {}
CONTEXT_VALIDATORS: dict[str, ContextValidator] = {}


def _register(function: Validator) -> Validator:
    VALIDATORS[function.__name__] = function
    return function


# Validators whose confirmation random digits of the right shape earn less than once
# in fifty: a numbering plan's mobile and area codes, an IBAN's mod-97, a registration
# number's birth date and checksum. Luhn (one in ten) is not among them.
STRONG_VALIDATORS = frozenset(("phone", "nanp_phone", "foreign_phone", "iban", "kr_rrn", "kr_frn"))


def known(name: str) -> bool:
    return name in VALIDATORS or name in CONTEXT_VALIDATORS


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
    if born is None or born > dt.date.today():
        return Verdict.INVALID  # no such day, or nobody born yet
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


def _issuers() -> dict[str, frozenset[int]]:
    """Issuer identification prefixes of the card networks that use Luhn, with the
    lengths each issues (ISO/IEC 7812 and the networks' published ranges)."""
    ranges: list[tuple[int, int, tuple[int, ...]]] = [
        (4, 4, (13, 16, 19)),  # Visa
        (51, 55, (16,)),  # Mastercard
        (2221, 2720, (16,)),  # Mastercard 2-series
        (34, 34, (15,)),  # American Express
        (37, 37, (15,)),
        (300, 305, (14, 16, 19)),  # Diners Club
        (3095, 3095, (14, 16, 19)),
        (36, 36, (14, 16, 19)),
        (38, 39, (14, 16, 19)),
        (3528, 3589, (16, 17, 18, 19)),  # JCB
        (6011, 6011, (16, 17, 18, 19)),  # Discover
        (644, 649, (16, 17, 18, 19)),
        (65, 65, (16, 17, 18, 19)),  # Discover, RuPay, Troy
        (62, 62, (16, 17, 18, 19)),  # UnionPay
        (81, 82, (16, 17, 18, 19)),  # UnionPay, RuPay
        (60, 60, (16,)),  # RuPay
        (508, 508, (16,)),
        (2200, 2204, (16, 17, 18, 19)),  # Mir
        (50, 50, tuple(range(12, 20))),  # Maestro, Dankort (5019)
        (56, 69, tuple(range(12, 20))),  # Maestro and others in the 5-6 ranges
        (1, 1, (15,)),  # UATP
        (9, 9, (16,)),  # Korean domestic cards
        (9792, 9792, (16,)),  # Troy
    ]
    table: dict[str, set[int]] = {}
    for low, high, lengths in ranges:
        for prefix in range(low, high + 1):
            table.setdefault(str(prefix), set()).update(lengths)
    return {prefix: frozenset(lengths) for prefix, lengths in table.items()}


_ISSUERS = _issuers()
_ISSUER_PREFIX_LENGTHS = sorted({len(prefix) for prefix in _ISSUERS}, reverse=True)


def _issued(digits: str) -> bool:
    """Whether a known issuer gives out numbers of this prefix and length."""
    return any(len(digits) in _ISSUERS.get(digits[:size], ()) for size in _ISSUER_PREFIX_LENGTHS)


# Every second digit from the right is doubled, and a two-digit result counts as its
# digit sum: 0→0, 1→2, ..., 5→1 (10), ..., 9→9 (18).
_LUHN_DOUBLED = str.maketrans(string.digits, "0246813579")


def _luhn_ok(digits: str) -> bool:
    kept, doubled = digits[-1::-2], digits[-2::-2].translate(_LUHN_DOUBLED)
    return sum(map(int, kept + doubled)) % 10 == 0


@_register
def luhn(value: str) -> Verdict:
    """Card numbers: the Luhn checksum, confirmed by an issuer of that prefix and
    length."""
    digits = digits_of(value)
    if not 13 <= len(digits) <= 19 or _repetitive(digits) or not _luhn_ok(digits):
        return Verdict.INVALID
    return Verdict.CONFIRMED if _issued(digits) else Verdict.PLAUSIBLE


@_register
def iban(value: str) -> Verdict:
    """IBAN: the ISO 7064 mod-97 check (the policy's patterns hold each country's
    length), also with an O, I or L beside a digit read as 0 or 1: letters and digits
    mix in the account part, so normalisation cannot tell a letter typed for a digit
    from a letter of the code."""
    compact = "".join(char for char in value if char.isalnum()).upper()
    digits = compact[:2] + _LOOKALIKE_BESIDE_DIGIT.sub(_as_digit, compact[2:])
    return Verdict.CONFIRMED if _mod97_ok(compact) or _mod97_ok(digits) else Verdict.INVALID


_LOOKALIKE_BESIDE_DIGIT = re.compile("(?<=[0-9])[OIL]|[OIL](?=[0-9])")


def _as_digit(letter: re.Match[str]) -> str:
    return "0" if letter.group() == "O" else "1"


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


# An international call prefix (00, or a Korean carrier's 001, 002, 00700, ...) and a
# country code, or a bare Korean country code before a mobile or area code.
_DIALLED_ABROAD = re.compile(r"(?:00[0-9]{0,3}(?=82)|(?=82(?:0?1[016789]|0?[2-7])))")


def _phone_verdict(value: str, region: str) -> Verdict:
    if not value.startswith("+") and (abroad := _DIALLED_ABROAD.match(digits_of(value))):
        value = "+" + digits_of(value)[abroad.end() :]
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
    return _line_verdict(value, number)


def _line_verdict(value: str, number: phonenumbers.PhoneNumber) -> Verdict:
    if _fictional(number):
        return Verdict.INVALID
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


# Ranges set aside for films and books, which ring no one: North America's 555-0100
# to 555-0199 and Ofcom's drama numbers (prefixes of the national number).
_FICTIONAL_NANP = re.compile(r"[2-9][0-9]{2}55501[0-9]{2}")
_FICTIONAL_UK = (
    *("1134960", "1144960", "1154960", "1164960", "1174960", "1184960", "1214960"),
    *("1314960", "1414960", "1514960", "1614960", "1914980", "2079460", "2896496"),
    *("2920180", "1632960", "7700900", "8081570", "9098790", "3069990"),
)


def _fictional(number: phonenumbers.PhoneNumber) -> bool:
    national = str(number.national_number)
    if number.country_code == 1:
        return bool(_FICTIONAL_NANP.fullmatch(national))
    return number.country_code == 44 and national.startswith(_FICTIONAL_UK)


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


# Words that name a country, and its region code: a number in that country's national
# format is read by its numbering plan.
_COUNTRY_WORDS = {
    "US": ("u.s.", "usa", "american", "america", "미국"),
    "CA": ("canada", "canadian", "캐나다"),
    "GB": ("uk", "u.k.", "british", "britain", "england", "london", "영국"),
    "JP": ("japan", "japanese", "tokyo", "일본", "도쿄"),
    "CN": ("china", "chinese", "cn", "prc", "중국", "베이징", "상하이"),
    "TW": ("taiwan", "taiwanese", "대만"),
    "HK": ("hong kong", "홍콩"),
    "VN": ("vietnam", "vietnamese", "베트남"),
    "TH": ("thailand", "thai", "태국"),
    "PH": ("philippines", "philippine", "filipino", "필리핀"),
    "ID": ("indonesia", "indonesian", "인도네시아"),
    "MY": ("malaysia", "malaysian", "말레이시아"),
    "SG": ("singapore", "싱가포르"),
    "IN": ("india", "indian", "인도"),
    "AU": ("australia", "australian", "호주"),
    "NZ": ("new zealand", "뉴질랜드"),
    "DE": ("germany", "german", "독일"),
    "FR": ("france", "french", "프랑스"),
    "IT": ("italy", "italian", "이탈리아"),
    "ES": ("spain", "spanish", "스페인"),
    "NL": ("netherlands", "dutch", "네덜란드"),
    "IL": ("israel", "israeli", "이스라엘"),
    "RU": ("russia", "russian", "러시아"),
    "BR": ("brazil", "brazilian", "브라질"),
    "MX": ("mexico", "mexican", "멕시코"),
    "MN": ("mongolia", "mongolian", "몽골"),
    "UZ": ("uzbekistan", "우즈베키스탄"),
}
_COUNTRY = re.compile(
    "|".join(
        rf"(?P<{region}>(?<![a-z]){'|'.join(map(re.escape, words))}(?![a-z]))"
        for region, words in _COUNTRY_WORDS.items()
    )
)


def foreign_phone(value: str, around: Around) -> Verdict:
    """A number in the national format of the country the words around it name (my
    Japanese number 090-…, 07911 123456 (UK mobile)), the nearest before it first:
    valid in that country's numbering plan, or invalid."""
    before = [match.lastgroup for match in _COUNTRY.finditer(around.before)]
    after = _COUNTRY.search(around.after)
    country = before[-1] if before else after.lastgroup if after else None
    if country is None:
        return Verdict.INVALID
    try:
        number = phonenumbers.parse(value, country)
    except phonenumbers.NumberParseException:
        return Verdict.INVALID
    if not phonenumbers.is_valid_number_for_region(number, country):
        return Verdict.INVALID
    return _line_verdict(value, number)


CONTEXT_VALIDATORS["foreign_phone"] = ContextValidator(
    foreign_phone, tuple(word for words in _COUNTRY_WORDS.values() for word in words)
)


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
    """An address that reaches someone on the internet. Private, loopback, link-local,
    shared, multicast, reserved and documentation addresses identify no one; 1.2.3.4
    look-alikes are doubtful."""
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return Verdict.INVALID
    if address.is_unspecified or address.is_loopback or address.is_multicast:
        return Verdict.INVALID
    if isinstance(address, ipaddress.IPv6Address):
        if (embedded := _embedded_ipv4(address)) is not None:
            return ip_address(str(embedded))
        if address not in _GLOBAL_UNICAST:
            return Verdict.INVALID
    if not address.is_global or _documentation(address):
        return Verdict.INVALID  # private, link-local, shared, reserved: it names no one
    if address.version == 4 and all(int(part) < 10 for part in value.split(".")):
        return Verdict.DOUBTFUL  # 1.2.3.4 is more often a version or a section number
    return Verdict.PLAUSIBLE


# Every IPv6 address in use on the internet is in 2000::/3; the rest is reserved.
_GLOBAL_UNICAST = ipaddress.ip_network("2000::/3")
# IPv6 forms that carry an IPv4 address in their last 32 bits: IPv4-compatible
# (::a.b.c.d) and the NAT64 well-known prefix.
_IPV4_CARRIERS = (ipaddress.ip_network("::/96"), ipaddress.ip_network("64:ff9b::/96"))


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, compatible, NAT64, 6to4,
    Teredo): that one says whether it reaches anyone."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if any(address in network for network in _IPV4_CARRIERS) and int(address) > 0xFFFF:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.teredo is not None:
        return address.teredo[1]
    return address.sixtofour


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
    """0000000 and 12345678 look like placeholders: doubtful, so that only the words
    around them (여권번호 M12345678) make them a finding."""
    digits = digits_of(value)
    return Verdict.DOUBTFUL if len(digits) > 3 and _repetitive(digits) else Verdict.PLAUSIBLE
