"""Find personal information in a text with a compiled set of policies.

A scan normalises the text (see :mod:`service.pii.normalize`), asks one RE2 set which
patterns match at all, runs only those, scores each match (pattern score, validator
verdicts, context words), keeps the best of overlapping matches and maps the spans
back to the text as written. Every regular expression runs on RE2, so no policy and
no input can make a scan super-linear.
"""

from __future__ import annotations

import bisect
import re
import string
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import msgspec
import re2

from service.pii.normalize import normalize
from service.pii.policy import ACTIONS, Action, Context, Pattern, Policy, PolicyError, PolicySet
from service.pii.validators import VALIDATORS, Validator, Verdict

_STRICTNESS = {action: rank for rank, action in enumerate(ACTIONS)}
# How much a validator's verdict moves a finding's confidence (INVALID dismisses it).
VERDICT_WEIGHT = {Verdict.CONFIRMED: 0.3, Verdict.PLAUSIBLE: 0.0, Verdict.DOUBTFUL: -0.15}


class Finding(msgspec.Struct, frozen=True):
    """One piece of personal information, in code-point offsets of the original text."""

    type: str
    start: int
    end: int
    policy: str
    pattern: str
    action: Action
    confidence: float


class ScanResult(msgspec.Struct, frozen=True):
    action: Action
    findings: tuple[Finding, ...]
    policy_version: str


class _Candidate(NamedTuple):
    confidence: float
    priority: int
    start: int
    end: int
    rule: _Rule
    action: Action


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False
    return options


class _Rule:
    """One pattern of one policy, compiled."""

    __slots__ = (
        "context",
        "group",
        "negative",
        "pattern",
        "policy",
        "policy_id",
        "positive",
        "regex",
        "validators",
    )

    def __init__(self, policy_id: str, policy: Policy, index: int, options: re2.Options) -> None:
        pattern = policy.patterns[index]
        try:
            self.regex = re2.compile(pattern.regex, options)
        except re2.error as exc:
            reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else exc
            raise PolicyError(f"{policy_id}.toml: patterns[{index}].regex: {reason}") from None
        self.policy_id = policy_id
        self.policy = policy
        self.pattern: Pattern = pattern
        self.group: int = self.regex.groupindex.get("value", 0)
        self.validators: tuple[Validator, ...] = tuple(VALIDATORS[v] for v in pattern.validators)
        self.context: Context = policy.context
        self.positive = _Words(policy.context.words)
        self.negative = _Words(policy.context.negative)

    def candidates(self, scanned: _Text) -> Iterator[_Candidate]:
        # A pattern that needs a context word cannot match a text without any.
        if self.pattern.requires_context and not scanned.holds(self.positive):
            return
        text = scanned.text
        for match in self.regex.finditer(scanned.data):
            start, end = match.span(self.group)
            if not scanned.ascii:
                start, end = scanned.character(start), scanned.character(end)
            if start >= end or not _bounded(text, start, end, self.pattern.boundary):
                continue
            confidence = self._confidence(scanned, start, end)
            if confidence is None:
                continue
            action = self.policy.action_for(confidence)
            if action is not None:
                yield _Candidate(confidence, self.policy.priority, start, end, self, action)

    def _confidence(self, scanned: _Text, start: int, end: int) -> float | None:
        """The pattern's score moved by context words near the value and by validators;
        None when the value is ruled out. Context comes first: it is the cheaper test."""
        context = self.context
        score = self.pattern.score
        if scanned.holds(self.positive) and self.positive.near(scanned, start, end, context):
            score += context.boost
        elif self.pattern.requires_context:
            return None
        if scanned.holds(self.negative) and self.negative.near(scanned, start, end, context):
            score -= context.penalty
        value = scanned.text[start:end]
        for validate in self.validators:
            verdict = validate(value)
            if verdict is Verdict.INVALID:
                return None
            score += VERDICT_WEIGHT[verdict]
        return round(min(score, 1.0), 3)


class _Text:
    """The normalised text in the forms a scan needs.

    RE2 runs on UTF-8: the Python wrapper would encode a str again for every call and
    translate every offset back, so the text is encoded once and byte offsets are
    turned into character offsets here. Offsets are asked in increasing order within
    a pattern's matches, so each pattern walks the text at most once (linear even with
    thousands of matches); an ASCII text needs no translation at all.
    """

    __slots__ = ("_byte", "_character", "_holds", "ascii", "data", "lowered", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.data = text.encode()
        self.ascii = len(self.data) == len(text)  # then byte and character offsets agree
        lowered = text.lower()
        # Context windows share the text's offsets; a few letters (İ) lower to two.
        self.lowered = lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)
        self._byte = self._character = 0
        self._holds: dict[int, bool] = {}

    def holds(self, words: _Words) -> bool:
        """Whether any of ``words`` occurs anywhere (asked once per policy and scan)."""
        held = self._holds.get(id(words))
        if held is None:
            held = self._holds[id(words)] = words.anywhere(self.lowered)
        return held

    def character(self, byte: int) -> int:
        """The character offset of a byte offset (at a character boundary)."""
        if byte < self._byte:  # the next pattern's matches start again from the front
            self._byte = self._character = 0
        self._character += len(self.data[self._byte : byte].decode())
        self._byte = byte
        return self._character


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


class _Words:
    """A policy's context words (or negative words), lowered.

    A word that begins or ends with an ASCII letter or digit must not continue into
    another one there (``id`` is not in "said", ``ip`` not in "ship"); Korean words
    match anywhere, since particles attach to them (주소는, 계좌로). The words are
    literals: both patterns run in linear time.
    """

    __slots__ = ("_any", "_whole")

    def __init__(self, words: Iterable[str]) -> None:
        ordered = sorted({word.lower() for word in words}, key=len, reverse=True)
        # Any of the words as a substring: a quick test that the text needs searching.
        self._any = re.compile("|".join(map(re.escape, ordered))) if ordered else None
        self._whole = re.compile("|".join(map(_whole_word, ordered))) if ordered else None

    def anywhere(self, lowered: str) -> bool:
        return self._any is not None and self._any.search(lowered) is not None

    def near(self, scanned: _Text, start: int, end: int, context: Context) -> bool:
        """Whether one of the words is within the window before or after a value."""
        whole, lowered = self._whole, scanned.lowered
        return whole is not None and bool(
            whole.search(lowered, max(0, start - context.before), start)
            or whole.search(lowered, end, end + context.after)
        )


def _whole_word(word: str) -> str:
    regex = re.escape(word)
    if _ascii_alnum(word[0]):
        regex = "(?<![a-z0-9])" + regex
    if _ascii_alnum(word[-1]):
        regex += "(?![a-z0-9])"
    return regex


def _bounded(text: str, start: int, end: int, boundary: str) -> bool:
    if boundary == "digit":
        return not _digits_continue(text, start, -1) and not _digits_continue(text, end - 1, 1)
    if boundary == "alnum":
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        return not (_ascii_alnum(before) or _ascii_alnum(after))
    return True


def _digits_continue(text: str, edge: int, step: int) -> bool:
    """Whether the number at ``edge`` goes on: a digit, or a dash or dot and a digit."""
    beside = edge + step
    if not 0 <= beside < len(text):
        return False
    if text[beside].isdigit():
        return True
    further = beside + step
    return text[beside] in "-." and 0 <= further < len(text) and text[further].isdigit()


def _ascii_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


class Scanner:
    """A compiled, immutable policy set; safe to share between tasks and threads."""

    def __init__(self, policy_set: PolicySet) -> None:
        options = _options()
        self.policy_set = policy_set
        self._prefilter = re2.Set.SearchSet(options)
        self._rules: list[_Rule] = []
        for policy_id, policy in policy_set.policies.items():
            for index in range(len(policy.patterns)):
                rule = _Rule(policy_id, policy, index, options)
                self._prefilter.Add(rule.pattern.regex)
                self._rules.append(rule)
        self._prefilter.Compile()
        self._nothing = ScanResult(action="allow", findings=(), policy_version=self.version)

    @property
    def version(self) -> str:
        return self.policy_set.version

    def scan(self, text: str) -> ScanResult:
        shadow = normalize(text)
        scanned = _Text(shadow.text)
        matched = self._prefilter.Match(scanned.data)
        if not matched:
            return self._nothing  # most comments
        candidates = [
            candidate
            for index in sorted(matched)
            for candidate in self._rules[index].candidates(scanned)
        ]
        # Best first: confidence, then the policy's priority, then the longer span.
        candidates.sort(key=lambda c: (-c.confidence, -c.priority, c.start - c.end, c.start))
        kept_starts: list[int] = []
        kept: list[Finding] = []
        for candidate in candidates:
            start, end = shadow.origin(candidate.start, candidate.end)
            slot = bisect.bisect_left(kept_starts, start)
            if (slot and kept[slot - 1].end > start) or (
                slot < len(kept) and kept[slot].start < end
            ):
                continue
            kept_starts.insert(slot, start)
            kept.insert(slot, _finding(candidate, start, end))
        action: Action = max((f.action for f in kept), key=_STRICTNESS.__getitem__, default="allow")
        return ScanResult(action=action, findings=tuple(kept), policy_version=self.version)


def _finding(candidate: _Candidate, start: int, end: int) -> Finding:
    rule = candidate.rule
    return Finding(
        type=rule.policy.type,
        start=start,
        end=end,
        policy=rule.policy_id,
        pattern=rule.pattern.name,
        action=candidate.action,
        confidence=candidate.confidence,
    )
