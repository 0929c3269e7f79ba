"""A normalised copy of a text that remembers where every character came from."""

from __future__ import annotations

from collections.abc import Sequence

from service.pii.spans import Spans

# An edit replaces text[start:end] (never empty) with a new string (possibly empty).
Edit = tuple[int, int, str]


class Shadow:
    """Text plus, for each character, the span of the original it was derived from,
    and which disguises were undone where (for the explanation of a finding).

    A fresh shadow is the identity map and costs nothing; the per-character tables are
    built only once a rewrite changes something, which most comments never need.
    """

    __slots__ = ("_ends", "_kinds", "_starts", "notes", "text")

    def __init__(
        self,
        text: str,
        starts: list[int] | None = None,
        ends: list[int] | None = None,
        notes: tuple[tuple[int, int, str], ...] = (),
    ) -> None:
        self.text = text
        self._starts = starts
        self._ends = ends
        # (start, end, what was undone) in offsets of the original text.
        self.notes = notes
        self._kinds: dict[str, Spans] | None = None

    def origin(self, start: int, end: int) -> tuple[int, int]:
        """The span of the original text that ``self.text[start:end]`` came from."""
        if self._starts is None or self._ends is None:
            return start, end
        return self._starts[start], self._ends[end - 1]

    def undone(self, start: int, end: int) -> list[str]:
        """What was undone inside ``[start, end)`` of the original text, in order of
        first appearance (a handful of kinds, each asked of its notes at once)."""
        if self._kinds is None:
            kinds: dict[str, list[tuple[int, int]]] = {}
            for note_start, note_end, what in self.notes:
                kinds.setdefault(what, []).append((note_start, note_end))
            self._kinds = {what: Spans(spans) for what, spans in kinds.items()}
        return [what for what, notes in self._kinds.items() if notes.overlaps(start, end)]

    def rewrite(self, edits: Sequence[Edit], what: str) -> Shadow:
        """Apply sorted, non-overlapping edits and return the new shadow; ``what`` says
        which disguise the edits undo.

        A replacement of the same length maps character by character (so a full-width
        digit keeps its own offset); any other replacement maps each new character to
        the whole replaced span.
        """
        if not edits:
            return self
        text = self.text
        old_starts = self._starts if self._starts is not None else list(range(len(text)))
        old_ends = self._ends if self._ends is not None else list(range(1, len(text) + 1))
        parts: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        notes = list(self.notes)
        pos = 0
        for start, end, new in edits:
            parts.append(text[pos:start])
            starts += old_starts[pos:start]
            ends += old_ends[pos:start]
            parts.append(new)
            notes.append((old_starts[start], old_ends[end - 1], what))
            if len(new) == end - start:
                starts += old_starts[start:end]
                ends += old_ends[start:end]
            elif new:
                starts += [old_starts[start]] * len(new)
                ends += [old_ends[end - 1]] * len(new)
            pos = end
        parts.append(text[pos:])
        starts += old_starts[pos:]
        ends += old_ends[pos:]
        return Shadow("".join(parts), starts, ends, tuple(notes))
