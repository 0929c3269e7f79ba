"""Masking parts of a text while keeping its length and shape."""

from __future__ import annotations

from collections.abc import Iterable

MASK = "*"


def mask_spans(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Replace every letter and digit inside ``spans`` with ``*``; keep separators.

    ``010-1234-5678`` becomes ``***-****-****``: the reader sees that something was
    removed, offsets of everything else stay valid.
    """
    characters = list(text)
    for start, end in spans:
        for index in range(max(0, start), min(end, len(characters))):
            if characters[index].isalnum():
                characters[index] = MASK
    return "".join(characters)
