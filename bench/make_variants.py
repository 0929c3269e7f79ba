"""Generate a second labelled PII corpus, written differently from the development one.

The development corpus (``tests/data/dev_corpus.jsonl``) is small and comes from one
generator, so an engine can fit it without understanding comments in general. This
corpus is written independently: other sentence frames and particles, other ways of
writing and hiding each value, other banks, address shapes and countries, and many
more clean comments full of numbers that are not personal (money, dates, model names,
versions, case numbers, ISBNs, representative numbers, ...).

Everything is generated (fixed seed, standard library only): checksums are valid where
the type has one, the people are fictional. Same JSON Lines format as the development
corpus (see ``../shared/corpus/README.md``), so ``score.py`` scores it as it is::

    python bench/make_variants.py            # writes tests/data/variant_corpus.jsonl
    python ../shared/corpus/score.py tests/data/variant_corpus.jsonl \\
        --python bench.corpus_scanner:scan --path .
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import string
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

SEED = 90210417
OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "variant_corpus.jsonl"
TYPES = (
    "kr_rrn",
    "kr_frn",
    "kr_passport",
    "kr_driver_license",
    "phone",
    "email",
    "credit_card",
    "bank_account",
    "ip_address",
    "kr_address",
    "messenger_id",
    "us_ssn",
    "iban",
)
rng = random.Random(SEED)
T = TypeVar("T")


def pick(options: Sequence[T]) -> T:
    return rng.choice(options)


def num(low: int, high: int) -> int:
    return rng.randint(low, high)


def digits(count: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(count))


def lead_digits(count: int) -> str:
    """``count`` digits, the first not zero."""
    return str(num(1, 9)) + digits(count - 1)


# == values: what a piece of personal information is, before it is written ===========


@dataclass(frozen=True)
class Value:
    """Personal information as it appears in a comment."""

    type: str
    text: str
    # The obf_* tag when the value is written evasively, None when written plainly.
    obfuscation: str | None = None


_RRN_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)


def _weighted(twelve: str) -> int:
    return sum(int(d) * w for d, w in zip(twelve, _RRN_WEIGHTS, strict=True))


def _birth(first: dt.date, last: dt.date) -> dt.date:
    return dt.date.fromordinal(num(first.toordinal(), last.toordinal()))


def make_rrn() -> str:
    """A 주민등록번호: checksum-valid, or (born after Oct 2020) a random tail."""
    if rng.random() < 0.3:
        born = _birth(dt.date(2020, 10, 10), dt.date(2025, 9, 30))
        front = born.strftime("%y%m%d") + pick("34")
        while True:
            tail = digits(6)
            if (11 - _weighted(front + tail[:5]) % 11) % 10 != int(tail[5]):
                return front + tail
    born = _birth(dt.date(1950, 1, 1), dt.date(2005, 12, 31))
    gender = pick("12") if born.year < 2000 else pick("34")
    twelve = born.strftime("%y%m%d") + gender + digits(5)
    return twelve + str((11 - _weighted(twelve) % 11) % 10)


def make_frn() -> str:
    """A 외국인등록번호 with the foreigner checksum variant."""
    born = _birth(dt.date(1960, 1, 1), dt.date(2004, 12, 31))
    gender = pick("56") if born.year < 2000 else pick("78")
    twelve = born.strftime("%y%m%d") + gender + digits(5)
    return twelve + str((13 - _weighted(twelve) % 11) % 10)


def _luhn_digit(body: str) -> str:
    total = 0
    for index, char in enumerate(reversed(body)):
        digit = int(char)
        if index % 2 == 0:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return str(-total % 10)


def make_card() -> str:
    prefix, length = pick(
        [
            *(("4", 16), ("4", 16), ("51", 16), ("54", 16), ("2223", 16), ("37", 15), ("34", 15)),
            *(("3569", 16), ("6250", 16), ("9420", 16), ("9490", 16)),
        ]
    )
    body = prefix + digits(length - len(prefix) - 1)
    return body + _luhn_digit(body)


_IBAN_BBAN = {
    "DE": lambda: digits(18),
    "FR": lambda: (
        digits(10) + "".join(rng.choice("0123456789ABCDEF") for _ in range(11)) + digits(2)
    ),
    "NL": lambda: pick(["ABNA", "INGB", "RABO", "SNSB", "KNAB"]) + digits(10),
    "GB": lambda: pick(["MIDL", "BARC", "NWBK", "LOYD"]) + digits(14),
    "BE": lambda: digits(12),
    "PT": lambda: digits(21),
    "NO": lambda: digits(11),
    "SE": lambda: digits(20),
    "LU": lambda: digits(3) + "".join(rng.choice(string.ascii_uppercase) for _ in range(13)),
    "IE": lambda: pick(["BOFI", "AIBK"]) + digits(14),
    "PL": lambda: digits(24),
    "CZ": lambda: digits(20),
}


def _mod97(text: str) -> int:
    return int("".join(str(int(char, 36)) for char in text)) % 97


def make_iban() -> str:
    country = pick(list(_IBAN_BBAN))
    bban = _IBAN_BBAN[country]()
    check = 98 - _mod97(bban + country + "00")
    return f"{country}{check:02d}{bban}"


def make_ssn() -> str:
    area = rng.choice([n for n in range(1, 900) if n != 666])
    return f"{area:03d}{num(1, 99):02d}{num(1, 9999):04d}"


# == writing digits: plainly and evasively ============================================

HANGUL = dict(zip(string.digits, "공일이삼사오육칠팔구", strict=True))
ENGLISH = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
ODD_SEPARATORS = ("~", "*", "|", "·", "ㆍ", "_", " / ", "—", "..", " . ", "–", "／", ":")
DIGIT_METHODS_KO = (
    "obf_spaced_dash",
    "obf_mixed_width",
    "obf_hangul_mixed",
    "obf_hangul_digits",
    "obf_linebreak",
    "obf_separators",
    "obf_letter_o",
    "obf_circled",
    "obf_zwsp",
    "obf_spaced",
)
DIGIT_METHODS_EN = (
    "obf_spaced_dash",
    "obf_mixed_width",
    "obf_linebreak",
    "obf_separators",
    "obf_letter_o",
    "obf_zwsp",
    "obf_spaced",
    "obf_en_words",
)


def full_width(char: str) -> str:
    if char.isascii() and (char.isalnum() or char in "@.-"):
        return chr(ord(char) + 0xFEE0)
    return char


def _hangul_digit(char: str) -> str:
    if char == "0":
        return pick("공영")
    return HANGUL.get(char, char)


def _sprinkle(text: str, how: Callable[[str], str], share: float) -> str:
    """Apply ``how`` to a share of the digits, at least one."""
    places = [i for i, char in enumerate(text) if char.isdigit()]
    chosen = set(rng.sample(places, max(1, round(len(places) * share))))
    return "".join(how(char) if i in chosen else char for i, char in enumerate(text))


def _linebreak(groups: Sequence[str], separator: str) -> str:
    cut = num(1, len(groups) - 1)
    return (
        separator.join(groups[:cut])
        + pick(["\n", separator + "\n", "\n" + separator])
        + (separator.join(groups[cut:]))
    )


def _zero_as_letter(text: str) -> str:
    text = "".join(pick("Oo") if char == "0" and rng.random() < 0.8 else char for char in text)
    return text.replace("1", "l", 1) if "1" in text and rng.random() < 0.3 else text


def render_digits(groups: Sequence[str], method: str | None, separator: str = "-") -> str:
    """Write digit groups, plainly (``method`` None) or with one of the obf_* methods."""
    if method is None:
        return separator.join(groups)
    if method == "obf_spaced_dash":
        return pick([" - ", " -", "- ", "  -  "]).join(groups)
    if method == "obf_mixed_width":
        return _sprinkle(separator.join(groups), full_width, 0.5)
    if method == "obf_hangul_mixed":
        return _sprinkle(separator.join(groups), _hangul_digit, 0.5)
    if method == "obf_hangul_digits":
        joined = pick([separator, " ", "", "-"]).join(groups)
        return "".join(_hangul_digit(char) for char in joined)
    if method == "obf_linebreak":
        return _linebreak(groups, separator)
    if method == "obf_separators":
        return pick(ODD_SEPARATORS).join(groups)
    if method == "obf_letter_o":
        return _zero_as_letter(separator.join(groups))
    if method == "obf_circled":
        circled = "⓪①②③④⑤⑥⑦⑧⑨"
        return _sprinkle(separator.join(groups), lambda c: circled[int(c)], 0.6)
    if method == "obf_zwsp":
        text = separator.join(groups)
        cuts = sorted(rng.sample(range(1, len(text)), 2), reverse=True)
        for cut in cuts:
            text = text[:cut] + pick(INVISIBLE) + text[cut:]
        return text
    if method == "obf_spaced":
        return pick(["  ", " / ", "   "]).join(" ".join(group) for group in groups)
    if method == "obf_en_words":
        words = [
            " ".join(ENGLISH[int(c)] if c != "0" else pick(["zero", "oh"]) for c in g)
            for g in groups
        ]
        return pick([", ", " - ", " ", " dash "]).join(words)
    raise ValueError(method)


class Cycle:
    """Hands out obfuscation methods evenly, in a shuffled order."""

    def __init__(self, methods: Sequence[str]) -> None:
        self._methods = list(methods)
        self._queue: list[str] = []

    def __next__(self) -> str:
        if not self._queue:
            self._queue = list(self._methods)
            rng.shuffle(self._queue)
        return self._queue.pop()


_CYCLES: dict[tuple[str, tuple[str, ...]], Cycle] = {}


def method_for(family: str, methods: Sequence[str]) -> str:
    key = (family, tuple(methods))
    if key not in _CYCLES:
        _CYCLES[key] = Cycle(methods)
    return next(_CYCLES[key])


@dataclass(frozen=True)
class Style:
    """How the comment around a value is written."""

    lang: str  # ko, en or mixed
    obfuscate: bool


def digit_value(
    kind: str,
    groups: Sequence[str],
    style: Style,
    plain: Sequence[str],
    methods: Sequence[str] = (),
) -> Value:
    """A value made of digit groups, joined by one of ``plain`` or obfuscated."""
    if not style.obfuscate:
        return Value(kind, pick(plain).join(groups))
    methods = methods or (DIGIT_METHODS_EN if style.lang == "en" else DIGIT_METHODS_KO)
    method = method_for(kind, methods)
    return Value(kind, render_digits(groups, method, pick(plain) or "-"), method)


# == one generator per kind of value ===================================================


def rrn(style: Style) -> Value:
    number = make_rrn()
    return digit_value("kr_rrn", [number[:6], number[6:]], style, ["-", "-", " ", ""])


def frn(style: Style) -> Value:
    number = make_frn()
    return digit_value("kr_frn", [number[:6], number[6:]], style, ["-", "-", " ", ""])


def passport(style: Style) -> Value:
    letter = pick("MMMMMSRDG")  # the letters passport.go.kr lists (O would read as 0)
    if rng.random() < 0.5:
        number = letter + digits(8)
        plain = [number, number, number.lower(), f"{letter} {number[1:5]} {number[5:]}"]
    else:
        number = f"{letter}{digits(3)}{pick('ABCDEFGHJKLMNPRSTUVWXYZ')}{digits(4)}"
        plain = [number, number, number.lower()]
    if not style.obfuscate:
        return Value("kr_passport", pick(plain))
    method = method_for(
        "passport", ["obf_mixed_width", "obf_zwsp", "obf_letter_o", "obf_hangul_mixed"]
    )
    if method == "obf_letter_o" and "0" not in number[1:]:
        method = "obf_mixed_width"
    if method == "obf_hangul_mixed" and style.lang == "en":
        method = "obf_zwsp"
    head, body = number[0], number[1:]
    if method == "obf_letter_o":
        body = "".join(pick("Oo") if char == "0" else char for char in body)
        return Value("kr_passport", head + body, method)
    return Value("kr_passport", head + render_digits([body], method, ""), method)


_LICENCE_REGIONS = {
    "11": "서울", "12": "부산", "13": "경기", "14": "강원", "15": "충북", "16": "충남",
    "17": "전북", "18": "전남", "19": "경북", "20": "경남", "21": "제주", "22": "대구",
    "23": "인천", "24": "광주", "25": "대전", "26": "울산",
}  # fmt: skip


def driver_license(style: Style) -> Value:
    code = pick(list(_LICENCE_REGIONS))
    groups = [f"{rng.choice(list(range(26)) + list(range(85, 100))):02d}", digits(6), digits(2)]
    if rng.random() < 0.3:
        head = _LICENCE_REGIONS[code] + pick([" ", "", " "])
        value = digit_value(
            "kr_driver_license", groups, style, ["-"], ["obf_mixed_width", "obf_zwsp"]
        )
        return Value(value.type, head + value.text, value.obfuscation)
    return digit_value("kr_driver_license", [code, *groups], style, ["-", "-", " ", ""])


def mobile_groups() -> list[str]:
    if rng.random() < 0.06:
        return [pick(["011", "016", "017", "019"]), lead_digits(3), digits(4)]
    return ["010", str(num(2, 9)) + digits(3), digits(4)]


def mobile(style: Style) -> Value:
    groups = mobile_groups()
    if not style.obfuscate and rng.random() < 0.12:
        return Value("phone", f"({groups[0]}){groups[1]}-{groups[2]}")
    return digit_value("phone", groups, style, ["-", "-", "-", "", " ", "."])


_AREA_CODES = (
    "02",
    "02",
    "031",
    "032",
    "033",
    "041",
    "042",
    "043",
    "051",
    "052",
    "053",
    "055",
    "061",
    "062",
    "064",
)


def landline(style: Style) -> Value:
    area = pick(_AREA_CODES)
    groups = [area, lead_digits(3 if area == "02" and rng.random() < 0.5 else 4), digits(4)]
    if style.obfuscate:
        return digit_value(
            "phone", groups, style, ["-"], ["obf_spaced_dash", "obf_mixed_width", "obf_zwsp"]
        )
    written = pick(
        [
            "{0}-{1}-{2}",
            "({0}){1}-{2}",
            "({0}) {1}-{2}",
            "{0}){1}-{2}",
            "{0}.{1}.{2}",
            "{0} {1} {2}",
        ]
    )
    return Value("phone", written.format(*groups))


def korean_from_abroad(style: Style) -> Value:
    """A Korean mobile written for someone abroad: +82, (0), 0082."""
    middle, last = str(num(2, 9)) + digits(3), digits(4)
    written = pick(
        [
            f"+82-10-{middle}-{last}",
            f"+82 (0)10 {middle} {last}",
            f"+82 10 {middle} {last}",
            f"+82-(0)10-{middle}-{last}",
            f"+8210{middle}{last}",
            f"+82)10-{middle}-{last}",
            f"(+82) 10.{middle}.{last}",
            f"+82 010-{middle}-{last}",
        ]
    )
    if style.obfuscate:
        method = method_for("kr_intl", ["obf_mixed_width", "obf_zwsp", "obf_spaced_dash"])
        body = render_digits(["10", middle, last], method)
        return Value("phone", pick(["+82 ", "+82-", "+82 (0)"]) + body, method)
    return Value("phone", written)


_US_AREAS = ("201", "303", "404", "503", "617", "702", "713", "808", "919", "971")


def foreign_phone(style: Style) -> Value:
    written = pick(
        [
            f"+1 ({pick(_US_AREAS)}) {num(201, 989)}-{digits(4)}",
            f"+1-{pick(_US_AREAS)}-{num(201, 989)}-{digits(4)}",
            f"+44 7{pick('45789')}{digits(2)} {digits(6)}",
            f"+81 90-{lead_digits(4)}-{digits(4)}",
            f"+86 139 {digits(4)} {digits(4)}",
            f"+33 6 {digits(2)} {digits(2)} {digits(2)} {digits(2)}",
            f"+886 912 {digits(3)} {digits(3)}",
            f"+852 9{digits(3)} {digits(4)}",
            f"+63 917 {digits(3)} {digits(4)}",
            f"+61 491 570 {digits(3)}",
            f"+49 151 {digits(8)}",
            f"+65 9{digits(3)} {digits(4)}",
        ]
    )
    if style.obfuscate:
        method = method_for("foreign", ["obf_zwsp", "obf_mixed_width"])
        return Value("phone", render_digits([written], method), method)
    return Value("phone", written)


# -- e-mail ---------------------------------------------------------------------------

_GIVEN = (
    "jiwoo",
    "haneul",
    "seojun",
    "yuna",
    "dohyun",
    "chaeyoung",
    "minho",
    "sua",
    "taemin",
    "bora",
)
_FAMILY = ("han", "oh", "seo", "kwon", "hwang", "ahn", "song", "jeon", "hong", "moon")
_WORDS = (
    "bluewhale",
    "sunnyday",
    "dev",
    "coffee",
    "maple",
    "tiger",
    "blossom",
    "pixel",
    "harbor",
    "nomad",
)
_MAIL_DOMAINS = (
    "naver.com", "naver.com", "gmail.com", "gmail.com", "daum.net", "hanmail.net", "kakao.com",
    "nate.com", "korea.kr", "snu.ac.kr", "kaist.ac.kr", "hanbit-soft.co.kr", "outlook.com",
    "icloud.com", "proton.me", "yahoo.co.kr", "hotmail.com",
)  # fmt: skip
_KOREAN_PROVIDERS = {
    "naver": "네이버",
    "daum": "다음",
    "gmail": "지메일",
    "hanmail": "한메일",
    "nate": "네이트",
}
EMAIL_METHODS_KO = (
    "at_hangul_word",
    "golbaeng_paren",
    "golbaeng_bracket",
    "golbaeng_jjeom",
    "dak_dot",
    "hangul_provider",
    "full_width",
    "spaced",
    "braces",
    "defanged",
    "linebreak",
    "invisible",
)
EMAIL_METHODS_EN = (
    "at_dot_words",
    "at_caps",
    "at_paren_dot",
    "braces",
    "defanged",
    "spaced",
    "full_width",
)


def _local_part() -> str:
    form = rng.randrange(5)
    if form == 0:
        return pick(_WORDS) + pick([".", "_", ""]) + str(num(1, 2025))
    if form == 1:
        return pick(_GIVEN)[0] + pick(["", "."]) + pick(_GIVEN)[1:2] + "." + pick(_FAMILY)
    if form == 2:
        return pick(_FAMILY) + pick(_GIVEN) + f"{num(1, 12):02d}{num(1, 28):02d}"
    if form == 3:
        return pick(_GIVEN) + "-" + pick(_FAMILY)
    return pick(_WORDS) + "_" + pick(_GIVEN) + str(num(10, 99))


def email(style: Style) -> Value:
    local, domain = _local_part(), pick(_MAIL_DOMAINS)
    address = f"{local}@{domain}"
    if not style.obfuscate:
        return Value("email", address.upper() if rng.random() < 0.05 else address)
    methods = EMAIL_METHODS_EN if style.lang == "en" else EMAIL_METHODS_KO
    method = method_for("email" + style.lang, methods)
    name, _, tld = domain.partition(".")
    space = pick(["", " "])
    written = {
        "at_hangul_word": f"{local} {pick(['앳', '엣'])} {domain}",
        "golbaeng_paren": f"{local}(골뱅이){domain}",
        "golbaeng_bracket": f"{local}[골뱅이]{domain}",
        "golbaeng_jjeom": f"{local}{space}골뱅{space}{name}{space}쩜{space}"
        + tld.replace(".", " 쩜 "),
        "dak_dot": f"{local}@{name} 닷 {tld.replace('.', ' 닷 ')}",
        "hangul_provider": f"{local} 골뱅이 {_KOREAN_PROVIDERS.get(name, name)}"
        + (" 닷컴" if tld == "com" else ""),
        "full_width": "".join(full_width(c) if rng.random() < 0.7 else c for c in address),
        "spaced": f"{local} @ {name} . {tld.replace('.', ' . ')}",
        "braces": f"{local}{{at}}{name}{{dot}}{tld.replace('.', '{dot}')}",
        "defanged": f"{local}[@]{name}[.]{tld.replace('.', '[.]')}",
        "linebreak": pick([f"{local}@\n{domain}", f"{local}\n@{domain}"]),
        "invisible": f"{local}{pick(INVISIBLE)}@{name}.{pick(INVISIBLE)}{tld}",
        "at_dot_words": f"{local} at {name} dot {tld.replace('.', ' dot ')}",
        "at_caps": f"{local} AT {name} DOT {tld.replace('.', ' DOT ')}",
        "at_paren_dot": f"{local} (at) {name} (.) {tld.replace('.', ' (.) ')}",
    }[method]
    if method == "hangul_provider" and name not in _KOREAN_PROVIDERS:
        written = f"{local} 골뱅이 {domain}"
    tag = {"full_width": "obf_fullwidth", "spaced": "obf_spaced", "linebreak": "obf_linebreak"}
    tag |= {"invisible": "obf_zwsp", "defanged": "obf_separators", "braces": "obf_at_word"}
    return Value("email", written, tag.get(method, "obf_at_word"))


# -- cards, accounts, IBANs, SSNs ------------------------------------------------------


def card(style: Style) -> Value:
    number = make_card()
    if len(number) == 15:
        groups = [number[:4], number[4:10], number[10:]]
    else:
        groups = [number[i : i + 4] for i in range(0, 16, 4)]
    return digit_value("credit_card", groups, style, [" ", "-", "-", "", "."])


# (Korean names, English name, group lengths, fixed prefix)
_BANKS = (
    (("국민은행", "국민", "KB"), "KB Kookmin", (6, 2, 6), ""),
    (("신한은행", "신한"), "Shinhan", (3, 3, 6), "110"),
    (("신한은행", "신한"), "Shinhan", (3, 2, 6), "140"),
    (("우리은행", "우리"), "Woori", (4, 3, 6), "1002"),
    (("하나은행", "하나"), "Hana", (3, 6, 5), ""),
    (("농협", "NH농협", "농협은행"), "NH", (3, 4, 4, 2), "302"),
    (("농협", "지역농협"), "NH", (3, 4, 4, 2), "352"),
    (("기업은행", "IBK"), "IBK", (3, 6, 2, 3), ""),
    (("카카오뱅크", "카뱅"), "KakaoBank", (4, 2, 7), "3333"),
    (("토스뱅크", "토스"), "Toss Bank", (4, 4, 4), "1000"),
    (("케이뱅크", "케뱅"), "K Bank", (3, 3, 6), "100"),
    (("우체국",), "Korea Post", (6, 2, 6), ""),
    (("새마을금고", "MG"), "MG Saemaul", (4, 2, 6, 1), "9003"),
    (("SC제일은행",), "SC First", (3, 2, 6), ""),
    (("수협", "수협은행"), "Suhyup", (4, 4, 4), "1010"),
    (("부산은행",), "BNK Busan", (3, 4, 4, 2), "101"),
    (("경남은행",), "BNK Kyongnam", (3, 4, 4, 2), "207"),
    (("대구은행", "iM뱅크"), "iM Bank", (3, 2, 6, 1), "508"),
    (("광주은행",), "Kwangju", (4, 3, 6), "1107"),
    (("전북은행",), "Jeonbuk", (4, 2, 7), "1013"),
    (("씨티은행", "씨티"), "Citi Korea", (3, 5, 3), ""),
    (("산업은행", "KDB"), "KDB", (3, 4, 4, 3), "020"),
    (("신협",), "Shinhyup", (3, 3, 6), "132"),
)  # fmt: skip


def account(style: Style) -> tuple[str, str, Value]:
    """A bank's Korean and English names and an account number of its shape."""
    names, english, lengths, prefix = pick(_BANKS)
    number = prefix + lead_digits(sum(lengths) - len(prefix))
    groups, start = [], 0
    for length in lengths:
        groups.append(number[start : start + length])
        start += length
    value = digit_value("bank_account", groups, style, ["-", "-", "-", "", " "])
    return pick(names), english, value


def ssn(style: Style) -> Value:
    number = make_ssn()
    groups = [number[:3], number[3:5], number[5:]]
    methods = (
        "obf_en_words",
        "obf_en_words",
        "obf_separators",
        "obf_spaced_dash",
        "obf_zwsp",
        "obf_mixed_width",
    )
    return digit_value("us_ssn", groups, style, ["-", "-", "-", " "], methods)


def iban(style: Style) -> Value:
    number = make_iban()
    groups = [number[i : i + 4] for i in range(0, len(number), 4)]
    if not style.obfuscate:
        return Value("iban", number if rng.random() < 0.3 else pick([" ", " ", "-"]).join(groups))
    method = method_for("iban", ["obf_linebreak", "obf_zwsp", "obf_separators", "obf_letter_o"])
    if method == "obf_letter_o" and "0" not in number[4:]:
        method = "obf_zwsp"
    if method == "obf_letter_o":
        text = " ".join(
            groups[:1] + ["".join("O" if c == "0" else c for c in g) for g in groups[1:]]
        )
        return Value("iban", text, method)
    return Value("iban", render_digits(groups, method, " "), method)


# -- network ---------------------------------------------------------------------------


def ipv4(style: Style) -> Value:
    octets = [
        str(pick([1, 14, 39, 58, 61, 106, 110, 115, 121, 125, 175, 180, 211, 218, 220, 223])),
        str(num(0, 255)),
        str(num(0, 255)),
        str(num(2, 254)),
    ]
    if not style.obfuscate:
        return Value("ip_address", ".".join(octets))
    methods = (
        ["[.]", "(.)", " 쩜 ", "쩜", "。", "(dot)", " . ", "．"]
        if style.lang != "en"
        else ["[.]", "(dot)", " . ", "(.)"]
    )
    joiner = method_for("ip" + style.lang, methods)
    return Value("ip_address", joiner.join(octets), "obf_separators")


def ipv6(style: Style) -> Value:
    head = pick(["2001:2d8", "2001:e60", "2406:5900", "2404:6800", "2a00:1450"])
    parts = [f"{num(1, 0xFFFF):x}" for _ in range(6)]
    text = (
        head
        + ":"
        + (":".join(parts) if rng.random() < 0.5 else ":".join(parts[:2]) + "::" + parts[5])
    )
    if rng.random() < 0.2:
        text = text.upper()
    if style.obfuscate:
        return Value("ip_address", text.replace(":", pick([" : ", ":\u200b"])), "obf_spaced")
    return Value("ip_address", text)


# -- addresses ---------------------------------------------------------------------------

# (province as written, city/district, roads, lot-number neighbourhoods)
_PLACES = (
    (
        ("서울특별시", "서울", "서울시"),
        "마포구",
        ("월드컵북로", "성미산로", "독막로"),
        ("망원동", "합정동", "연남동"),
    ),
    (
        ("서울특별시", "서울"),
        "노원구",
        ("동일로", "노해로", "한글비석로"),
        ("상계동", "중계동", "하계동"),
    ),
    (
        ("서울특별시", "서울"),
        "송파구",
        ("올림픽로", "백제고분로", "오금로"),
        ("잠실동", "가락동", "문정동"),
    ),
    (
        ("경기도", "경기"),
        "수원시 영통구",
        ("광교중앙로", "봉영로", "청명로"),
        ("영통동", "매탄동", "이의동"),
    ),
    (
        ("경기도", "경기"),
        "성남시 분당구",
        ("정자일로", "황새울로", "내정로"),
        ("정자동", "서현동", "야탑동"),
    ),
    (
        ("경기도", "경기"),
        "고양시 일산동구",
        ("중앙로", "정발산로", "위시티로"),
        ("장항동", "마두동", "식사동"),
    ),
    (("경기도", "경기"), "양평군", ("양평로", "중앙로"), ("서종면 문호리", "옥천면 아신리")),
    (
        ("부산광역시", "부산"),
        "해운대구",
        ("해운대해변로", "센텀중앙로", "좌동순환로"),
        ("우동", "좌동", "중동"),
    ),
    (
        ("대전광역시", "대전"),
        "유성구",
        ("대학로", "엑스포로", "노은동로"),
        ("봉명동", "지족동", "궁동"),
    ),
    (
        ("인천광역시", "인천"),
        "연수구",
        ("송도과학로", "컨벤시아대로", "해돋이로"),
        ("송도동", "연수동", "옥련동"),
    ),
    (
        ("세종특별자치시", "세종"),
        "",
        ("한누리대로", "도움6로", "보듬3로"),
        ("어진동", "새롬동", "다정동"),
    ),
    (
        ("제주특별자치도", "제주도"),
        "제주시",
        ("연북로", "노연로", "애월해안로"),
        ("연동", "노형동", "애월읍 고내리"),
    ),
    (
        ("강원특별자치도", "강원도"),
        "춘천시",
        ("중앙로", "퇴계로", "후석로"),
        ("퇴계동", "석사동", "온의동"),
    ),
    (
        ("전북특별자치도", "전북"),
        "전주시 완산구",
        ("홍산로", "효자로", "팔달로"),
        ("효자동", "서신동", "중화산동"),
    ),
)
_COMPLEXES = (
    "아이파크",
    "e편한세상",
    "더샵",
    "롯데캐슬",
    "SK뷰",
    "한신휴플러스",
    "호반베르디움",
    "우방아이유쉘",
)


def _unit() -> str:
    floor, room = num(2, 35), num(1, 8)
    return pick(
        [
            f"{pick(_COMPLEXES)} {num(101, 130)}동 {floor}{room:02d}호",
            f"{num(101, 130)}동 {floor}{room:02d}호",
            f"{num(2, 9)}층 {num(2, 9)}{room:02d}호",
            f"{num(2, 6)}층",
            f"{num(1, 5)}{room:02d}호",
            f"{floor}층 {floor}{room:02d}호",
        ]
    )


def _street_address() -> str:
    province, district, roads, _ = pick(_PLACES)
    road = pick(roads)
    if rng.random() < 0.3:
        road += pick([f"{num(2, 60)}번길", f"{num(1, 40)}길", f" {num(10, 99)}번길"])
    number = str(num(1, 480)) + (f"-{num(1, 20)}" if rng.random() < 0.2 else "")
    head = pick(
        [f"{pick(province)} {district} ", f"{district} ", "", f"{pick(province)} {district} "]
    )
    return re.sub(" +", " ", f"{head}{road} {number}").strip()


def _lot_address() -> str:
    province, district, _, areas = pick(_PLACES)
    area = pick(areas)
    number = f"{num(1, 1500)}-{num(1, 40)}" if rng.random() < 0.75 else str(num(1, 900))
    mountain = "산 " if " " in area and rng.random() < 0.5 else ""
    head = pick([f"{pick(province)} {district} ", f"{district} "])
    return re.sub(" +", " ", f"{head}{area} {mountain}{number}{pick(['', '', '번지'])}").strip()


def address(style: Style) -> Value:
    body = _street_address() if rng.random() < 0.65 else _lot_address()
    unit = _unit()
    text = body + pick([" ", ", ", " "]) + unit
    if not style.obfuscate:
        return Value("kr_address", text)
    method = method_for("address", ["obf_mixed_width", "obf_zwsp", "obf_linebreak", "obf_spaced"])
    if method == "obf_mixed_width":
        return Value("kr_address", _sprinkle(text, full_width, 0.6), method)
    if method == "obf_zwsp":
        places = [i for i in range(1, len(text)) if text[i - 1].isdigit() and text[i].isdigit()]
        cut = pick(places)
        return Value("kr_address", text[:cut] + pick(INVISIBLE) + text[cut:], method)
    if method == "obf_linebreak":
        return Value("kr_address", body + pick(["\n", ",\n"]) + unit, method)
    spaced = re.sub(r"(\d{3,4})(호)", lambda m: " ".join(m.group(1)) + m.group(2), unit)
    if spaced == unit:
        return Value("kr_address", _sprinkle(text, full_width, 0.6), "obf_mixed_width")
    return Value("kr_address", body + " " + spaced, method)


# -- messengers ----------------------------------------------------------------------------


def kakao_id() -> str:
    return pick(
        [
            pick(_WORDS) + str(num(10, 9999)),
            pick(_GIVEN) + "_" + pick(_WORDS),
            pick(_FAMILY) + pick(_GIVEN) + str(num(70, 99)),
            pick(_GIVEN) + "." + pick(_FAMILY) + str(num(1, 99)),
        ]
    )


def messenger_handle(style: Style) -> Value:
    handle = kakao_id()
    if not style.obfuscate:
        return Value("messenger_id", handle)
    method = method_for("kakao", ["obf_spaced", "obf_fullwidth", "obf_zwsp"])
    if method == "obf_spaced":
        return Value("messenger_id", " ".join(handle), method)
    if method == "obf_fullwidth":
        return Value("messenger_id", "".join(full_width(c) for c in handle), method)
    cut = num(1, len(handle) - 1)
    return Value("messenger_id", handle[:cut] + pick(INVISIBLE) + handle[cut:], method)


def telegram(style: Style) -> Value:
    handle = pick(_WORDS) + pick(["_", ""]) + pick(_GIVEN) + pick(["", str(num(1, 99))])
    if not style.obfuscate:
        return Value("messenger_id", "@" + handle)
    if rng.random() < 0.5:
        return Value("messenger_id", "@ " + handle, "obf_spaced")
    return Value("messenger_id", "＠" + handle, "obf_fullwidth")


def messenger_link(style: Style) -> Value:
    code = "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(8))
    handle = pick(_WORDS) + "_" + pick(_GIVEN)
    link = pick(
        [
            f"open.kakao.com/o/{code}",
            f"https://open.kakao.com/o/{code}",
            f"open.kakao.com/me/{handle}",
            f"t.me/{handle}",
            f"https://t.me/{handle}",
        ]
    )
    if not style.obfuscate:
        return Value("messenger_id", link)
    link = link.removeprefix("https://")
    method = method_for("link", [" 쩜 ", "[.]", " . ", "(.)"])
    return Value("messenger_id", link.replace(".", method), "obf_separators")


# == comment frames ======================================================================
# ``{x}`` is a slot filled by SLOTS[x]; ``{bank}`` and ``{bank_en}`` name the bank of
# the account in the same frame. Frames are the project's own, not the dev corpus's.

SLOTS: dict[str, Callable[[Style], Value]] = {
    "rrn": rrn,
    "frn": frn,
    "passport": passport,
    "licence": driver_license,
    "mobile": mobile,
    "landline": landline,
    "abroad": korean_from_abroad,
    "foreign": foreign_phone,
    "email": email,
    "card": card,
    "ssn": ssn,
    "iban": iban,
    "ip": ipv4,
    "ipv6": ipv6,
    "address": address,
    "kakao": messenger_handle,
    "telegram": telegram,
    "link": messenger_link,
}

FRAMES_KO = {
    "rrn": [
        "주민등록번호: {rrn}",
        "제 주민번호가 {rrn}인데 조회가 안 돼요",
        "신분증 사진 돌던데 번호 {rrn} 이거 진짜임?",
        "주번 {rrn} 넣으라길래 넣었는데 괜찮은 건가",
        "아들 주민등록번호 {rrn} 적어서 제출했어요",
        "병원 접수할 때 {rrn} 불러줬는데 옆사람 다 들었을 듯",
        "어머니 주민번호 {rrn} 로 대신 예약했어요",
    ],
    "frn": [
        "외국인등록증 번호 {frn} 인데 본인인증이 안 돼요",
        "외국인번호 {frn}로 알뜰폰 개통 가능한가요",
        "와이프 외국인 등록번호가 {frn} 입니다",
        "베트남 직원 등록번호 {frn} 체류 연장 서류에 적었음",
    ],
    "passport": [
        "여권 번호: {passport}",
        "여권번호가 {passport}였나 기억이 가물가물",
        "여권 {passport} 분실 신고했어요",
        "출국 전날 여권 번호 {passport} 항공사에 다시 보냄",
    ],
    "licence": [
        "운전면허번호: {licence}",
        "면허증 번호 {licence} 적어서 렌터카 예약",
        "운전면허 {licence} 정지 풀렸는지 어디서 확인하나요",
        "면허번호 {licence}이고 갱신 기간 지났대요",
    ],
    "phone": [
        "전번 {mobile} 급한 분만 연락주세요",
        "HP {mobile} / 평일 10시~6시",
        "연락 주실 분은 {mobile}로 문자 남겨주세요",
        "{mobile} 여기로 연락하면 바로 받아요",
        "제 핸드폰 번호는 {mobile}이에요",
        "혹시 필요하면 폰으로 연락줘요 {mobile}",
        "중고 RTX 4090 팝니다 ☎ {mobile}",
        "매물 문의 ☏ {mobile} (부재 시 문자)",
        "이 번호 {mobile} 에서 자꾸 대출 광고 와요 신고 부탁",
        "카톡 말고 전화 {mobile} 주세요",
        "퇴근 후엔 {mobile}로만 받습니다",
        "사무실 {landline} 내선 203번 찾으세요",
        "매장 전화 {landline} 입니다 주차 가능",
        "Tel. {landline} (평일 9시~18시)",
        "해외에 있어서 {abroad}로 왓츠앱 주세요",
        "지금 미국이라 {foreign} 로 연락 부탁드려요",
        "현지 번호 {foreign} 입니다",
    ],
    "email": [
        "메일 주소: {email}",
        "이력서는 {email}으로 보내 주세요",
        "자료 원하시면 {email} 로 연락 주세요",
        "{email} 여기로 보내주시면 확인합니다",
        "제보는 {email}",
        "문의 메일 {email} 입니다",
        "구글폼 말고 {email}로 직접 보내요",
        "스터디 신청은 {email} 으로 받을게요",
    ],
    "card": [
        "카드번호 {card} 유효기간 08/29",
        "결제하려는데 {card} 카드가 정지됐대요",
        "해외결제 막힌 카드 {card} 풀 수 있나요",
        "법인카드 {card} 분실 신고 어디로 해요",
    ],
    "account": [
        "입금처: {bank} {account} (예금주 김*수)",
        "{bank} {account} 으로 보내주세요",
        "무통장 입금 {bank} {account}",
        "후원 계좌는 {bank} {account} 입니다",
        "계좌: {account} {bank}",
        "송금은 {account} ({bank})로 부탁해요",
        "{bank} 계좌번호 {account} 예금주 박*영",
        "환불은 {bank} {account}로 해주세요",
        "{bank} {account} 여기로 이체하면 바로 발송",
    ],
    "ip": [
        "접속 IP {ip} 로그 남아 있어요",
        "IP 주소가 {ip}로 찍혀요",
        "서버 아이피 {ip} 인데 포트가 안 열려요",
        "공유기 외부 IP {ip} 가 자꾸 바뀜",
        "{ip} 에서 계속 로그인 시도가 들어와요",
        "아이피 {ipv6} 로 접속 기록이 남았네요",
    ],
    "address": [
        "택배 주소: {address}",
        "저 {address} 살아요",
        "{address}로 오시면 됩니다",
        "주소는 {address}이에요",
        "이사했어요 새 집 {address}",
        "배달 주소 {address} 문 앞에 놔주세요",
        "직거래는 {address} 에서 해요",
        "우리 집 {address} 인데 층간소음 때문에 미치겠어요",
    ],
    "messenger": [
        "카톡ID: {kakao}",
        "카톡으로 {kakao} 추가해주세요",
        "ㅋㅌ {kakao}",
        "카카오톡 아이디는 {kakao}입니다",
        "카톡 아디 {kakao} 친추 ㄱㄱ",
        "궁금하면 톡 아이디 {kakao}",
        "라인 ID {kakao}",
        "텔레그램 아이디 {telegram}",
        "텔레 {telegram} 로 연락",
        "오픈톡 {link}",
        "자세한 건 여기 {link}",
        "카톡 친구추가 {kakao} 해주세요",
    ],
}

FRAMES_EN = {
    "rrn": ["My Korean ID number {rrn} got leaked by a shopping mall."],
    "frn": ["My alien registration number is {frn}, is that safe to give a landlord?"],
    "passport": [
        "passport no. {passport}, expiring next year",
        "Passport# {passport} for the booking.",
    ],
    "phone": [
        "Text me at {mobile} if you're in Seoul.",
        "Reach me on WhatsApp: {abroad}",
        "My cell is {foreign}, call after 6.",
        "Call {foreign} for the sublet.",
        "office line {landline}, ask for Mr. Lee",
    ],
    "email": [
        "Drop me a line at {email}.",
        "email: {email}",
        "Write to {email} if interested.",
        "You can reach me via {email} any time.",
    ],
    "card": ["My card {card} was charged twice.", "card number {card}, exp 11/28"],
    "account": ["Pay to my {bank_en} account {account}.", "Wire to {bank_en} {account} please."],
    "ip": ["My home IP is {ip}, is it blacklisted?", "Server at {ip} keeps timing out."],
    "messenger": ["Telegram: {telegram}", "KakaoTalk ID {kakao}", "join {link} for the group buy"],
    "ssn": [
        "SSN: {ssn}",
        "My social security number {ssn} was in the breach.",
        "ssn {ssn} dob 1984",
        "Social Security No. {ssn} on the W-2 is wrong.",
        "My SSN is {ssn}, do I need to freeze my credit?",
    ],
    "iban": [
        "IBAN: {iban}",
        "Pay into {iban} (Revolut).",
        "My IBAN {iban} if you owe me for dinner.",
        "Wire it to {iban} before Friday.",
        "Refund to IBAN {iban} please.",
    ],
}

FRAMES_MIXED = [
    "연락은 text 로 {mobile} 주세요",
    "email {email} 로 CV 보내주세요",
    "송금 {bank} {account} thx",
    "IP {ip} 에서 bot traffic 들어옴",
    "Kakao ID {kakao} 로 add 해주세요",
    "address {address} 로 배송 부탁",
    "passport {passport} 로 check-in 했는데 오류",
    "card {card} 결제 failed",
    "whatsapp {abroad} 로 연락 주세요",
]

MULTI = [
    ("ko", "번호 {mobile} 메일 {email} 둘 다 됩니다"),
    ("ko", "사기꾼 정보 공유: {bank} {account} / {mobile}"),
    ("ko", "집 주소 {address} 이고 연락처는 {mobile}"),
    ("ko", "카톡 {kakao} 아니면 {mobile} 로 문자"),
    ("ko", "주민번호 {rrn} 면허번호 {licence} 다 털렸어요"),
    ("ko", "{link} 들어오시고 입금은 {bank} {account}"),
    ("ko", "IP {ip} 메일 {email} 다 같은 사람임"),
    ("en", "Call {foreign} or email {email}."),
    ("en", "SSN {ssn}, IBAN {iban} - all leaked."),
    ("en", "Telegram {telegram}, phone {abroad}"),
    ("mixed", "email {email} 아니면 Telegram {telegram}"),
]

OPENERS_KO = ("", "", "", "", "ㄹㅇ ", "솔직히 ", "근데 ", "참고로 ", "아니 ", "다들 ")
CLOSERS_KO = ("", "", "", "", " ㅠ", " ^^", "..", " 🙏", "!!", " ㅎㅎ")
OPENERS_EN = ("", "", "", "FYI ", "Honestly, ", "PSA: ")
CLOSERS_EN = ("", "", "", " lol", " :(", " Thanks!", " 🙏")


# == clean comments: numbers that are not personal ========================================


def _money() -> str:
    return pick(
        [
            f"{num(2, 990)}억 달러",
            f"{num(1000000, 99999999):,}원",
            f"{num(1, 9)}조 {num(1, 9):,}{rng.choice(['천', '백'])}억 원",
            f"${num(1, 9)}.{num(1, 9)} trillion",
            f"₩{num(1000, 99999):,}",
            f"{num(1, 99)}만 {num(1, 9)}천원",
            f"USD {num(1000, 9999):,}",
            f"{num(100000000, 9999999999):,}원",
            f"€{num(1, 9)}.{num(1, 9)}bn",
        ]
    )


def _date() -> str:
    year, month, day = num(2019, 2026), num(1, 12), num(1, 28)
    hour, minute = num(0, 23), num(0, 59)
    return pick(
        [
            f"{year}-{month:02d}-{day:02d}",
            f"{year}.{month}.{day}",
            f"{year % 100:02d}.{month:02d}.{day:02d}",
            f"{month}/{day}",
            f"{year}/{month:02d}/{day:02d} {hour:02d}:{minute:02d}:{num(0, 59):02d}",
            f"{year}년 {month}월 {day}일 오후 {num(1, 11)}시 {minute}분",
            f"{month}월 {day}~{day + 1}일",
            f"{hour:02d}:{minute:02d}~{(hour + 3) % 24:02d}:00",
            f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:00+09:00",
            f"{year}{month:02d}{day:02d}",
            f"'{year % 100:02d}.{month:02d}.{day:02d}",
            f"{year}.{month:02d}.{day:02d}~{year}.12.31",
            f"{year}-{year + 1} 시즌",
        ]
    )


def _percent() -> str:
    return pick(
        [
            f"{num(0, 30)}.{num(0, 99):02d}%",
            f"-{num(0, 3)}.{num(1, 9)}%p",
            f"{num(1, 99)} %",
        ]
    )


def _model() -> str:
    return pick(
        [
            "GPT-4o", "H100", "RTX 5090", "B200", "A100 80GB", "M3 Max", "갤럭시 S25 울트라",
            "SM-S938N", "Llama-3.1-405B", "Qwen2.5-72B", "DDR5-6400", "PCIe 5.0 x16",
            "HBM3E 12단", "GB200 NVL72", "아이폰 16 프로 맥스", "MI300X", "i9-14900K",
        ]
    )  # fmt: skip


def _version() -> str:
    major, minor = num(1, 20), num(0, 40)
    return pick(
        [
            f"v{major}.{minor}.{num(0, 30)}",
            f"{major}.{minor}.{num(0, 9)}.{num(1000, 9999)}",
            f"10.0.{num(19041, 26100)}.{num(1000, 5000)}",
            f"Chrome {num(120, 140)}.0.{num(6000, 7000)}.{num(10, 200)}",
            f"iOS {num(16, 18)}.{num(0, 6)}.{num(1, 3)}",
            f"v{num(1, 3)}.{num(1, 9)}.{num(1, 9)}.{num(1, 9)}",
            f"build {num(1, 9)}.{num(10, 99)}.{num(100, 255)}.{num(1, 99)}",
        ]
    )


def _isbn() -> str:
    body = pick(["97889", "97911"]) + digits(7)
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(body))
    number = body + str(-total % 10)
    return f"ISBN {number[:3]}-{number[3:5]}-{number[5:9]}-{number[9:12]}-{number[12]}"


def _business_number() -> str:
    body = f"{num(101, 899)}{num(10, 99)}{digits(4)}"
    weights = (1, 3, 7, 1, 3, 7, 1, 3, 5)
    total = sum(int(d) * w for d, w in zip(body, weights, strict=True)) + int(body[8]) * 5 // 10
    number = body + str(-total % 10)
    return f"{number[:3]}-{number[3:5]}-{number[5:]}"


def _representative() -> str:
    head = pick(["1588", "1577", "1644", "1566", "1599", "1661", "1855", "1800"])
    return pick(
        [
            f"{head}-{digits(4)}",
            f"{head} {digits(4)}",
            f"{head}{digits(4)}",
            f"080-{lead_digits(3)}-{digits(4)}",
        ]
    )


def _url() -> str:
    return pick(
        [
            f"https://n.news.naver.com/mnews/article/{num(1, 660):03d}/00{digits(8)}?sid=101",
            f"https://blog.naver.com/{pick(_WORDS)}{num(1, 99)}/2234{digits(8)}",
            f"https://www.coupang.com/vp/products/{lead_digits(10)}?itemId={lead_digits(11)}",
            f"https://x.com/{pick(_WORDS)}/status/18{digits(17)}",
            f"https://gall.dcinside.com/board/view/?id=stock&no={lead_digits(8)}",
            "https://www.youtube.com/watch?v="
            + "".join(rng.choice(string.ascii_letters) for _ in range(11)),
            f"https://news.kbs.co.kr/news/pc/view/view.do?ncd={lead_digits(7)}",
        ]
    )


_CASE_KINDS = ("고단", "고합", "가합", "나", "도", "노")  # kinds of court case (2023고단1234)
NEGATIVES_KO: list[Callable[[], str]] = [
    lambda: f"이번 계약 규모가 {_money()}라니 실감이 안 나네",
    lambda: f"환율 {num(1300, 1480):,}.{num(1, 9)}원이면 {_money()} 정도",
    lambda: f"발표는 {_date()} 이라던데 또 미뤄지겠지",
    lambda: f"{_date()} 기준 코스피 {num(2400, 4200):,}.{num(10, 99)}",
    lambda: f"금리 {_percent()} 인하 얘기 나오던데",
    lambda: f"{_model()} 가격이 또 올랐네 {_money()}",
    lambda: f"삼성전자({pick(['005930', '005935'])}) 오늘 {_percent()}",
    lambda: "SK하이닉스 000660, 한미반도체 042700 둘 다 빨간불",
    lambda: f"KRX:{pick(['035420', '035720', '373220'])} 종목 토론방 분위기 험악",
    lambda: f"앱 {_version()} 업데이트하고 나서 댓글이 안 써져요",
    lambda: f"윈도우 빌드 {_version()} 에서 블루스크린",
    lambda: f"주문번호 {num(2024, 2025)}{num(1, 12):02d}{num(10, 28)}{digits(7)} 아직 배송 준비중",
    lambda: f"송장번호 {lead_digits(4)}-{digits(4)}-{digits(4)} 조회가 안 돼요",
    lambda: f"CJ대한통운 운송장 {lead_digits(12)} 이틀째 집하",
    lambda: f"영수증 번호 {lead_digits(8)}-{digits(4)} 로 환불 신청함",
    lambda: f"예약번호 {pick(['KE', 'OZ', 'TW'])}{lead_digits(7)} 로 좌석 변경",
    lambda: f"사번 {pick(['A', 'K', 'S'])}-{lead_digits(5)} 인데 인사팀이 모른대요",
    lambda: f"학번 {num(2015, 2025)}{digits(4)} 복학생입니다",
    lambda: f"인증번호 [{digits(6)}] 를 입력하세요 라는 문자가 왔는데 제가 요청한 적 없어요",
    lambda: f"OTP {digits(3)} {digits(3)} 이런 거 절대 알려주면 안 됨",
    lambda: f"수험번호 {lead_digits(8)} 합격했어요 ㅠㅠ",
    lambda: f"우편번호 {num(1000, 63999):05d} 이 동네 집값 미쳤다",
    lambda: f"고객센터 {_representative()} 는 주말에 안 받아요",
    lambda: f"대표번호 {_representative()} 로 전화하니 ARS만 10분",
    lambda: f"무료상담 080-{lead_digits(3)}-{digits(4)} 이런 광고 문자 지겹다",
    lambda: f"사업자등록번호 {_business_number()} 조회하니 폐업이네",
    lambda: f"원문 {_url()}",
    lambda: f"이 글 보세요 {_url()} 정리 잘 돼 있음",
    lambda: f"{_isbn()} 이 책 추천합니다",
    lambda: f"사건번호 {num(2019, 2025)}{pick(_CASE_KINDS)}{lead_digits(pick([4, 5]))} 판결문 읽음",
    lambda: f"대법원 {num(2015, 2025)}도{lead_digits(5)} 판결 이후로 바뀜",
    lambda: f"한국시리즈 {num(1, 9)}-{num(0, 9)} 역전승 미쳤다",
    lambda: f"타율 .{num(250, 350)} OPS .{num(700, 999)} 이면 MVP 감",
    lambda: f"{num(80, 120)}-{num(80, 120)} 연장 끝에 졌네",
    lambda: f"조회수 {num(1000000, 9999999):,}회 댓글 {num(1000, 9999):,}개",
    lambda: f"서울 인구 {num(9000000, 9600000):,}명 역대 최저",
    lambda: (
        f"로또 번호 {' '.join(str(n) for n in sorted(rng.sample(range(1, 46), 6)))} 이번에도 꽝"
    ),
    lambda: "010 011 016 017 018 019 다 쓰던 시절이 그립다",
    lambda: f"전화번호 010-****-{digits(4)} 으로 마스킹해서 보내래요",
    lambda: "이사 오는 일이 구일이나 걸려서 사오일 쉬고 일일이 짐 풀었다",
    lambda: "오늘 일이 일찍 끝나서 이삼일 쉬고 사무실 이사 준비",
    lambda: "삼삼오오 모여서 구사일생 얘기하다 칠전팔기 정신으로 이겨냄",
    lambda: "일석이조 노리다 사면초가 된 정부 정책 십중팔구 실패",
    lambda: "오이 이만 원어치 사서 이웃에 나눠줌 오일장 구경도 하고",
    lambda: "이 일 저 일 다 하다 보니 이십오 년이 훌쩍 지났네요",
    lambda: "사이사이 오르내리다 구십일 일째 횡보 중",
    lambda: "일요일 오후 구로구 사거리 일대 이사 차량 때문에 정체",
    lambda: f"전용 {num(59, 135)}㎡ {num(10, 40)}억 {num(1, 9)}천 실거래",
    lambda: f"GTX-A 운정~서울역 {num(15, 25)}분, 요금 {num(3000, 4500):,}원",
    lambda: f"데이터센터 {num(100, 900)}MW 짓는다는데 전기는 어디서",
    lambda: f"{num(1, 12)}월 {num(1, 28)}일 {num(10, 23)}시 {num(10, 59)}분 속보 떴을 때 샀어야",
    lambda: f"평균 연봉 {num(5000, 12000):,}만 원이라니 부럽다",
    lambda: f"카톡 {_version()} 업데이트 후 알림이 안 와요",
    lambda: "카톡으로 보냈는데 읽씹 당함",
    lambda: "ㅋㅌ 프사 바꿨더니 연락 폭주 ㅋㅋ",
    lambda: "카톡 아이디 같은 거 댓글에 쓰지 마세요 사기꾼 천지",
    lambda: f"계좌 이체 수수료 {num(1, 9)}00원 아직도 받는 은행 있나",
    lambda: f"국민은행 2025년 3분기 순이익 {_money()}",
    lambda: f"신한 SOL 앱 {_version()} 에서 로그인 오류",
    lambda: f"입금 {num(1, 9)},000,000원 확인했다는 문자 다 스미싱입니다",
    lambda: "서울 강남구 테헤란로 일대 오피스 공실률이 올랐다",
    lambda: f"서울시청 세종대로 110 앞 집회 {num(1000, 9000):,}명 참가",
    lambda: f"판교역로 {num(100, 250)} 본사 사옥 {num(5, 20)}층에서 발표",
    lambda: f"2호선 강남역 {num(1, 12)}번 출구에서 {num(2, 9)}분 거리",
    lambda: f"청약 {num(2, 5)}층 이상만 당첨이라던데",
    lambda: f"아파트 {num(101, 130)}동 {num(1, 30)}층 높이에서 불꽃놀이 보임",
    lambda: f"IP 카메라 해킹 피해 {num(100, 999)}건 넘었대요",
    lambda: f"공인 IP 개수가 {num(40, 43)}억 개라서 부족하다는 얘기",
    lambda: f"법인세 {num(20, 25)}% 인하 효과 {_money()}",
    lambda: f"코스닥 {num(700, 950)}.{num(10, 99)} ({_percent()})",
    lambda: f"GPU {num(1000, 99999):,}장 확보했다는 발표",
    lambda: f"원/달러 {num(1300, 1480)}.{num(1, 9)} 마감",
    lambda: f"좋아요 {num(100, 9999):,} 싫어요 {num(10, 999):,}",
    lambda: f"여권 발급 수수료 {num(40, 60)},000원 올랐네",
    lambda: "운전면허 적성검사 기간 지나면 과태료 3만 원",
    lambda: "주민번호 뒷자리 앞 숫자로 성별 알 수 있는 거 개인정보 아님?",
    lambda: f"{num(1, 9)}시 {num(10, 59)}분 KTX 타고 {num(2, 3)}시간 {num(10, 50)}분",
    lambda: f"제{num(1, 30)}조 제{num(1, 5)}항 제{num(1, 9)}호 위반",
    lambda: f"법인등록번호는 공개 정보라던데 {num(110111, 285011)}-{lead_digits(7)} 이런 식",
    lambda: (
        f"부품번호 {pick(['BN', 'DC'])}{lead_digits(2)}-{lead_digits(5)}{pick('ABC')} 재고 없음"
    ),
    lambda: f"주식 {num(1, 999):,}주 평단 {num(10000, 99999):,}원",
    lambda: f"서울시청 좌표 37.{digits(4)}, 126.{digits(4)} 근처 집회",
    lambda: f"순위 {', '.join(str(n) for n in range(1, num(8, 12)))} 위까지 발표",
    lambda: "전화번호는 010-XXXX-XXXX 형식으로 적으면 자동으로 가려져요",
    lambda: "02) 서울 031) 경기 032) 인천 지역번호 헷갈림",
    lambda: "계좌번호는 은행마다 10~14자리라 외우기 힘듦",
    lambda: "카드번호 16자리 중 앞 6자리가 BIN 이라네요",
    lambda: f"로그 타임스탬프 {_date()}.{digits(6)} 에서 멈춤",
    lambda: f"원주율 3.{lead_digits(14)} 까지 외움",
    lambda: f"{num(1, 9)}조 {num(1000, 9999)}억 {num(1000, 9999)}만 원 규모",
    lambda: (
        f"고객센터 0{pick(['2', '31', '51'])}-{lead_digits(3)}-{digits(4)} (대표번호) 로 문의하세요"
    ),
    lambda: f"손흥민 시즌 {num(10, 25)}골 {num(5, 15)}도움",
    lambda: f"오전 {num(8, 11)}시 30분 ~ 오후 {num(5, 8)}시",
]

NEGATIVES_EN: list[Callable[[], str]] = [
    lambda: f"The deal is worth {_money()}, which is insane.",
    lambda: f"Announced on {_date()} and the stock jumped {_percent()}.",
    lambda: f"{_model()} prices went up again, now about {_money()}.",
    lambda: f"Running {_version()} and still crashing.",
    lambda: f"Order #{lead_digits(9)} shipped but tracking {lead_digits(12)} shows nothing.",
    lambda: f"Invoice INV-{num(2024, 2025)}-{digits(6)} was paid on {_date()}.",
    lambda: f"Ticket {pick(['T', 'SR'])}{lead_digits(7)} closed without a fix.",
    lambda: f"The Lakers lost {num(90, 130)}-{num(90, 130)} in overtime.",
    lambda: f"Meet at Gate {num(1, 30)} at {num(1, 12)}:{num(10, 59)} tomorrow.",
    lambda: "The dot com bubble all over again, one two three and it's gone.",
    lambda: "I count one two three four five six seven problems with this plan.",
    lambda: "Back in the dot com days everyone was at pets dot com.",
    lambda: f"Elon Musk (@{pick(['elonmusk', 'sama', 'satyanadella'])}) said the same thing on X.",
    lambda: f"Read the thread here: {_url()}",
    lambda: f"{_isbn()} is a great intro to the topic.",
    lambda: f"Call the hotline {_representative()} and you wait forever.",
    lambda: f"Samsung (KRX: 005930) is up {_percent()} this week.",
    lambda: f"Population hit {num(9000000, 9600000):,} and is falling.",
    lambda: f"The GDP grew {_percent()} in Q{num(1, 4)} {num(2020, 2025)}.",
    lambda: f"Section 3.{num(1, 9)}.{num(1, 9)}.{num(1, 9)} of the contract says otherwise.",
    lambda: f"My flight KE{lead_digits(3)} departs at {num(10, 23)}:{num(10, 59)} from Terminal 2.",
    lambda: f"Employee ID {lead_digits(6)} and still no badge.",
    lambda: "Never post your phone number or email in the comments, scammers scrape them.",
    lambda: f"We hit {num(1000, 9999):,} GPUs at {num(30, 90)}% utilization.",
    lambda: f"Tesla at ${num(150, 450)}.{num(10, 99)}, up {_percent()}.",
    lambda: "He was at Samsung for ten years before moving to Naver.",
    lambda: f"City Hall is at 37.{digits(4)}, 126.{digits(4)} if you want to join the rally.",
    lambda: f"Pi to {num(10, 15)} places is 3.{lead_digits(14)}, don't @ me.",
    lambda: f"Room {num(100, 999)}, Building {num(1, 30)}, floor {num(2, 20)} is the press room.",
    lambda: "Line 2 at Gangnam was packed, one two three trains before I got on.",
]

NEGATIVES_MIXED: list[Callable[[], str]] = [
    lambda: f"deal size {_money()}, 원화로 {_money()}",
    lambda: f"{_model()} 벤치 score {num(1000, 9999):,}",
    lambda: f"app {_version()} 이후로 crash 줄었어요",
    lambda: f"order {lead_digits(10)} 아직 processing",
    lambda: f"source: {_url()}",
    lambda: f"hotline {_representative()} 은 weekend 휴무",
]

FILLERS_KO = (
    "반도체 수출이 석 달 연속 늘었다는데 체감은 전혀 없다.",
    "전세 끼고 사는 사람들은 금리 오를 때마다 잠이 안 올 거다.",
    "기사 제목만 보고 들어왔는데 내용은 딴판이네.",
    "요즘 물가 보면 월급 빼고 다 오른 것 같다.",
    "이런 기사에 댓글 다는 게 무슨 소용이냐 싶다가도 한마디 남긴다.",
    "정부 발표는 매번 비슷한데 결과는 늘 다르다.",
    "아이 학원비만 한 달에 백만 원 넘게 나간다.",
    "출퇴근 두 시간씩 하다 보면 집값 얘기가 남 일 같지 않다.",
    "주말에 비 온다는데 나들이 계획 다 취소다.",
    "댓글 보니 다들 생각이 비슷하구나 싶다.",
)
FILLERS_EN = (
    "Honestly the market makes no sense to me anymore.",
    "Rents in Seoul keep climbing while salaries stay flat.",
    "I read the whole article and still don't get the numbers.",
    "Every year the same promises, every year the same results.",
    "Anyway, good luck to everyone dealing with this.",
)


# == assembling comments ===================================================================


@dataclass
class Comment:
    lang: str
    text: str
    spans: list[tuple[int, int, str]]
    tags: set[str]


_SLOT = re.compile(r"\{(\w+)\}")


def fill(frame: str, style: Style) -> tuple[str, list[tuple[int, int, Value]]]:
    """Fill a frame's slots; returns the text and each value with its span."""
    bank_ko, bank_en, account_value = account(style) if "{account}" in frame else ("", "", None)
    parts: list[str] = []
    found: list[tuple[int, int, Value]] = []
    length = 0
    for index, piece in enumerate(_SLOT.split(frame)):
        value: Value | None = None
        if index % 2 == 0:
            text = piece
        elif piece in ("bank", "bank_en"):
            text = bank_ko if piece == "bank" else bank_en
        else:
            value = account_value if piece == "account" else SLOTS[piece](style)
            assert value is not None
            text = value.text
        previous = found[-1][2] if found and found[-1][1] == length else None
        if parts and (_touches(value, parts[-1][-1:]) or _touches(previous, text[:1])):
            parts.append(" ")
            length += 1
        if value is not None:
            found.append((length, length + len(text), value))
        parts.append(text)
        length += len(text)
    return "".join(parts), found


_HANGUL_DIGIT_CHARS = set("공영일이삼사오육칠팔구")


def _touches(value: Value | None, neighbour: str) -> bool:
    """A value in Hangul digits must not touch a particle that is itself a digit (…팔이에요)."""
    spelled = value is not None and value.obfuscation in ("obf_hangul_digits", "obf_hangul_mixed")
    return spelled and neighbour in _HANGUL_DIGIT_CHARS and neighbour != ""


def decorate(
    text: str, spans: list[tuple[int, int, Value]], lang: str
) -> tuple[str, list[tuple[int, int, Value]]]:
    opener = pick(OPENERS_EN if lang == "en" else OPENERS_KO)
    closer = pick(CLOSERS_EN if lang == "en" else CLOSERS_KO)
    shift = len(opener)
    return opener + text + closer, [(s + shift, e + shift, v) for s, e, v in spans]


def pii_comment(lang: str, frame: str, obfuscate: bool) -> Comment:
    text, found = fill(frame, Style(lang, obfuscate))
    if rng.random() < 0.5:
        text, found = decorate(text, found, lang)
    tags = {v.obfuscation for _, _, v in found if v.obfuscation}
    if tags:
        tags.add("obfuscated")
    if len(found) > 1:
        tags.add("multi_pii")
    return Comment(lang, text, [(s, e, v.type) for s, e, v in found], tags)


def long_comment(lang: str, frame: str | None, obfuscate: bool) -> Comment:
    """Three to seven filler sentences with the frame (if any) buried among them."""
    fillers = list(FILLERS_EN if lang == "en" else FILLERS_KO)
    rng.shuffle(fillers)
    sentences = fillers[: num(3, 7)]
    negatives = NEGATIVES_EN if lang == "en" else NEGATIVES_KO
    sentences.insert(num(0, len(sentences)), pick(negatives)())
    if frame is None:
        return Comment(lang, " ".join(sentences), [], {"long"})
    text, found = fill(frame, Style(lang, obfuscate))
    where = num(1, len(sentences) - 1)
    head = " ".join(sentences[:where]) + " "
    comment = head + text + " " + " ".join(sentences[where:])
    tags = {"long", "buried"} | {v.obfuscation for _, _, v in found if v.obfuscation}
    if any(v.obfuscation for _, _, v in found):
        tags.add("obfuscated")
    spans = [(s + len(head), e + len(head), v.type) for s, e, v in found]
    return Comment(lang, comment, spans, tags)


def clean_comment(lang: str) -> Comment:
    pool = {"ko": NEGATIVES_KO, "en": NEGATIVES_EN, "mixed": NEGATIVES_MIXED}[lang]
    text = pick(pool)()
    if rng.random() < 0.3:
        filler = pick(FILLERS_EN if lang == "en" else FILLERS_KO)
        text = f"{filler} {text}" if rng.random() < 0.5 else f"{text} {filler}"
    return Comment(lang, text, [], {"hard_negative"})


def frames_for(lang: str) -> Iterator[tuple[str, str]]:
    """Every (kind, frame) of a language, each kind once per round, forever."""
    table = FRAMES_EN if lang == "en" else FRAMES_KO
    while True:
        for kind, frames in table.items():
            yield kind, pick(frames)


def build() -> list[Comment]:
    comments: list[Comment] = []
    plans = (
        ("ko", 14, 0.45),
        ("en", 9, 0.4),
    )  # (language, rounds over every kind, obfuscated share)
    for lang, rounds, share in plans:
        frames = frames_for(lang)
        kinds = len(FRAMES_EN if lang == "en" else FRAMES_KO)
        for _ in range(rounds * kinds):
            _, frame = next(frames)
            comments.append(pii_comment(lang, frame, rng.random() < share))
    comments += [pii_comment("mixed", frame, rng.random() < 0.4) for frame in FRAMES_MIXED * 3]
    comments += [pii_comment(lang, frame, rng.random() < 0.3) for lang, frame in MULTI * 2]
    for lang, count in (("ko", 18), ("en", 6)):
        frames = frames_for(lang)
        for _ in range(count):
            _, frame = next(frames)
            comments.append(long_comment(lang, frame, rng.random() < 0.4))
    pii = len(comments)
    for lang, share in (("ko", 0.62), ("en", 0.28), ("mixed", 0.10)):
        comments += [clean_comment(lang) for _ in range(round(pii * 1.2 * share))]
    comments += [
        long_comment(pick(["ko", "ko", "en"]), None, False) for _ in range(round(pii * 0.12))
    ]
    return comments


# == self-check and output ===================================================================


def check(comment: Comment) -> None:
    """Spans lie on the values, do not overlap, and no digit is glued to a value."""
    previous_end = 0
    for start, end, kind in comment.spans:
        value = comment.text[start:end]
        assert kind in TYPES and 0 <= previous_end <= start < end <= len(comment.text), comment
        assert value == value.strip(), (value, comment.text)
        before = comment.text[start - 1 : start]
        after = comment.text[end : end + 1]
        assert not before.isdigit() and not after.isdigit(), (value, comment.text)
        previous_end = end
    if not comment.spans:
        assert not _looks_personal(comment.text), comment.text


_MOBILE = re.compile(r"(?<![\d-])01[016789][- .]?\d{3,4}[- .]?\d{4}(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[A-Za-z]{2,}")


def _looks_personal(text: str) -> bool:
    """A guard against a clean comment that came out holding a real-looking value."""
    return bool(_MOBILE.search(text) or _EMAIL.search(text))


def write(comments: list[Comment], path: Path) -> None:
    rng.shuffle(comments)
    with path.open("w", encoding="utf-8") as out:
        for number, comment in enumerate(comments, 1):
            check(comment)
            record = {
                "id": f"v{number:04d}",
                "lang": comment.lang,
                "text": comment.text,
                "spans": [{"start": s, "end": e, "type": t} for s, e, t in comment.spans],
                "tags": sorted(comment.tags),
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def report(comments: list[Comment]) -> None:
    with_pii = [c for c in comments if c.spans]
    types = Counter(t for c in comments for _, _, t in c.spans)
    obfuscated = sum(1 for c in with_pii if "obfuscated" in c.tags)
    print(f"{len(comments)} comments: {len(with_pii)} with PII ({obfuscated} obfuscated), "
          f"{len(comments) - len(with_pii)} clean")  # fmt: skip
    print("spans per type:", ", ".join(f"{t} {types[t]}" for t in TYPES))
    methods = Counter(t for c in comments for t in c.tags if t.startswith("obf_"))
    print("obfuscations:", ", ".join(f"{m} {n}" for m, n in sorted(methods.items())))
    missing = [t for t in TYPES if types[t] < 8]
    if missing:
        raise SystemExit(f"too few spans of {missing}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seed", type=int, default=SEED, help="another corpus of the same kind")
    arguments = parser.parse_args()
    rng.seed(arguments.seed)
    comments = build()
    write(comments, arguments.out)
    report(comments)
    assert unicodedata.is_normalized("NFC", "".join(c.text for c in comments))


if __name__ == "__main__":
    main()
