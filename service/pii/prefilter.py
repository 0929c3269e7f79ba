"""Which patterns can match a text at all: one RE2 pass for the whole policy set.

An RE2 set of every pattern as written is one automaton that follows all of them at
once. Patterns that want digits of particular values (a month ``0[1-9]|1[0-2]``, a
region code ``1[1-9]``, a ``[5-8]`` gender digit) make it remember the values of the
last dozen digits for each of them, and those memories multiply: on comments it had not
seen before, the set built new states for nearly every text and kept overrunning its
memory (the red-team comments cost five times what the development corpus does).

So the set holds a loosened copy of each pattern, in which any digit stands for any
digit. The copy matches wherever the pattern does, and sometimes where it does not; the
pattern itself, run afterwards on the texts that pass, decides. Even loosened, the
automaton outgrows RE2's default budget of 8 MB on varied comments (about 11 MB after
six thousand red-team comments), so it gets a budget of its own; it grows only as far
as the texts take it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import re2

# A pattern's tokens: escapes (\p{Hangul}, \x{4e00}, \.), character classes, counted
# repetitions and group openings stay whole; any other character stands alone.
_TOKEN = re.compile(
    r"\\[pPx]\{[^}]*\}|\\x[0-9A-Fa-f]{2}|\\.|\[(?:\\.|[^\]])*\]|\{[0-9,]*\}|\(\?P<[^>]*>|.",
    re.DOTALL,
)
# A class of digits alone: [5-8], [12], [0-68].
_DIGIT_CLASS = re.compile(r"\[(?:[0-9](?:-[0-9])?)+\]")
_ANY_DIGIT = "[0-9]"
_BUDGET = 64 << 20  # bytes for the set's automaton


def loosened(pattern: str) -> str:
    """``pattern`` with each digit and each class of digits alone widened to any digit."""
    return "".join(
        _ANY_DIGIT if token.isdigit() or _DIGIT_CLASS.fullmatch(token) else token
        for token in _TOKEN.findall(pattern)
    )


class Prefilter:
    """The indexes of the patterns that may match a text (a superset of those that do)."""

    def __init__(self, patterns: Iterable[str]) -> None:
        options = re2.Options()
        options.log_errors = False
        options.max_mem = _BUDGET
        self._set = re2.Set.SearchSet(options)
        for pattern in patterns:
            self._set.Add(loosened(pattern))
        self._set.Compile()

    def matching(self, data: bytes) -> list[int]:
        """In increasing order, for a text in UTF-8."""
        return sorted(self._set.Match(data) or ())
