"""Find personal information in a text with a compiled set of policies.

A scan normalises the text (see :mod:`service.pii.normalize`), asks one RE2 set which
patterns match at all, runs only those, scores each match (pattern score, validator
verdicts, context words), keeps the best of overlapping matches and maps the spans
back to the text as written. Every regular expression runs on RE2, so no policy and
no input can make a scan super-linear.
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Iterable, Iterator
from operator import attrgetter
from typing import NamedTuple

import msgspec
import re2

from service.pii.assembly import GATES, Assembled, assemble, codes, groups
from service.pii.normalize import marks_after, normalize
from service.pii.policy import ACTIONS, Action, Context, Pattern, Policy, PolicyError, PolicySet
from service.pii.prefilter import Prefilter
from service.pii.shadow import Shadow
from service.pii.validators import (
    CONTEXT_VALIDATORS,
    STRONG_VALIDATORS,
    VALIDATORS,
    Around,
    Validator,
    Verdict,
)

_STRICTNESS = {action: rank for rank, action in enumerate(ACTIONS)}
# How much a validator's verdict moves a finding's confidence (INVALID dismisses it).
VERDICT_WEIGHT = {Verdict.CONFIRMED: 0.3, Verdict.PLAUSIBLE: 0.0, Verdict.DOUBTFUL: -0.15}


class Explanation(msgspec.Struct, frozen=True, kw_only=True):
    """Why a finding was made, for the moderator who reviews it (never the text)."""

    # Disguises that normalisation undid inside the finding (e.g. "invisible characters",
    # "digits written as words or letters").
    undone: tuple[str, ...] = ()
    # How a number split into groups was put together: "groups" (joined across
    # separators in an unusual grouping), "spoken" (words that say "a separator
    # here" between them: 다시, 하이픈, then), "filler" (other words or symbols between the
    # groups), "short groups" (one or two digits each), "labels" (groups given out of
    # order with labels) or "pieces" (a code of letters and digits); None if it was not.
    assembled: str | None = None
    # Each validator's verdict on the value: confirmed, plausible or doubtful.
    verdicts: dict[str, str] = msgspec.field(default_factory=dict)
    # The context word near the value that raised the confidence, and the negative
    # word that lowered it.
    context: str | None = None
    negative: str | None = None


class Finding(msgspec.Struct, frozen=True):
    """One piece of personal information, in code-point offsets of the original text."""

    type: str
    start: int
    end: int
    policy: str
    pattern: str
    action: Action
    confidence: float
    explanation: Explanation = msgspec.field(default_factory=Explanation)


class ScanResult(msgspec.Struct, frozen=True):
    action: Action
    findings: tuple[Finding, ...]
    policy_version: str


class _Evidence(NamedTuple):
    """What moved a candidate's confidence, kept to explain the finding."""

    confidence: float
    verdicts: tuple[tuple[str, Verdict], ...]
    context: str | None
    negative: str | None

    def confirmed(self, strongly: bool = False) -> bool:
        """Whether a validator vouches for the value; ``strongly``: one that random
        digits of the right shape pass less than once in fifty (not Luhn's one in ten)."""
        return any(
            verdict is Verdict.CONFIRMED and (not strongly or name in STRONG_VALIDATORS)
            for name, verdict in self.verdicts
        )


class _Candidate(NamedTuple):
    confidence: float
    priority: int
    start: int
    end: int
    rule: _Rule
    action: Action
    evidence: _Evidence
    assembled: str | None


def _options() -> re2.Options:
    options = re2.Options()
    options.log_errors = False
    return options


def _compile(pattern: str, options: re2.Options, where: str) -> re2._Regexp:
    try:
        return re2.compile(pattern, options)
    except re2.error as exc:
        reason = exc.args[0].decode() if exc.args and isinstance(exc.args[0], bytes) else exc
        raise PolicyError(f"{where}: {reason}") from None


class _Rule:
    """One pattern of one policy, compiled."""

    __slots__ = (
        "context",
        "context_validators",
        "cues",
        "group",
        "labels",
        "negative",
        "pattern",
        "policy",
        "policy_id",
        "positive",
        "prefix",
        "regex",
        "validators",
    )

    def __init__(
        self,
        policy_id: str,
        policy: Policy,
        index: int,
        options: re2.Options,
        vocabulary: _Vocabulary,
    ) -> None:
        pattern = policy.patterns[index]
        where = f"{policy_id}.toml: patterns[{index}]"
        self.regex = _compile(pattern.regex, options, f"{where}.regex")
        self.policy_id = policy_id
        self.policy = policy
        self.pattern: Pattern = pattern
        self.group: int = self.regex.groupindex.get("value", 0)
        self.prefix = (
            _compile(f"(?:{pattern.prefix})$", options, f"{where}.prefix")
            if pattern.prefix
            else None
        )
        self.validators = tuple(
            (name, VALIDATORS[name]) for name in pattern.validators if name in VALIDATORS
        )
        self.context_validators = tuple(
            (name, CONTEXT_VALIDATORS[name].read)
            for name in pattern.validators
            if name in CONTEXT_VALIDATORS
        )
        cues = [cue for name, _ in self.context_validators for cue in CONTEXT_VALIDATORS[name].cues]
        # A pattern whose validator needs a cue word runs only on texts that hold one.
        self.cues = _Words(cues, vocabulary) if cues else None
        self.context: Context = policy.context
        self.positive = _Words(policy.context.words, vocabulary)
        self.negative = _Words(policy.context.negative, vocabulary)
        self.labels = _Words(policy.context.labels, vocabulary)

    def candidates(self, scanned: _Text) -> Iterator[_Candidate]:
        if not self.applies(scanned):
            return
        text = scanned.text
        for match in self.regex.finditer(scanned.data):
            start, end = match.span(self.group)
            if not scanned.ascii:
                start, end = scanned.character(start), scanned.character(end)
            if start >= end or not _bounded(text, start, end, self.pattern.boundary):
                continue
            if self._owned(scanned, start, end):
                continue
            evidence = self._evidence(scanned, start, end, text[start:end])
            if evidence is not None:
                yield from self._candidate(start, end, evidence, None)

    def assembled(self, scanned: _Text, number: Assembled) -> Iterator[_Candidate]:
        """A candidate for a number put together from groups, only where a strong check
        holds: a context word names the type, or a validator confirms the whole, and
        one that chance rarely passes when words stood between the groups (prose is
        full of numbers with words between them; one in ten of them passes Luhn)."""
        if not self.applies(scanned) or self._owned(scanned, number.start, number.end):
            return
        evidence = self._evidence(scanned, number.start, number.end, number.digits)
        if evidence is None:
            return
        if evidence.context is not None or evidence.confirmed(strongly=number.loose):
            start = self._prefixed(scanned.text, number.start)
            if start is not None:
                yield from self._candidate(start, number.end, evidence, number.how)

    def _prefixed(self, text: str, start: int) -> int | None:
        """Where the value starts with the words of the pattern's prefix before it; None
        when the pattern has a prefix and it is not there."""
        if self.prefix is None:
            return start
        found = self.prefix.search(text[max(0, start - _PREFIX_REACH) : start])
        return start - (min(start, _PREFIX_REACH) - found.start()) if found else None

    def _owned(self, scanned: _Text, start: int, end: int) -> bool:
        """A number inside a link or a code is part of it (an article id, the digit
        groups of an IBAN); a pattern for codes themselves reads them whole."""
        return self.pattern.boundary == "digit" and scanned.owned(start, end)

    def applies(self, scanned: _Text) -> bool:
        """False when the text lacks a word the pattern cannot do without (a context
        word it requires, a cue word its validator reads)."""
        if self.pattern.requires_context and not (
            scanned.holds(self.positive) or scanned.holds(self.labels)
        ):
            return False
        return self.cues is None or scanned.holds(self.cues)

    def _candidate(
        self, start: int, end: int, evidence: _Evidence, assembled: str | None
    ) -> Iterator[_Candidate]:
        action = self.policy.action_for(evidence.confidence)
        if action is not None:
            priority = self.policy.priority
            yield _Candidate(
                evidence.confidence, priority, start, end, self, action, evidence, assembled
            )

    def _evidence(self, scanned: _Text, start: int, end: int, value: str) -> _Evidence | None:
        """The pattern's score moved by context words near the value and by validators;
        None when the value is ruled out. Context comes first: it is the cheaper test."""
        context = self.context
        score = self.pattern.score
        word = (
            self.positive.near(scanned, start, end, context)
            if scanned.holds(self.positive)
            else None
        )
        if word is None and scanned.holds(self.labels):
            word = self.labels.right_before(scanned, start)
        if word is not None:
            score += context.boost
        elif self.pattern.requires_context:
            return None
        negative = (
            self.negative.near(scanned, start, end, context)
            if scanned.holds(self.negative)
            else None
        )
        if negative is not None:
            score -= context.penalty
        verdicts = tuple(self._verdicts(scanned, start, end, value))
        if any(verdict is Verdict.INVALID for _, verdict in verdicts):
            return None
        score += sum(VERDICT_WEIGHT[verdict] for _, verdict in verdicts)
        return _Evidence(round(min(score, 1.0), 3), verdicts, word, negative)

    def _verdicts(
        self, scanned: _Text, start: int, end: int, value: str
    ) -> Iterator[tuple[str, Verdict]]:
        """Each validator's verdict, stopping at the first that rules the value out."""
        for name, validate in self.validators:
            verdict = scanned.verdict(validate, value)
            yield name, verdict
            if verdict is Verdict.INVALID:
                return
        if not self.context_validators:
            return
        lowered, context = scanned.lowered, self.context
        around = Around(
            lowered[max(0, start - context.before) : start], lowered[end : end + context.after]
        )
        for name, read in self.context_validators:
            verdict = read(value, around)
            yield name, verdict
            if verdict is Verdict.INVALID:
                return


class _Text:
    """The normalised text in the forms a scan needs.

    RE2 runs on UTF-8: the Python wrapper would encode a str again for every call and
    translate every offset back, so the text is encoded once and byte offsets are
    turned into character offsets here. Offsets are asked in increasing order within
    a pattern's matches, so each pattern walks the text at most once (linear even with
    thousands of matches); an ASCII text needs no translation at all.
    """

    __slots__ = (
        "_byte",
        "_character",
        "_owners",
        "_verdicts",
        "_vocabulary",
        "_words",
        "ascii",
        "data",
        "lowered",
        "text",
    )

    def __init__(self, text: str, vocabulary: re2.Set) -> None:
        self.text = text
        self.data = text.encode()
        self.ascii = len(self.data) == len(text)  # then byte and character offsets agree
        lowered = text.lower()
        # Context windows share the text's offsets; a few letters (İ) lower to two.
        self.lowered = lowered if len(lowered) == len(text) else text.translate(_ASCII_LOWER)
        self._byte = self._character = 0
        self._vocabulary = vocabulary
        self._words: frozenset[int] | None = None
        self._verdicts: dict[tuple[Validator, str], Verdict] = {}
        self._owners: list[tuple[int, int]] | None = None

    def verdict(self, validate: Validator, value: str) -> Verdict:
        """``validate(value)``, once per scan: several patterns often find the same
        value (+82 10-…: mobile, landline and international), and numbering-plan
        lookups cost tens of microseconds."""
        key = (validate, value)
        verdict = self._verdicts.get(key)
        if verdict is None:
            verdict = self._verdicts[key] = validate(value)
        return verdict

    def holds(self, words: _Words) -> bool:
        """Whether any of ``words`` occurs anywhere in the text, also inside a longer
        word: a quick test that the text is worth searching for them."""
        return not words.ids.isdisjoint(self.occurring())

    def occurring(self) -> frozenset[int]:
        """The ids of the vocabulary's entries that occur in the text: one RE2 pass,
        made only for texts that need it."""
        if self._words is None:
            self._words = frozenset(self._vocabulary.Match(self.data) or ())
        return self._words

    def owned(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` is a part of a web address or of an alphanumeric
        code (an IBAN-shaped code, an IPv6-shaped run): digits there belong to the
        link or the code, not to a number of their own."""
        if self._owners is None:  # links and hexadecimal runs: once per scan
            self._owners = [
                match.span()
                for owner, mark in _OWNERS
                if mark in self.text
                for match in owner.finditer(self.text)
            ]
        # A code starts at most a few groups before the value: look only there.
        near = max(0, start - _CODE_REACH)
        codes = (
            (near + match.start(), near + match.end())
            for match in _CODE.finditer(self.text, near, min(len(self.text), end + _CODE_REACH))
        )
        return any(
            (first <= start and end < last) or (first < start and end <= last)
            for first, last in itertools.chain(self._owners, codes)
        )

    def character(self, byte: int) -> int:
        """The character offset of a byte offset (at a character boundary)."""
        if byte < self._byte:  # the next pattern's matches start again from the front
            self._byte = self._character = 0
        self._character += len(self.data[self._byte : byte].decode())
        self._byte = byte
        return self._character


# How far before an assembled number its prefix words may start.
_PREFIX_REACH = 16
# A label and what may stand between it and its value.
_LABEL_REACH = 16
_LABEL_GAP = re.compile(r"[\s:：()\[\]\-]{0,3}")
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
# What owns the digits inside it, each with a character that it needs (a cheap test
# first): a web address with a path (a scheme or www., or a domain name and a slash),
# and a run of hexadecimal groups joined by colons.
_OWNERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"(?i)(?:https?://|www\.|(?<![a-z0-9.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}/)"
            r"[^\s<>\"']*"
        ),
        "/",
    ),
    (re.compile(r"(?i)[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){3,}"), ":"),
)
# An IBAN-shaped code: two letters, two digits, groups of letters and digits.
_CODE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}(?:[\W_]{0,4}[A-Za-z0-9]{1,4}){3,8}")
_CODE_REACH = 48


class _Words:
    """A policy's context words (or negative words), lowered.

    A word that begins or ends with an ASCII letter or digit must not continue into
    another one there (``id`` is not in "said", ``ip`` not in "ship"); Korean words
    match anywhere, since particles attach to them (주소는, 계좌로). The words are
    literals: both patterns run in linear time.
    """

    __slots__ = ("_any", "ids")

    def __init__(self, words: Iterable[str], vocabulary: _Vocabulary) -> None:
        ordered = sorted({word.lower() for word in words}, key=len, reverse=True)
        self.ids = vocabulary.ids(ordered)
        # A plain alternation of literals: the regex engine skips ahead on their first
        # characters, which a look-behind in front of each word would prevent.
        self._any = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def near(self, scanned: _Text, start: int, end: int, context: Context) -> str | None:
        """The first of the words within the window before or after a value, if any."""
        lowered = scanned.lowered
        return self._within(lowered, max(0, start - context.before), start) or self._within(
            lowered, end, min(len(lowered), end + context.after)
        )

    def right_before(self, scanned: _Text, start: int) -> str | None:
        """The one of the words that ends right before ``start``, a space or a mark or
        two between (우리 1002-…, 하나: 296-…), if any."""
        lowered = scanned.lowered
        reach = max(0, start - _LABEL_REACH)
        found = self._any.finditer(lowered, reach, start) if self._any else ()
        for word in reversed(list(found)):
            if _LABEL_GAP.fullmatch(lowered, word.end(), start) and _whole_word(
                lowered, *word.span()
            ):
                return word.group()
        return None

    def _within(self, lowered: str, start: int, end: int) -> str | None:
        while self._any is not None and (found := self._any.search(lowered, start, end)):
            if _whole_word(lowered, *found.span()):
                return found.group()
            start = found.start() + 1
        return None


class _Vocabulary:
    """Every context word of a policy set, and the gates of assembly, numbered for one
    RE2 set that tells, in one pass, which of them occur in a text (literals and one
    short pattern: a small automaton)."""

    def __init__(self) -> None:
        self._ids: dict[str, int] = {}  # by pattern

    def ids(self, words: Iterable[str]) -> frozenset[int]:
        return frozenset(self.id("(?i)" + re2.escape(word)) for word in words)

    def id(self, pattern: str) -> int:
        return self._ids.setdefault(pattern, len(self._ids))

    def matcher(self, options: re2.Options) -> re2.Set:
        return _set(re2.Set.SearchSet(options), self._ids)  # in the order of their ids


def _whole_word(lowered: str, start: int, end: int) -> bool:
    """An ASCII end of a word must not run on into another ASCII letter or digit."""
    return not (
        (_ascii_alnum(lowered[start]) and start and _ascii_alnum(lowered[start - 1]))
        or (_ascii_alnum(lowered[end - 1]) and end < len(lowered) and _ascii_alnum(lowered[end]))
    )


def _bounded(text: str, start: int, end: int, boundary: str) -> bool:
    if boundary == "digit":
        return not _digits_continue(text, start, -1) and not _digits_continue(text, end - 1, 1)
    if boundary == "alnum":
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        return not (
            _ascii_alnum(before)
            or _ascii_alnum(after)
            or _digits_continue(text, start, -1)
            or _digits_continue(text, end - 1, 1)
        )
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
        vocabulary = _Vocabulary()
        self._rules = [
            _Rule(policy_id, policy, index, options, vocabulary)
            for policy_id, policy in policy_set.policies.items()
            for index in range(len(policy.patterns))
        ]
        # What assembly needs to know about a text, from the same pass as the words.
        self._gates = {name: vocabulary.id(gate) for name, gate in GATES.items()}
        self._vocabulary = vocabulary.matcher(options)
        # Which patterns may match at all: one RE2 pass instead of one per pattern.
        self._prefilter = Prefilter(rule.pattern.regex for rule in self._rules)
        # Which patterns an assembled number's digits match, whole.
        self._assembling = [rule for rule in self._rules if rule.pattern.assemble]
        self._digits = _set(
            re2.Set.FullMatchSet(options), (rule.pattern.regex for rule in self._assembling)
        )
        self._nothing = ScanResult(action="allow", findings=(), policy_version=self.version)

    @property
    def version(self) -> str:
        return self.policy_set.version

    def scan(self, text: str) -> ScanResult:
        shadow = normalize(text)
        scanned = _Text(shadow.text, self._vocabulary)
        candidates = [
            candidate
            for index in self._prefilter.matching(scanned.data)
            for candidate in self._rules[index].candidates(scanned)
        ]
        occurring = scanned.occurring()
        gates = {name for name, index in self._gates.items() if index in occurring}
        candidates += self._assembled(scanned, [(c.start, c.end) for c in candidates], gates)
        if not candidates:
            return self._nothing  # most comments
        findings = _without_overlaps(candidates, shadow, text)
        action: Action = max(
            (f.action for f in findings), key=_STRICTNESS.__getitem__, default="allow"
        )
        return ScanResult(action=action, findings=findings, policy_version=self.version)

    def _assembled(
        self, scanned: _Text, read: list[tuple[int, int]], gates: set[str]
    ) -> Iterator[_Candidate]:
        """Candidates for numbers written in groups that no pattern saw whole (``read``:
        the spans of the patterns' candidates)."""
        text = scanned.text
        labels = sum(name.startswith("role") for name in gates) >= 2
        if "digits" not in gates:
            return  # too few digits for any number or code
        numbers = assemble(text, groups(text), labels, read)
        pieces = codes(text, scanned.data) if "code" in gates else ()
        seen = set(read)
        for number in itertools.chain(numbers, pieces):
            if (number.start, number.end) in seen:
                continue  # a pattern read these digits as they stand
            for index in self._digits.Match(number.digits) or ():
                yield from self._assembling[index].assembled(scanned, number)


def _set(matcher: re2.Set, patterns: Iterable[str]) -> re2.Set:
    for pattern in patterns:
        matcher.Add(pattern)
    matcher.Compile()
    return matcher


def _without_overlaps(
    candidates: list[_Candidate], shadow: Shadow, text: str
) -> tuple[Finding, ...]:
    """The best of overlapping candidates, in the original text's offsets, in order.

    Best first (confidence, then a reading without words between its groups, the
    policy's priority, the longer span), each
    kept unless a character of it is already taken: linear in the characters covered,
    however many candidates a long text holds.
    """
    if len(candidates) == 1:  # the common case: nothing to choose between
        start, end = _origin(shadow, text, candidates[0])
        return (_finding(candidates[0], shadow, start, end),)
    taken = bytearray(len(text))
    kept = []
    for candidate in sorted(
        _wholes(candidates),
        # Of equally good readings, one without words between its groups is likelier.
        key=lambda c: (
            -c.confidence,
            c.assembled == "filler",
            -c.priority,
            c.start - c.end,
            c.start,
        ),
    ):
        start, end = _origin(shadow, text, candidate)
        if taken.find(1, start, end) == -1:
            taken[start:end] = b"\x01" * (end - start)
            kept.append(_finding(candidate, shadow, start, end))
    return tuple(sorted(kept, key=attrgetter("start")))


def _wholes(candidates: list[_Candidate]) -> list[_Candidate]:
    """Without the candidates that lie inside another of their type: a number is read
    whole, not as the part a pattern saw (75 16715 5108 64 2, not 75 16715 5108 64)."""
    kept = []
    container_type, container_end = "", -1
    for candidate in sorted(candidates, key=lambda c: (c.rule.policy.type, c.start, -c.end)):
        if candidate.rule.policy.type == container_type and candidate.end <= container_end:
            continue
        kept.append(candidate)
        if candidate.assembled != "filler":  # words inside: maybe two numbers (… exp 09/27)
            container_type, container_end = candidate.rule.policy.type, candidate.end
    return kept


def _origin(shadow: Shadow, text: str, candidate: _Candidate) -> tuple[int, int]:
    """Where a candidate was written, with the marks on its last character (1️⃣)."""
    start, end = shadow.origin(candidate.start, candidate.end)
    return start, marks_after(text, end)


def _finding(candidate: _Candidate, shadow: Shadow, start: int, end: int) -> Finding:
    rule, evidence = candidate.rule, candidate.evidence
    explanation = Explanation(
        undone=tuple(shadow.undone(start, end)),
        assembled=candidate.assembled,
        verdicts={name: verdict.value for name, verdict in evidence.verdicts},
        context=evidence.context,
        negative=evidence.negative,
    )
    return Finding(
        type=rule.policy.type,
        start=start,
        end=end,
        policy=rule.policy_id,
        pattern=rule.pattern.name,
        action=candidate.action,
        confidence=candidate.confidence,
        explanation=explanation,
    )
