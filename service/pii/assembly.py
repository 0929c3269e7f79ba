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

import itertools
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

import re2

from service.pii.groups import ROLE_ROOTS, SPOKEN_SEPARATORS, UNITS, Gap, gap
from service.pii.spans import Spans

# Bounds on a candidate: the longest number we look for (a 19-digit card) and the most
# groups of two or more digits one number is split into (a card read out in pairs).
MIN_DIGITS = 7
MAX_DIGITS = 19
MAX_GROUPS = 8

_GROUP = re.compile("[0-9]+")
_PLUS_BEFORE = re.compile(r"\+ *\Z")
# What the scanner's one RE2 pass over a text tells assembly, so that most texts skip
# parts of it: a place where a code starts, and a label of each role.
GATES = {
    # Digits enough for a number, or for a code (the groups cost a pass of Python's re).
    "digits": rf"[0-9](?:[^0-9]*[0-9]){{{MIN_DIGITS - 1}}}",
    # A letter, then a digit at most a few symbols or a spoken separator away (kept
    # simple: a start-of-word test here makes the whole set's automaton explode).
    "code": r"[A-Za-z](?:[^A-Za-z0-9]{1,4}[A-Za-z]{0,6}[^A-Za-z0-9]{0,4})?[0-9]",
    **{
        f"role{role}": "(?i)" + "|".join(re2.escape(root) for root in roots)
        for role, roots in enumerate(ROLE_ROOTS)
    },
}
# Joins a group so tightly to its neighbour that a number cannot end between them.
_TIGHT = frozenset(("-", "."))


class Group(NamedTuple):
    start: int
    end: int
    digits: str
    # Glued to letters (DE89, A100, v2): part of a code, not a number of its own.
    code: bool
    # After a + (a country code follows): the group starts at the +, and its digits are
    # read with it.
    plus: bool = False


class Assembled(NamedTuple):
    """Digits read from groups of the shadow, and the span that holds them all."""

    start: int
    end: int
    digits: str
    # "groups" (joined across separators), "spoken" (across words that say "a
    # separator here": 다시, 하이픈, then), "filler" (across other words), "short groups"
    # (of one or two digits each), "labels" (put in the order their labels say) or
    # "pieces" (a code of letters and digits).
    how: str
    # Joined the way prose and lists join numbers too (words between, short groups):
    # only a check that chance rarely passes, or a context word, makes it a finding.
    loose: bool = False


def groups(text: str) -> list[Group]:
    """The digit groups of ``text``; none when it holds too few digits for a number."""
    matches = list(_GROUP.finditer(text))
    if sum(match.end() - match.start() for match in matches) < MIN_DIGITS:
        return []  # most comments: a count or a date, or no digits at all
    found = []
    for match in matches:
        start, end = match.span()
        code = (start > 0 and _letter(text[start - 1])) or (end < len(text) and _letter(text[end]))
        plus = _PLUS_BEFORE.search(text, max(0, start - 3), start)
        found.append(Group(plus.start() if plus else start, end, match.group(), code, bool(plus)))
    return found


def _letter(char: str) -> bool:
    return char.isascii() and char.isalpha()


def assemble(
    text: str, found: list[Group], labels: bool, read: Sequence[tuple[int, int]] = ()
) -> Iterator[Assembled]:
    """Every candidate number in ``text``: runs of joined groups, then labelled groups
    (``labels``: labels of two roles are in the text). A chain of groups inside a span
    of ``read`` (what a pattern read as it stands) is read already: a number is read
    whole, and its parts are no numbers of their own."""
    # What stands between each group and the next, and how it may join them: once.
    joints = [
        _Joint(gap(text, a.end, b.start), text[a.end : b.start])
        for a, b in itertools.pairwise(found)
    ]
    covered = Spans(read)
    first = 0
    for last in range(len(found)):
        if last == len(joints) or joints[last].kind is None:  # a chain ends at ``last``
            start, end = found[first].start, found[last].end
            # One group alone is the patterns' job.
            if last > first and not covered.holds(start, end):
                chain, between = found[first : last + 1], joints[first:last]
                yield from _runs(text, _numbers_only(text, chain, between), between)
            first = last + 1
    if labels:
        yield from _labelled(text, found, joints)


class _Joint(NamedTuple):
    kind: Gap | None
    text: str


def _numbers_only(text: str, chain: list[Group], joints: list[_Joint]) -> list[Group | None]:
    """The chain with every group that cannot be part of a number blanked out: a code
    and the groups that continue it (the digit groups after DE89 in an IBAN), an
    amount (a group right after a currency sign or before a unit), and the parts of a
    date or a time of day (2025.11.04, 14:30)."""
    kept: list[Group | None] = []
    in_code = False
    for index, group in enumerate(chain):
        if index and joints[index - 1].kind is not Gap.SEPARATOR:
            in_code = False
        in_code = in_code or group.code
        kept.append(None if in_code or _amount(text, group) else group)
    for first, size in _dates_and_times(chain, joints):
        kept[first : first + size] = [None] * size
    return kept


def _amount(text: str, group: Group) -> bool:
    return (group.end < len(text) and text[group.end] in UNITS) or (
        group.start > 0 and text[group.start - 1] in _CURRENCIES
    )


_CURRENCIES = frozenset("$€£¥₩")


def _dates_and_times(chain: list[Group], joints: list[_Joint]) -> Iterator[tuple[int, int]]:
    """(first index, size) of each date (year, month, day with one separator) and each
    time of day (hours:minutes) in the chain."""
    for index in range(len(chain) - 1):
        # A part of a date or a time has at most four digits (and int() refuses huge ones).
        parts = [int(g.digits) if len(g.digits) <= 4 else -1 for g in chain[index : index + 3]]
        marks = {joint.text for joint in joints[index : index + 2]}
        if (
            len(parts) == 3
            and len(marks) == 1
            and marks <= {".", "-", "/"}
            and len(chain[index].digits) == 4
            and 1900 <= parts[0] <= 2100
            and 1 <= parts[1] <= 12
            and 1 <= parts[2] <= 31
        ):
            yield index, 3
        elif joints[index].text == ":" and parts[0] <= 24 and len(chain[index + 1].digits) == 2:
            yield index, 2


def _runs(text: str, chain: list[Group | None], joints: list[_Joint]) -> Iterator[Assembled]:
    """Every run of consecutive groups that could be one number, from each start."""
    for first, start in enumerate(chain):
        if start is None or _continues(chain, joints, first - 1):
            continue
        if joints[first : first + 1] and joints[first].text == "." and _after_version(text, start):
            continue  # Chrome 132.0.6036.179, 버전 3.2.0.11
        digits = ("+" if start.plus else "") + start.digits
        filler = spoken = False
        groups = int(len(start.digits) > 1)
        for last in range(first + 1, len(chain)):
            group, before, joint = chain[last], chain[last - 1], joints[last - 1]
            if group is None or before is None:
                break
            if _decimal(joints, last - 1) and _decimal_parts(before, group):
                break
            filler = filler or joint.kind is Gap.FILLER
            spoken = spoken or joint.kind is Gap.SPOKEN
            digits += group.digits
            # Digits given one by one (0 1 0 1 2 …) count as one group between them.
            groups += len(group.digits) > 1
            count = len(digits) - start.plus
            if count > MAX_DIGITS or groups > MAX_GROUPS:
                break
            if count >= MIN_DIGITS and not _continues(chain, joints, last):
                short = _short_groups(chain[first : last + 1])
                how = _how(filler, spoken, short)
                yield Assembled(start.start, group.end, digits, how, filler or spoken or short)


def _how(filler: bool, spoken: bool, short: bool) -> str:
    return "filler" if filler else "spoken" if spoken else "short groups" if short else "groups"


def _decimal(joints: list[_Joint], index: int) -> bool:
    """A dot with no separator on either side of its two groups: a decimal point
    (3.14159), not a separator (+82=10;2.9873--326)."""
    around = joints[max(0, index - 1) : index + 2]
    separators = sum(joint.kind is Gap.SEPARATOR for joint in around)
    return joints[index].text == "." and separators == 1


def _short_groups(groups: list[Group | None]) -> bool:
    """Four or more groups of one or two digits: a list as often as a number (scores,
    lottery numbers: 8 20 22 31 36 37; a licence read out in pairs: 06 81 90 72 36)."""
    return len(groups) >= 4 and all(group and len(group.digits) <= 2 for group in groups)


def _decimal_parts(before: Group, after: Group) -> bool:
    """A digit, a dot and a run of digits is a decimal fraction (3.71230113), not two
    groups of one number."""
    sizes = sorted((len(before.digits), len(after.digits)))
    return sizes[0] == 1 and sizes[1] >= 3


# Words before a dotted number that make it a version.
_VERSION_WORD = re.compile(
    r"(?i)(?:버전|ver(?:sion)?\.?|빌드|build|업데이트|update|release|릴리스|패치|patch|펌웨어"
    r"|firmware|크롬|chrome|ios|android|안드로이드|windows|윈도우|macos|앱|app)[^0-9\n]{0,4}\Z"
)


def _after_version(text: str, group: Group) -> bool:
    return _VERSION_WORD.search(text, max(0, group.start - 16), group.start) is not None


def _continues(chain: list[Group | None], joints: list[_Joint], index: int) -> bool:
    """Whether the number goes on across the joint after ``chain[index]``: the group
    there is part of a code, or is joined by a single dash or dot (010-1234-5678-9 is
    no phone number)."""
    if not 0 <= index < len(joints) or joints[index].kind is not Gap.SEPARATOR:
        return False  # words between: the number may end here
    if chain[index] is None or chain[index + 1] is None:
        return True
    return joints[index].text in _TIGHT


# -- codes of letters and digits, written in pieces ----------------------------------------

# Where a code starts: a passport's type letter or an IBAN's country, then a digit at
# most a few symbols (or a spoken separator) away: M 1234, D978, NL02, s-hyphen-3.
_CODE_START = re2.compile(
    r"(?:^|[^A-Za-z0-9])([MSRGODmsrgod]|[A-Za-z]{2}|[A-Za-z][ .-][A-Za-z](?:[^A-Za-z]|$))"
    r"(?:[^A-Za-z0-9]{0,4}(?:[A-Za-z]{2,6}[^A-Za-z0-9]{1,4})?)?[0-9]"
)
# How far from its start a code may run: an IBAN with room for separators.
_CODE_REACH = 120
_PIECE = re.compile("[A-Za-z0-9]+")
# The codes of letters and digits there are to put together: a Korean passport (a
# type letter and eight more) and an IBAN (a country, check digits, 11 to 30 more).
_CODE_SHAPE = re.compile("[MSRGOD][A-Z0-9]{8}|[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")
_IBAN_START = re.compile("[A-Z]{2}[0-9]{2}")
_PASSPORT = 9
MAX_CODE = 34
MAX_PIECE = 8


def codes(text: str, data: bytes) -> Iterator[Assembled]:
    """Codes of letters and digits written in pieces with symbols or spoken separators
    between them (NL02 🙂 RABO 🌸 0877💕5115👉86, D978🔥P4 ⭐ 413, s357-hyphen-3031):
    each run of pieces from one that starts a code, read as its letters and digits
    alone. ``data`` is the text in UTF-8, where RE2 finds the starts."""
    byte = offset = 0  # the seeds come in order: count characters from the last one
    for seed in _CODE_START.finditer(data):
        offset += len(data[byte : seed.start(1)].decode())
        byte = seed.start(1)
        start = _PIECE.match(text, offset)
        if start is None:
            continue
        pieces = _PIECE.finditer(text, start.end(), min(len(text), start.end() + _CODE_REACH))
        yield from _code_runs(text, start, pieces)


def _code_runs(
    text: str, start: re.Match[str], pieces: Iterator[re.Match[str]]
) -> Iterator[Assembled]:
    code = start.group().upper()
    before = start
    for piece in pieces:
        if piece.group().lower() in SPOKEN_SEPARATORS:
            continue  # s357-hyphen-3031: the word is the separator
        # An IBAN's account part may come in one long run of digits.
        longest = MAX_CODE if code[:2].isalpha() else MAX_PIECE
        if len(piece.group()) > longest or not _joined(text, before, piece):
            break
        code += piece.group().upper()
        before = piece
        if len(code) > (MAX_CODE if _IBAN_START.match(code) else _PASSPORT):
            break
        if _CODE_SHAPE.fullmatch(code):
            yield Assembled(start.start(), piece.end(), code, "pieces")


def _joined(text: str, before: re.Match[str], after: re.Match[str]) -> bool:
    """Symbols, spoken separators or single letters between two pieces of a code."""
    return gap(text, before.end(), after.start()) in (Gap.SEPARATOR, Gap.SPOKEN)


# -- groups given out of order, with labels -----------------------------------------------

# Which part of a number a label names; the group follows the label within a few
# characters (앞자리는 900101, 뒷 번호: 5678, last four 5678).
_ROLES = {"first": 0, "middle": 1, "last": 2}
_PART = r"\s?(?:자리|번호|부분|숫자)"
_LABEL = re.compile(
    "(?i)(?:"
    rf"(?P<first>앞{_PART}|첫{_PART}|처음|생년월일"
    "|(?:first|front|beginning|start)(?: part| digits)?)"
    rf"|(?P<middle>가운데(?:{_PART})?|가운뎃{_PART}|중간(?:{_PART})?"
    "|(?:middle|second)(?: part| digits)?)"
    rf"|(?P<last>뒷{_PART}|뒤(?:{_PART})?|끝{_PART}|마지막(?:{_PART})?"
    "|(?:last|end|back|rear|third)(?: part| digits| four| seven)?)"
    r")[^0-9\n]{0,8}?(?=[0-9])"
)


# How far apart the labelled parts of one number may be.
_LABEL_REACH = 60


class _Part(NamedTuple):
    """The groups after one label, up to the next label or the end of the number."""

    role: int
    start: int
    end: int
    digits: str


def _labelled(text: str, found: list[Group], joints: list[_Joint]) -> Iterator[Assembled]:
    if len(found) < 2:
        return
    index_at = {group.start: index for index, group in enumerate(found)}
    labels = [
        (_ROLES[next(name for name in _ROLES if label[name])], index_at[label.end()])
        for label in _LABEL.finditer(text)
        if label.end() in index_at and not found[index_at[label.end()]].code
    ]
    labelled_at = {index for _, index in labels}
    parts = []
    for role, first in labels:
        last = first
        while (
            last + 1 < len(found)
            and last + 1 not in labelled_at
            and joints[last].kind is Gap.SEPARATOR
            and not found[last + 1].code
        ):
            last += 1
        digits = "".join(group.digits for group in found[first : last + 1])
        parts.append(_Part(role, found[first].start, found[last].end, digits))
    for index in range(len(parts)):
        yield from _ordered(parts[index : index + 3])


def _ordered(parts: list[_Part]) -> Iterator[Assembled]:
    """Labelled parts that stand close together, in the order of their labels."""
    for size in (3, 2):
        chosen = parts[:size]
        if len(chosen) < size or len({part.role for part in chosen}) != size:
            continue
        start, end = min(p.start for p in chosen), max(p.end for p in chosen)
        if end - start > _LABEL_REACH:
            continue
        digits = "".join(part.digits for part in sorted(chosen))
        if MIN_DIGITS <= len(digits) <= MAX_DIGITS:
            yield Assembled(start, end, digits, "labels")
