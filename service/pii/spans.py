"""Many spans, asked many questions about them: a long text holds thousands of spans
(what patterns read, what normalisation undid) and as many findings to ask about."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable


class Spans:
    """Half-open spans, sorted once; each question is a binary search over their starts
    and the furthest end among the spans up to each."""

    __slots__ = ("_furthest", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._furthest = list(itertools.accumulate((end for _, end in ordered), max))

    def holds(self, start: int, end: int) -> bool:
        """Whether one of the spans holds all of ``[start, end)``."""
        before = bisect.bisect_right(self._starts, start)
        return bool(before) and self._furthest[before - 1] >= end

    def overlaps(self, start: int, end: int) -> bool:
        """Whether one of the spans shares a character with ``[start, end)``."""
        before = bisect.bisect_left(self._starts, end)
        return bool(before) and self._furthest[before - 1] > start
