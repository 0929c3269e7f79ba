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
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import msgspec
import re2

from service.pii.normalize import normalize
from service.pii.policy import ACTIONS, Action, Context, Pattern, Policy, PolicyError, PolicySet
from service.pii.validators import VALIDATORS, Validator, Verdict

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
        "words",
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
        self.words = tuple(word.lower() for word in policy.context.words)
        self.positive = _word_pattern(self.words)
        self.negative = _word_pattern(policy.context.negative)

    def candidates(self, text: str, lowered: str) -> Iterator[_Candidate]:
        # A pattern that needs a context word cannot match a text without any.
        if self.pattern.requires_context and not any(w in lowered for w in self.words):
            return
        for match in self.regex.finditer(text):
            start, end = match.span(self.group)
            if start >= end or not _bounded(text, start, end, self.pattern.boundary):
                continue
            confidence = self._confidence(text, lowered, start, end)
            if confidence is None:
                continue
            action = self.policy.action_for(confidence)
            if action is not None:
                yield _Candidate(confidence, self.policy.priority, start, end, self, action)

    def _confidence(self, text: str, lowered: str, start: int, end: int) -> float | None:
        score = self.pattern.score
        value = text[start:end]
        for validate in self.validators:
            verdict = validate(value)
            if verdict is Verdict.INVALID:
                return None
            score += VERDICT_WEIGHT[verdict]
        context = self.context
        if self.positive is not None:
            if _near(self.positive, lowered, start, end, context):
                score += context.boost
            elif self.pattern.requires_context:
                return None
        if self.negative is not None and _near(self.negative, lowered, start, end, context):
            score -= context.penalty
        return round(min(score, 1.0), 3)


def _word_pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    """Context words as one pattern over lowered text.

    A word that begins or ends with an ASCII letter or digit must not continue into
    another one there (``id`` is not in "said", ``ip`` not in "ship"); Korean words
    match anywhere, since particles attach to them (주소는, 계좌로). The words are
    literals, so the pattern runs in time linear in the (bounded) window.
    """
    alternatives = []
    for word in sorted({word.lower() for word in words}, key=len, reverse=True):
        regex = re.escape(word)
        if _ascii_alnum(word[0]):
            regex = "(?<![a-z0-9])" + regex
        if _ascii_alnum(word[-1]):
            regex += "(?![a-z0-9])"
        alternatives.append(regex)
    return re.compile("|".join(alternatives)) if alternatives else None


def _near(words: re.Pattern[str], lowered: str, start: int, end: int, context: Context) -> bool:
    """Whether one of ``words`` is within the context window before or after a value."""
    return bool(
        words.search(lowered, max(0, start - context.before), start)
        or words.search(lowered, end, end + context.after)
    )


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
        self._rules: list[_Rule] = []
        self._prefilter = re2.Set.SearchSet(options)
        for policy_id, policy in policy_set.policies.items():
            for index in range(len(policy.patterns)):
                rule = _Rule(policy_id, policy, index, options)
                self._prefilter.Add(rule.pattern.regex)
                self._rules.append(rule)
        self._prefilter.Compile()

    @property
    def version(self) -> str:
        return self.policy_set.version

    def scan(self, text: str) -> ScanResult:
        shadow = normalize(text)
        lowered = shadow.text.lower()
        candidates = [
            candidate
            for index in sorted(self._prefilter.Match(shadow.text) or ())
            for candidate in self._rules[index].candidates(shadow.text, lowered)
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
        action: Action = max((f.action for f in kept), key=ACTIONS.index, default="allow")
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
