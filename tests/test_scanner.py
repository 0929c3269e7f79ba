"""The engine as a whole: the development corpus, safety properties, linear time."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.corpus_metrics import gold_findings, read_corpus, score
from service.pii import Scanner, load_scanner
from tests.conftest import DATA

NASTY_POLICY = """\
version = 1
type = "nasty"
names = {{ ko = "시험", en = "test" }}

[[patterns]]
name = "nested"
regex = '{regex}'
score = 0.9
boundary = "none"

[actions]
hold = 0.5
"""


class Scores(NamedTuple):
    recall: float  # PII comments with at least one finding
    false_positive_rate: float  # clean comments with any finding
    span_f1: float  # type-aware, overlap of at least half the gold span
    obfuscated_recall: float  # recall on comments tagged "obfuscated"


def _score(scanner: Scanner, corpus: str) -> Scores:
    """Score a corpus the way ``../shared/corpus/score.py`` does."""
    scanned = [
        (
            "obfuscated" in record["tags"],
            gold_findings(record),
            [(f.type, f.start, f.end) for f in scanner.scan(record["text"]).findings],
        )
        for record in read_corpus(DATA / corpus)
    ]
    overall = score((gold, found) for _, gold, found in scanned)
    obfuscated = score((gold, found) for hidden, gold, found in scanned if hidden)
    return Scores(
        recall=overall.recall,
        false_positive_rate=overall.false_positive_rate,
        span_f1=overall.span_f1,
        obfuscated_recall=obfuscated.recall,
    )


@pytest.mark.parametrize(
    ("corpus", "floor"),
    [
        # The shared development corpus: a little under the targets (.98, .01, .95, .95).
        ("dev_corpus.jsonl", Scores(0.97, 0.02, 0.93, 0.93)),
        # bench/make_variants.py: other phrasings, disguises and hard negatives. The
        # engine reaches 1.0 / 0 / 1.0 / 1.0 here; the floor leaves room for trade-offs.
        ("variant_corpus.jsonl", Scores(0.98, 0.01, 0.97, 0.96)),
    ],
)
def test_corpus_regression(scanner: Scanner, corpus: str, floor: Scores) -> None:
    scores = _score(scanner, corpus)
    assert scores.recall >= floor.recall, scores
    assert scores.false_positive_rate <= floor.false_positive_rate, scores
    assert scores.span_f1 >= floor.span_f1, scores
    assert scores.obfuscated_recall >= floor.obfuscated_recall, scores


def test_findings_are_in_original_offsets(scanner: Scanner) -> None:
    text = "연락은 공일공\u200b삼구사삼\u200b오공구일 로, 메일은 kim92 골뱅이 naver 닷컴"
    findings = scanner.scan(text).findings
    assert [(f.type, text[f.start : f.end]) for f in findings] == [
        ("phone", "공일공\u200b삼구사삼\u200b오공구일"),
        ("email", "kim92 골뱅이 naver 닷컴"),
    ]


def test_particles_touch_values(scanner: Scanner) -> None:
    text = "메일은abc@naver.com으로, 번호는 010-1234-5678로 주세요"
    assert [text[f.start : f.end] for f in scanner.scan(text).findings] == [
        "abc@naver.com",
        "010-1234-5678",
    ]


def test_ascii_context_words_are_whole_words(scanner: Scanner) -> None:
    """``id`` is a context word for handles, but not inside "said"; Korean words take
    particles (주소는), so they match inside longer words."""
    assert scanner.scan("Elon Musk (@elonmusk) said the same thing").findings == ()
    found = scanner.scan("my telegram id: @elonmusk").findings
    assert [f.type for f in found] == ["messenger_id"]
    assert [f.type for f in scanner.scan("집주소는 양천로 60 에요").findings] == ["kr_address"]


def test_numbers_in_a_list_are_found_apart(scanner: Scanner) -> None:
    text = "사기꾼 정보: 농협 352-4670-5474-32 / 010-3854-9214"
    assert [(f.type, text[f.start : f.end]) for f in scanner.scan(text).findings] == [
        ("bank_account", "352-4670-5474-32"),
        ("phone", "010-3854-9214"),
    ]


def test_the_strictest_action_wins(scanner: Scanner) -> None:
    result = scanner.scan("주민번호 900101-1234568, 연락처 010-1234-5678")
    assert [f.action for f in result.findings] == ["block", "hold"]
    assert result.action == "block"
    assert scanner.scan("좋은 기사 감사합니다").action == "allow"


def test_a_scan_is_deterministic(scanner: Scanner) -> None:
    text = "카드 4532-0151-1283-0366 이고 연락 010 1234 5678, IP 112.54.63.157"
    assert scanner.scan(text) == scanner.scan(text)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *"0123456789-. @oO공일이삼사오육칠팔구영\u200b가나다abcKR:/()[]",
                "골뱅이",
                "닷컴",
                " at ",
            ]
        )
    ).map("".join)
    | st.text()
)
def test_findings_lie_inside_the_text_and_never_overlap(text: str) -> None:
    result = _SCANNER.scan(text)
    previous_end = 0
    for finding in result.findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert finding.start >= previous_end
        previous_end = finding.end


def _run_with_deadline(function: object, seconds: float) -> bool:
    """Whether ``function`` returns within ``seconds``: a hang guard, not a benchmark."""
    done = threading.Event()

    def target() -> None:
        function()  # type: ignore[operator]
        done.set()

    threading.Thread(target=target, daemon=True).start()
    return done.wait(seconds)


def test_a_catastrophic_pattern_stays_linear(tmp_path: Path) -> None:
    # (a+)+$ backtracks exponentially in Python's re: 2^40 steps on this input.
    (tmp_path / "nasty.toml").write_text(NASTY_POLICY.format(regex="(a+)+$"), encoding="utf-8")
    nasty = load_scanner(tmp_path)
    text = "a" * 40 + "!" + " (a) " * 20000
    assert _run_with_deadline(lambda: nasty.scan(text), seconds=30)


_SCANNER = load_scanner(Path(__file__).resolve().parent.parent / "policies")


@pytest.mark.parametrize(
    "run",
    ["1" * 30000, "2025.11.04." + "9" * 5000, "12:" + "3" * 5000, "1-" * 20000, "1 " * 20000],
    ids=["digits", "date", "time", "dashes", "spaces"],
)
def test_long_runs_of_digits_are_read_without_error(run: str) -> None:
    for text in (run, f"연락처 {run} 입니다"):
        result = _SCANNER.scan(text)
        assert all(0 <= f.start < f.end <= len(text) for f in result.findings)
