"""Principle 1: a digit is anything a reader reads as a digit.

The Unicode part of the table is derived from `unicodedata` over the whole code
space, never listed by hand. The word forms are how Koreans and English speakers say
numbers aloud. A *form* is chosen once per value (people write a number one way) and
gives a speller for its groups; `mixed_groups` and `mixed_digits` change form inside
one value.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

ASCII = "0123456789"
KEYCAP = "\u20e3"
VARIATION_SELECTOR_16 = "\ufe0f"

SINO = ("공", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구")
NATIVE = ("공", "하나", "둘", "셋", "넷", "다섯", "여섯", "일곱", "여덟", "아홉")
ENGLISH = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
TEENS = (
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
# Homoglyphs readers take for 0 and 1 in a run of digits; other letters (E for 3,
# S for 5) are leetspeak that a reader would not take for a number unprompted.
LETTER_ZERO = ("O", "o", "ㅇ")
LETTER_ONE = ("l", "I", "|", "ㅣ")

DIGIT_FORMS = (
    "ascii",
    "unicode_digits",  # decimal digits of any script (fullwidth, Arabic-Indic, math bold…)
    "unicode_numeric",  # other characters with a digit value (circled, superscript, Roman…)
    "cjk_numerals",  # 〇一二三 and their variants
    "keycap",
    "sino_korean",  # 공일공
    "native_korean",  # 하나 둘 셋
    "slang",  # 빵 for 0
    "english_words",
    "korean_composite",  # 천이백삼십사: groups read with place values
    "english_pairs",  # "twelve thirty-four", "oh five"
    "letters",  # O for 0, l for 1
    "mixed_groups",  # each group in another form
    "mixed_digits",  # each digit in another form
)
KOREAN_FORMS = frozenset({"sino_korean", "native_korean", "slang", "korean_composite"})
ENGLISH_FORMS = frozenset({"english_words", "english_pairs"})
# Forms whose words must be kept apart by a space when groups are run together.
_SPACED_FORMS = frozenset(
    {"native_korean", "english_words", "korean_composite", "english_pairs", "mixed_groups"}
)
_SINGLE_CHARACTER_FORMS = (
    "ascii",
    "unicode_digits",
    "unicode_numeric",
    "cjk_numerals",
    "keycap",
    "sino_korean",
    "letters",
)


@dataclass(frozen=True)
class NumericTable:
    decimal_zeros: tuple[int, ...]  # first code point of each run of ten decimal digits
    other: tuple[tuple[str, ...], ...]  # per value 0-9: No/Nl/Lo characters outside CJK
    cjk: tuple[tuple[str, ...], ...]  # per value 0-9: CJK ideographs and 〇


@cache
def numeric_table() -> NumericTable:
    zeros: list[int] = []
    other: list[list[str]] = [[] for _ in range(10)]
    cjk: list[list[str]] = [[] for _ in range(10)]
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        value = unicodedata.numeric(ch, None)
        if value is None or value != int(value) or not 0 <= value <= 9:
            continue
        name = unicodedata.name(ch, "")
        if "FRACTION" in name:  # ⅟ and ↉ are fractions that happen to carry 1 and 0
            continue
        if unicodedata.category(ch) == "Nd":
            if value == 0 and cp != ord("0"):
                zeros.append(cp)
        elif name.startswith(("CJK", "IDEOGRAPHIC NUMBER")):
            cjk[int(value)].append(ch)
        else:
            other[int(value)].append(ch)
    return NumericTable(tuple(zeros), tuple(map(tuple, other)), tuple(map(tuple, cjk)))


def korean_composite(n: int) -> str:
    """1..9999 read with place values: 4749 → 사천칠백사십구, 1010 → 천십."""
    out = []
    for place, name in ((1000, "천"), (100, "백"), (10, "십")):
        d = n // place % 10
        if d:
            out.append(("" if d == 1 else SINO[d]) + name)
    if n % 10:
        out.append(SINO[n % 10])
    return "".join(out)


def english_pair(pair: str, previous: str) -> str:
    """Two digits as English speakers group them: 34 → thirty-four, 05 → oh five."""
    a, b = int(pair[0]), int(pair[1])
    if a == 0:
        if b == 0:
            return "hundred" if previous not in ("", "00") else "oh oh"
        return "oh " + ENGLISH[b]
    if a == 1:
        return TEENS[b]
    return TENS[a] + ("-" + ENGLISH[b] if b else "")


def _chunks(group: str) -> list[str]:
    sizes = {5: (2, 3), 6: (2, 2, 2), 7: (3, 4), 8: (4, 4)}.get(len(group))
    if sizes is None:
        sizes = tuple(4 for _ in range(0, len(group), 4))
    out, at = [], 0
    for size in sizes:
        out.append(group[at : at + size])
        at += size
    return [c for c in out if c]


@dataclass(frozen=True)
class Speller:
    """Spells one group of a value; letters in the group (passport, IBAN) pass through."""

    form: str
    spell: Callable[[str], str]

    @property
    def needs_space(self) -> bool:
        return self.form in _SPACED_FORMS


def make_speller(rng: random.Random, form: str) -> Speller:
    return Speller(form, _SPELLERS[form](rng))


def _per_digit(table: Callable[[int], str], sep: str = "") -> Callable[[str], str]:
    def spell(group: str) -> str:
        return sep.join(table(int(ch)) if ch in ASCII else ch for ch in group)

    return spell


def _ascii(rng: random.Random) -> Callable[[str], str]:
    return lambda group: group


def _unicode_digits(rng: random.Random) -> Callable[[str], str]:
    zero = rng.choice(numeric_table().decimal_zeros)  # one script for the whole value
    return _per_digit(lambda d: chr(zero + d))


def _unicode_numeric(rng: random.Random) -> Callable[[str], str]:
    other = numeric_table().other
    return _per_digit(lambda d: rng.choice(other[d]))


def _cjk(rng: random.Random) -> Callable[[str], str]:
    cjk = numeric_table().cjk
    usual = {0: rng.choice(("〇", "零")), **{d: "一二三四五六七八九"[d - 1] for d in range(1, 10)}}
    return _per_digit(lambda d: usual[d] if rng.random() < 0.8 else rng.choice(cjk[d]))


def _keycap(rng: random.Random) -> Callable[[str], str]:
    selector = VARIATION_SELECTOR_16 if rng.random() < 0.8 else ""
    return _per_digit(lambda d: f"{d}{selector}{KEYCAP}")


def _sino(rng: random.Random) -> Callable[[str], str]:
    zero = rng.choice(("공", "영"))
    six = "육" if rng.random() < 0.9 else "륙"
    words = (zero, *SINO[1:6], six, *SINO[7:])
    return _per_digit(lambda d: words[d], " " if rng.random() < 0.15 else "")


def _native(rng: random.Random) -> Callable[[str], str]:
    words = (rng.choice(("공", "영")), *NATIVE[1:])
    return _per_digit(lambda d: words[d], " " if rng.random() < 0.7 else "")


def _slang(rng: random.Random) -> Callable[[str], str]:
    words = ("빵", *SINO[1:])
    return _per_digit(lambda d: words[d])


def _english(rng: random.Random) -> Callable[[str], str]:
    words = (rng.choice(("zero", "oh", "o")), *ENGLISH[1:])
    return _per_digit(lambda d: words[d], rng.choice((" ", " ", "-")))


def _korean_composite(rng: random.Random) -> Callable[[str], str]:
    def spell(group: str) -> str:
        if not group.isdigit():
            return group
        parts = []
        for chunk in _chunks(group):
            if chunk[0] == "0":
                parts.append("".join(SINO[int(d)] for d in chunk))
            else:
                parts.append(korean_composite(int(chunk)))
        return " ".join(parts)

    return spell


def _english_pairs(rng: random.Random) -> Callable[[str], str]:
    def spell(group: str) -> str:
        if not group.isdigit():
            return group
        words, previous = [], ""
        if len(group) % 2:
            words.append(ENGLISH[int(group[0])])
            group = group[1:]
        for i in range(0, len(group), 2):
            words.append(english_pair(group[i : i + 2], previous))
            previous = group[i : i + 2]
        return " ".join(words)

    return spell


def _letters(rng: random.Random) -> Callable[[str], str]:
    zero, one = rng.choice(LETTER_ZERO), rng.choice(LETTER_ONE)
    return _per_digit(lambda d: zero if d == 0 else one if d == 1 else str(d))


def _mixed_digits(rng: random.Random) -> Callable[[str], str]:
    spellers = [_SPELLERS[form](rng) for form in _SINGLE_CHARACTER_FORMS]
    return _per_digit(lambda d: rng.choice(spellers)(str(d)))


def _mixed_groups(rng: random.Random) -> Callable[[str], str]:
    forms = [f for f in DIGIT_FORMS if f not in ("mixed_groups", "mixed_digits")]
    spellers = [_SPELLERS[form](rng) for form in forms]
    # Each group in its own form, kept apart from its neighbours by the joiner.
    return lambda group: rng.choice(spellers)(group)


_SPELLERS: dict[str, Callable[[random.Random], Callable[[str], str]]] = {
    "ascii": _ascii,
    "unicode_digits": _unicode_digits,
    "unicode_numeric": _unicode_numeric,
    "cjk_numerals": _cjk,
    "keycap": _keycap,
    "sino_korean": _sino,
    "native_korean": _native,
    "slang": _slang,
    "english_words": _english,
    "korean_composite": _korean_composite,
    "english_pairs": _english_pairs,
    "letters": _letters,
    "mixed_groups": _mixed_groups,
    "mixed_digits": _mixed_digits,
}


def forms_that_change(digits: str, forms: tuple[str, ...] = DIGIT_FORMS) -> tuple[str, ...]:
    """The forms that actually rewrite these digits (letters need a 0 or 1, slang a 0)."""
    out = []
    for form in forms:
        if form == "letters" and not set(digits) & {"0", "1"}:
            continue
        if form == "slang" and "0" not in digits:
            continue
        out.append(form)
    return tuple(out)
