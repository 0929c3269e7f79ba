"""The prefilter's loosened patterns match wherever the patterns themselves do."""

from __future__ import annotations

from pathlib import Path

import pytest
import re2
from hypothesis import given, settings
from hypothesis import strategies as st

from service.pii import load_scanner
from service.pii.prefilter import Prefilter, loosened

POLICIES = Path(__file__).resolve().parent.parent / "policies"
PATTERNS = [
    pattern.regex
    for policy in load_scanner(POLICIES).policy_set.policies.values()
    for pattern in policy.patterns
]


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("(?:0[1-9]|1[0-2])", "(?:[0-9][0-9]|[0-9][0-9])"),
        ("[5-8][0-9]{6}", "[0-9][0-9]{6}"),
        ("(?:1[1-9]|2[0-68])", "(?:[0-9][0-9]|[0-9][0-9])"),
        # Counts, escapes, group names and classes with more than digits stay as written.
        (r"[0-9OIL]{2}\x{4e00}\x41\d(?P<g1>[^0-9])", r"[0-9OIL]{2}\x{4e00}\x41\d(?P<g1>[^0-9])"),
        (r"[가-힣\x{4e00}-\x{9fff}]{1,4}\.1", r"[가-힣\x{4e00}-\x{9fff}]{1,4}\.[0-9]"),
    ],
)
def test_digits_are_widened_and_nothing_else(pattern: str, expected: str) -> None:
    assert loosened(pattern) == expected


@pytest.mark.parametrize("pattern", PATTERNS)
def test_every_policy_pattern_loosens_to_a_valid_pattern(pattern: str) -> None:
    re2.compile(loosened(pattern))


_PREFILTER = Prefilter(PATTERNS)
_COMPILED = [re2.compile(pattern) for pattern in PATTERNS]


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789-. +()/:@MSRGODKRDEkr가동로길호서울계좌", max_size=40))
def test_the_prefilter_passes_every_pattern_that_matches(text: str) -> None:
    data = text.encode()
    passed = set(_PREFILTER.matching(data))
    assert {i for i, regex in enumerate(_COMPILED) if regex.search(data)} <= passed
