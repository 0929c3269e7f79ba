"""The scoring convention of ``../shared/corpus/score.py``, for tests and benches.

A found span matches a gold span when the types are equal and they overlap by at least
half of the gold span; matching is one to one, largest overlap first; a comment is
flagged when it has any finding. Scores are computed from (gold, found) pairs, one per
comment, so any scanner (ours, or what Presidio's tests say Presidio finds) can be
scored the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

Finding = tuple[str, int, int]  # (type, start, end): code point offsets, end exclusive


@dataclass(frozen=True)
class Scores:
    recall: float  # PII comments with at least one finding
    false_positive_rate: float  # clean comments with any finding
    span_precision: float  # type-aware, overlap of at least half the gold span
    span_recall: float
    span_f1: float


def read_corpus(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON Lines corpus."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def gold_findings(record: dict[str, Any]) -> list[Finding]:
    return [(span["type"], span["start"], span["end"]) for span in record["spans"]]


def matches(gold: Sequence[Finding], found: Sequence[Finding]) -> int:
    """How many gold spans a finding matches, each finding used once."""
    candidates = sorted(
        (-overlap, g, f)
        for g, (gold_type, gold_start, gold_end) in enumerate(gold)
        for f, (found_type, found_start, found_end) in enumerate(found)
        if gold_type == found_type
        and (overlap := min(gold_end, found_end) - max(gold_start, found_start)) > 0
        and overlap * 2 >= gold_end - gold_start
    )
    used_gold: set[int] = set()
    used_found: set[int] = set()
    for _, g, f in candidates:
        if g not in used_gold and f not in used_found:
            used_gold.add(g)
            used_found.add(f)
    return len(used_gold)


def score(comments: Iterable[tuple[Sequence[Finding], Sequence[Finding]]]) -> Scores:
    """Scores over (gold, found) pairs; identical findings count once, as in score.py."""
    pii = flagged_pii = clean = flagged_clean = 0
    true = gold_total = found_total = 0
    for gold, found in comments:
        distinct = sorted(set(found))
        if gold:
            pii += 1
            flagged_pii += bool(distinct)
        else:
            clean += 1
            flagged_clean += bool(distinct)
        true += matches(gold, distinct)
        gold_total += len(gold)
        found_total += len(distinct)
    # The convention of score.py: nothing to find and nothing found is perfect.
    precision = true / found_total if found_total else float(gold_total == 0)
    recall = true / gold_total if gold_total else 1.0
    return Scores(
        recall=flagged_pii / pii if pii else 1.0,
        false_positive_rate=flagged_clean / clean if clean else 0.0,
        span_precision=precision,
        span_recall=recall,
        span_f1=2 * precision * recall / (precision + recall) if precision + recall else 0.0,
    )
