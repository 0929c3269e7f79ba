"""Numbers as groups: what may stand between the digit groups of one number.

People split a number into groups and put something short between them: separators of
any script, a word (쉬고, 다시, dash, then), an emoji, a line break or two. What breaks a
number is a unit or counter right after a group (2025년, 30분, 1234명, 15%, 6자리),
several line breaks, or a long stretch of prose. A gap decides only that two groups
*may* belong to one number: a candidate assembled across gaps becomes a finding only
when a validator accepts the whole (see :mod:`service.pii.assembly`).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Iterator
from typing import Protocol, TypeVar


class Gap(enum.Enum):
    SEPARATOR = "separator"  # symbols only: punctuation of any script, emoji, spaces
    SPOKEN = "spoken"  # words that name a separator or a pause (dash, 작대기, 쉬고, then)
    FILLER = "filler"  # other words between the groups: a disguise, or prose


# Counters and units that make the digits before them a quantity, not part of a number.
UNITS = frozenset(
    "년월일시분초원만억조개명회차층호동위등살세대장권점배주건표평칸줄박곳퍼자%$€£¥₩°℃㎡㎞㎏"
)
ASCII_UNITS = re.compile(
    r"(?i)(?:k?m|cm|mm|kg|g|gb|mb|tb|kb|ms|s|h|hz|ghz|mhz|w|kw|gw|x|p|st|nd|rd|th)\b"
)
# The word that every label of a part of a number holds, by the part's role: first,
# middle, last (앞자리 … 뒷자리 …, first part … last four …).
ROLE_ROOTS = (
    ("앞", "첫", "처음", "생년월일", "first", "front", "beginning", "start"),
    ("가운데", "가운뎃", "중간", "middle", "second"),
    ("뒤", "뒷", "끝", "마지막", "last", "end", "back", "rear", "third"),
)
_LABELLED = re.compile(
    "(?i)(?:" + "|".join(root for roots in ROLE_ROOTS for root in roots) + r")[^0-9]{0,8}\Z"
)


def labelled(text: str, start: int) -> bool:
    """Whether a label of a part of a number stands right before ``start``."""
    return _LABELLED.search(text, max(0, start - 16), start) is not None


# What may follow a number glued to it in Korean: particles and the copula (…5678로,
# …5678이에요). Any other syllable there makes the last digit word part of a word
# (…칠 이걸로, 오천 이미).
PARTICLE = re.compile(
    "이에요|이예요|예요|입니다|이고|이다|이라서|이라고|이라|이며|이면|이니|이야|이랑|이나"
    "|이든|이요|이에|으로|로|라서|라고|랑|은|는|을|를|도|만|까지|부터|에서|에|와|과|의|요|임"
)


def glued_to_word(text: str, end: int) -> bool:
    """Whether a Hangul word, not a particle or a unit, starts right at ``end``."""
    return (
        end < len(text)
        and "가" <= text[end] <= "힣"
        and text[end] not in UNITS
        and not PARTICLE.match(text, end)
    )


MAX_GAP = 16
MAX_FILLER_WORDS = 2
MAX_LINE_BREAKS = 2
_WORD = re.compile(r"[A-Za-z]+|[가-힣]+")
_LONG_WORD = re.compile(r"[A-Za-z]{9,}|[가-힣]{5,}")


def gap(text: str, start: int, end: int) -> Gap | None:
    """How ``text[start:end]``, between two digit groups, may join them; None if it
    ends the number."""
    if end - start > MAX_GAP:
        return None
    first = text[start]
    if first in UNITS:
        return None
    if end - start == 1 and first in " -./":
        return Gap.SEPARATOR  # the common case, decided without a search
    if first.isascii() and first.isalpha() and ASCII_UNITS.match(text, start):
        return None
    if text.count("\n", start, end) > MAX_LINE_BREAKS:
        return None
    words = _WORD.findall(text, start, end)
    if not words:
        return Gap.SEPARATOR
    if all(word.lower() in SPOKEN_SEPARATORS or len(word) == 1 for word in words):
        return Gap.SPOKEN  # spoken separators, or the single letters of a code (S 156 X)
    if len(words) > MAX_FILLER_WORDS or _LONG_WORD.search(text, start, end):
        return None
    return Gap.FILLER


# Words that say "a separator here" or "and next" when a number is dictated.
SPOKEN_SEPARATORS = frozenset(
    (
        *("대시", "대쉬", "하이픈", "작대기", "빼기", "마이너스", "띄고", "띄우고", "띄어서"),
        *("한칸", "쉬고", "다음", "그다음", "그리고", "하고", "다시", "에", "콤마", "쉼표"),
        *("dash", "hyphen", "minus", "space", "then", "next", "and", "followed", "by"),
        *("comma", "stroke"),
    )
)


class Spanned(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=Spanned)


def joined(text: str, left: Spanned, right: Spanned) -> bool:
    """Whether the gap between two groups may join them into one number."""
    return gap(text, left.end, right.start) is not None


def chains(
    text: str, groups: Iterable[S], joins: Callable[[str, S, S], bool] = joined
) -> Iterator[list[S]]:
    """Runs of consecutive groups that their gaps join (each at least one group long)."""
    chain: list[S] = []
    for group in groups:
        if chain and not joins(text, chain[-1], group):
            yield chain
            chain = []
        chain.append(group)
    if chain:
        yield chain
