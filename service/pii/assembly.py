"""Numbers assembled from their groups, however they were split and joined.

A policy's patterns match the shadow text as it stands, so a number split in an
unusual way (0101 234 5678), with words or emoji between its groups (010 쉬고 1234 쉬고
5678) or given out of order with labels (뒷자리 5678 앞자리 010 가운데 1234) matches no
pattern there. This module reads the digit groups of the shadow, joins runs of
consecutive groups that the gaps between them allow (:mod:`service.pii.groups`), and
also puts labelled groups in the order their labels say. Each candidate is offered, as
its digits alone, to the patterns that opt in with ``assemble = true``.

Loose assembly is safe only with a strong check: the scanner accepts an assembled
candidate only when a validator confirms the whole (a numbering plan, a checksum) or a
context word names the type nearby.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from service.pii.groups import Gap, chains, gap

# Bounds on a candidate: the longest number we look for (a 19-digit card) and the most
# groups of two or more digits one number is split into.
MIN_DIGITS = 7
MAX_DIGITS = 19
MAX_GROUPS = 6

_GROUP = re.compile("[0-9]+")
_PLUS_BEFORE = re.compile(r"\+ {0,2}\Z")
# Joins a group so tightly to its neighbour that a number cannot end between them.
_TIGHT = frozenset(("-", "."))


class Group(NamedTuple):
    start: int
    end: int
    digits: str
    # Glued to letters (DE89, A100, v2): part of a code, not a number of its own.
    code: bool
    # After a + (a country code follows): the digits are read with it.
    plus: bool = False


class Assembled(NamedTuple):
    """Digits read from groups of the shadow, and the span that holds them all."""

    start: int
    end: int
    digits: str
    how: str  # "groups" (joined across separators) | "filler" | "labels"
    # Joined across a dot, as the groups of versions and dates are (132.0.6036.179):
    # only a validator's confirmation makes such a number a finding.
    dotted: bool = False


def groups(text: str) -> list[Group]:
    found = []
    for match in _GROUP.finditer(text):
        start, end = match.span()
        code = (start > 0 and _letter(text[start - 1])) or (end < len(text) and _letter(text[end]))
        plus = _PLUS_BEFORE.search(text, max(0, start - 3), start) is not None
        found.append(Group(start, end, match.group(), code, plus))
    return found


def _letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def assemble(text: str, found: list[Group]) -> Iterator[Assembled]:
    """Every candidate number in ``text``: runs of joined groups, then labelled groups."""
    for chain in chains(text, found):
        yield from _runs(text, _numbers_only(text, chain))
    yield from _labelled(text, found)


def _numbers_only(text: str, chain: list[Group]) -> list[Group | None]:
    """The chain with code groups and the groups that continue a code (the digit
    groups after DE89 in an IBAN) blanked out: they are read as part of the code."""
    kept: list[Group | None] = []
    in_code = False
    for previous, group in zip([None, *chain], chain, strict=False):
        if previous is not None and gap(text, previous.end, group.start) is not Gap.SEPARATOR:
            in_code = False
        in_code = in_code or group.code
        kept.append(None if in_code else group)
    return kept


def _runs(text: str, chain: list[Group | None]) -> Iterator[Assembled]:
    """Every run of consecutive groups that could be one number, from each start."""
    for first, start in enumerate(chain):
        if start is None or _continues(text, chain, first, -1):
            continue
        digits = ("+" if start.plus else "") + start.digits
        filler = dotted = False
        groups = int(len(start.digits) > 1)
        for last in range(first + 1, len(chain)):
            group, before = chain[last], chain[last - 1]
            if group is None or before is None:
                break
            between = text[before.end : group.start]
            if between == "." and _decimal(before, group):
                break
            filler = filler or gap(text, before.end, group.start) is Gap.FILLER
            dotted = dotted or between == "."
            digits += group.digits
            # Digits given one by one (0 1 0 1 2 …) count as one group between them.
            groups += len(group.digits) > 1
            if len(digits.lstrip("+")) > MAX_DIGITS or groups > MAX_GROUPS:
                break
            if len(digits.lstrip("+")) >= MIN_DIGITS and not _continues(text, chain, last, 1):
                how = "filler" if filler else "groups"
                yield Assembled(start.start, group.end, digits, how, dotted)


def _decimal(before: Group, after: Group) -> bool:
    """A digit, a dot and a run of digits is a decimal fraction (3.71230113), not two
    groups of one number."""
    sizes = sorted((len(before.digits), len(after.digits)))
    return sizes[0] == 1 and sizes[1] >= 3


def _continues(text: str, chain: list[Group | None], index: int, step: int) -> bool:
    """Whether the number goes on past ``chain[index]``: the next group is part of a
    code, or is joined to it by a single dash or dot (010-1234-5678-9 is no phone)."""
    neighbour = index + step
    if not 0 <= neighbour < len(chain):
        return False
    group, other = chain[index], chain[neighbour]
    if group is None or other is None:
        return True
    between = text[other.end : group.start] if step < 0 else text[group.end : other.start]
    return between in _TIGHT


# -- groups given out of order, with labels -----------------------------------------------

# Which part of a number a label names; the group follows the label within a few
# characters (앞자리는 900101, 뒷 번호: 5678, last four 5678).
_ROLES = {"first": 0, "middle": 1, "last": 2}
_PART = r"\s?(?:자리|번호|부분|숫자)"
_LABEL = re.compile(
    "(?i)(?:"
    rf"(?P<first>앞{_PART}|첫{_PART}|처음|생년월일|(?:first|front|beginning)(?: part| digits)?)"
    rf"|(?P<middle>가운데(?:{_PART})?|가운뎃{_PART}|중간(?:{_PART})?|middle(?: part| digits)?)"
    rf"|(?P<last>뒷{_PART}|뒤(?:{_PART})?|끝{_PART}|마지막(?:{_PART})?"
    "|(?:last|end|back|rear)(?: part| digits| four| seven)?)"
    r")[^0-9\n]{0,8}?(?=[0-9])"
)
# How far apart the labelled groups of one number may be.
_LABEL_REACH = 60


def _labelled(text: str, found: list[Group]) -> Iterator[Assembled]:
    if len(found) < 2:
        return
    by_start = {group.start: group for group in found}
    labelled: list[tuple[int, Group]] = []
    for label in _LABEL.finditer(text):
        group = by_start.get(label.end())
        if group is not None and not group.code:
            role = next(name for name in _ROLES if label[name])
            labelled.append((_ROLES[role], group))
    for index in range(len(labelled)):
        yield from _ordered(labelled[index : index + 3])


def _ordered(labelled: list[tuple[int, Group]]) -> Iterator[Assembled]:
    """The labelled groups that stand close together, in the order of their labels."""
    for size in (3, 2):
        parts = labelled[:size]
        roles = [role for role, _ in parts]
        if len(parts) < size or len(set(roles)) != size:
            continue
        spans = [group for _, group in parts]
        start, end = min(g.start for g in spans), max(g.end for g in spans)
        if end - start > _LABEL_REACH:
            continue
        digits = "".join(group.digits for _, group in sorted(parts))
        if MIN_DIGITS <= len(digits) <= MAX_DIGITS:
            yield Assembled(start, end, digits, "labels")
