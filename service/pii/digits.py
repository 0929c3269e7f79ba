"""What a reader reads as a digit, however it is written.

Digits reach a comment in three kinds of writing:

- **characters**: every code point to which Unicode gives a single-digit value (the
  digits of other scripts, circled, parenthesised, superscript and mathematical
  digits, ...), derived from the Unicode database rather than listed by hand, and
  keycap sequences (``1️⃣``: a digit, an optional variation selector, U+20E3);
- **ideographs** (一 二 〇 零 壹 ...): digits only among other digits, since each is also
  a word;
- **words**: Sino-Korean digits (공 일 이 ...), native Korean numerals (하나 둘 ...), the
  slang people use (빵 for zero), composite numbers with place values (사천칠백사십구),
  and English number words (zero ... nine, oh, the tens and teens, double and triple).

The readers here only say what a piece of text spells; whether it is part of a number
at all is decided by :mod:`service.pii.normalize`, from its neighbours.
"""

from __future__ import annotations

import re
import sys
import unicodedata

KEYCAP = "\u20e3"


def _digit_characters() -> tuple[dict[str, str], dict[str, str]]:
    """Every non-ASCII code point with a numeric value of exactly 0-9: the plain ones,
    and the ideographs (which are words too). Fractions (⅟, ↉) are not digits."""
    plain: dict[str, str] = {}
    ideographs: dict[str, str] = {}
    for char in map(chr, range(0x80, sys.maxunicode + 1)):
        if not char.isnumeric():  # a C-level filter: numeric() only for ~2,000 of them
            continue
        value = unicodedata.numeric(char)
        if value not in range(10) or "\u2044" in unicodedata.normalize("NFKC", char):
            continue
        # Ideographs and 〇 are words too; circled, parenthesised and tally-mark
        # ideographs (㊁ ㈢ 𝍲) are symbols of digits only.
        category = unicodedata.category(char)
        ideographic = category == "Lo" or (
            category == "Nl" and "IDEOGRAPH" in unicodedata.name(char)
        )
        (ideographs if ideographic else plain)[char] = str(int(value))
    return plain, ideographs


DIGIT_CHARACTERS, IDEOGRAPHIC_DIGITS = _digit_characters()

SINO_KOREAN = {
    "공": "0",
    "영": "0",
    "빵": "0",
    "일": "1",
    "이": "2",
    "삼": "3",
    "사": "4",
    "오": "5",
    "육": "6",
    "륙": "6",
    "칠": "7",
    "팔": "8",
    "구": "9",
}
NATIVE_KOREAN = {
    "하나": "1",
    "둘": "2",
    "셋": "3",
    "넷": "4",
    "다섯": "5",
    "여섯": "6",
    "일곱": "7",
    "여덟": "8",
    "아홉": "9",
}
# Place values of composite Sino-Korean numbers (천이백삼십사 = 1234): the number of
# digits after the place.
KOREAN_PLACES = {"십": 1, "백": 2, "천": 3}

_UNIT = "[일이삼사오육칠팔구]"
# A composite number: at least one place word, each place at most once, descending.
_COMPOSITE = (
    f"(?:{_UNIT}?천(?:{_UNIT}?백)?(?:{_UNIT}?십)?{_UNIT}?"
    f"|{_UNIT}?백(?:{_UNIT}?십)?{_UNIT}?"
    f"|{_UNIT}?십{_UNIT}?)"
)
_KOREAN_DIGIT_WORD = "|".join(sorted([*SINO_KOREAN, *NATIVE_KOREAN], key=len, reverse=True))
_KOREAN_PIECE = re.compile(f"(?P<composite>{_COMPOSITE})|(?P<word>{_KOREAN_DIGIT_WORD})")
KOREAN_NUMBER = re.compile(f"(?:{_COMPOSITE}|{_KOREAN_DIGIT_WORD})+")
# Every syllable that can be part of a Korean number word.
KOREAN_NUMBER_SYLLABLES = "".join(
    sorted({*"".join(SINO_KOREAN), *"".join(NATIVE_KOREAN), *KOREAN_PLACES})
)


def read_korean(word: str) -> str | None:
    """The digits a Korean number word spells (공일공 → 010, 사천칠백사십구 → 4749,
    하나둘셋 → 123), or None when not all of it is a number."""
    digits = []
    position = 0
    for piece in _KOREAN_PIECE.finditer(word):
        if piece.start() != position:
            return None
        digits.append(_composite(piece.group()) if piece["composite"] else _word(piece.group()))
        position = piece.end()
    return "".join(digits) if digits and position == len(word) else None


def _word(word: str) -> str:
    return SINO_KOREAN.get(word) or NATIVE_KOREAN[word]


def _composite(word: str) -> str:
    """천이백삼십사 → 1234: each place takes the digit before it (one when none)."""
    value = 0
    width = 1
    unit = 0
    for syllable in word:
        place = KOREAN_PLACES.get(syllable)
        if place is None:
            unit = int(SINO_KOREAN[syllable])
            continue
        value += (unit or 1) * 10**place
        width = max(width, place + 1)
        unit = 0
    return str(value + unit).zfill(width)


ENGLISH_DIGITS = {
    "zero": "0",
    "oh": "0",
    "o": "0",
    "nil": "0",
    "nought": "0",
    "naught": "0",
    "one": "1",
    "two": "2",
    "three": "3",
    "four": "4",
    "five": "5",
    "six": "6",
    "seven": "7",
    "eight": "8",
    "nine": "9",
}
ENGLISH_TEENS = {
    "ten": "10",
    "eleven": "11",
    "twelve": "12",
    "thirteen": "13",
    "fourteen": "14",
    "fifteen": "15",
    "sixteen": "16",
    "seventeen": "17",
    "eighteen": "18",
    "nineteen": "19",
}
ENGLISH_TENS = {
    "twenty": "2",
    "thirty": "3",
    "forty": "4",
    "fifty": "5",
    "sixty": "6",
    "seventy": "7",
    "eighty": "8",
    "ninety": "9",
}
ENGLISH_REPEATS = {"double": 2, "triple": 3}

_ONES = "|".join(name for name in ENGLISH_DIGITS if name not in ("o", "oh", "zero"))
_TENS = "|".join(ENGLISH_TENS)
_TEENS = "|".join(ENGLISH_TEENS)
_DIGIT = "|".join(sorted(ENGLISH_DIGITS, key=len, reverse=True))
_TWO_DIGITS = rf"(?:{_TENS})(?:[ -](?:{_ONES}))?|{_TEENS}|{_ONES}"
# A piece of a spoken number in more than one word: "forty-seven", "five hundred (and)
# two", "fifty-two hundred", "double five" (case-insensitive; a pattern to put in others).
ENGLISH_COMPOUND = (
    rf"(?i:(?<![A-Za-z])(?:(?:{_TWO_DIGITS})[ -]hundred(?:(?: and)? (?:{_TWO_DIGITS}))?"
    rf"|(?:{_TENS})[ -](?:{_ONES})|(?:double|triple)[ -](?:{_DIGIT}))(?![A-Za-z]))"
)
# One spoken piece of a number: "forty-seven", "twelve", "five hundred (and) two",
# "seventeen hundred", "double five", "oh".
ENGLISH_PIECE = re.compile(
    rf"(?i)(?<![A-Za-z])(?:"
    rf"(?P<hundreds>{_TWO_DIGITS})[ -]hundred(?:(?: and)? (?P<rest>{_TWO_DIGITS}))?"
    rf"|(?P<tens>{_TENS})(?:[ -](?P<unit>{_ONES}))?"
    rf"|(?P<teen>{_TEENS})"
    rf"|(?P<repeat>double|triple)[ -](?P<repeated>{_DIGIT})"
    rf"|(?P<digit>{_DIGIT})"
    rf")(?![A-Za-z])"
)


def read_english(piece: re.Match[str]) -> str:
    """The digits of one match of :data:`ENGLISH_PIECE`."""
    if hundreds := piece["hundreds"]:
        rest = piece["rest"]
        tail = _english_two_digits(rest) if rest else "00"
        return _english_two_digits(hundreds).lstrip("0") + tail
    if piece["repeat"]:
        return ENGLISH_DIGITS[piece["repeated"].lower()] * ENGLISH_REPEATS[piece["repeat"].lower()]
    return _english_two_digits(piece.group()) if not piece["digit"] else _english_digit(piece)


def _english_digit(piece: re.Match[str]) -> str:
    return ENGLISH_DIGITS[piece["digit"].lower()]


def _english_two_digits(words: str) -> str:
    """ "forty-seven" → 47, "twelve" → 12, "five" (after "hundred") → 05."""
    parts = re.split("[ -]", words.lower())
    if parts[0] in ENGLISH_TEENS:
        return ENGLISH_TEENS[parts[0]]
    if parts[0] in ENGLISH_TENS:
        return ENGLISH_TENS[parts[0]] + (ENGLISH_DIGITS[parts[1]] if len(parts) > 1 else "0")
    return "0" + ENGLISH_DIGITS[parts[0]]


# What one English word reads as: a digit, a teen, a multiple of ten.
ENGLISH_WORDS = {
    **ENGLISH_DIGITS,
    **ENGLISH_TEENS,
    **{word: digit + "0" for word, digit in ENGLISH_TENS.items()},
}


# Letters typed for the digits they look like, most common first. O/o/ㅇ and l/I/|/ㅣ are
# read as digits wherever they stand among digits; the rest only between two digits.
LOOKALIKES = {"O": "0", "o": "0", "ㅇ": "0", "l": "1", "I": "1", "|": "1", "ㅣ": "1"}
LOOKALIKES_BETWEEN_DIGITS = {"S": "5", "s": "5", "B": "8", "Z": "2", "z": "2", "G": "6", "b": "6"}
