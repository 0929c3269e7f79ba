"""Presidio's recognizer tests as a peer suite (``bench/presidio_suite.py``): a standard to beat."""

from __future__ import annotations

from bench.corpus_metrics import gold_findings, read_corpus, score
from bench.presidio_suite import presidio_scores, records
from service.pii import Scanner
from tests.conftest import DATA

SUITE = DATA / "presidio_suite.jsonl"


def test_the_suite_is_what_the_script_writes() -> None:
    assert read_corpus(SUITE) == list(records())


def test_our_span_f1_is_above_presidios(scanner: Scanner) -> None:
    """On the cases that apply to comments, labelled as personal information is in a
    comment, we find more than Presidio's tests say Presidio does."""
    ours = score(
        (
            gold_findings(record),
            [(f.type, f.start, f.end) for f in scanner.scan(record["text"]).findings],
        )
        for record in read_corpus(SUITE)
    )
    presidio = presidio_scores()
    assert ours.span_f1 > presidio.span_f1, (ours, presidio)
