"""In-process throughput of the PII engine: comments/s, latency, and linear time.

Prints, all measured in this run (machines are shared and noisy, so every figure is
the best of several rounds of CPU time, and the comparisons are ratios taken here):

- comments/s scanning the dev corpus one comment after another on one core, and the
  p50/p99 latency of a single comment; beside it, in "calibration units", the same
  cost divided by that of a fixed pure-Python workload timed in the same rounds, a
  figure that load on a shared machine moves far less than the raw rate;
- comments/s on red-team comments drawn from a fresh seed, the first time the scanner
  sees them and again: RE2 builds its automata lazily, so texts unlike any before cost
  more until their states exist (each of these comments holds a disguised number or
  is a near miss, so they cost more than the corpus's in any case);
- chars/s on about 1 MB of ordinary comment text and on about 1 MB of adversarial
  text (long digit runs with separators, thousands of @ and dots, repeated Hangul
  digit words, zero-width characters, spaced-out characters), both scanned with the
  project's policies plus a catastrophic user pattern loaded from a temporary policy
  file; the ratio of the two is the figure that shows linear time (target: within 5x).

Run: ``make bench`` or ``.venv/bin/python bench/scan_bench.py [--rounds N]``.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this tree's engine, not whichever one is installed

from bench.redteam import generate  # noqa: E402
from service.pii import Scanner, load_scanner  # noqa: E402

POLICIES = ROOT / "policies"
DEV_CORPUS = ROOT / "tests" / "data" / "dev_corpus.jsonl"
MEGABYTE = 1_000_000

# A user's policy with a pattern that backtracks exponentially in Python's re: RE2 must
# run it in linear time like any other. Lowest score and priority, so that it never
# takes a finding from the project's policies (whose examples must still hold).
NASTY_POLICY = """\
version = 1
type = "nasty"
names = { ko = "시험", en = "test" }
priority = -1

[[patterns]]
name = "nested_plus"
regex = '(a+)+$'
score = 0.5
boundary = "none"

[[patterns]]
name = "nested_digits"
regex = '([0-9]+ ?)+x'
score = 0.5
boundary = "none"

[actions]
hold = 0.5
"""


def corpus_texts() -> list[str]:
    lines = DEV_CORPUS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


def best_seconds(work: Callable[[], object], rounds: int) -> float:
    """The least CPU time of ``rounds`` runs: the run least disturbed by other load."""
    best = float("inf")
    for _ in range(rounds):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def calibration() -> int:
    """A fixed pure-Python workload: the yardstick for this machine, in this run."""
    total = 0
    for number in range(100_000):
        total = (total * 31 + number) % 1_000_003
    return total


def scan_and_calibration(scanner: Scanner, texts: list[str], rounds: int) -> tuple[float, float]:
    """Seconds per comment and per calibration run, each the best of ``rounds``,
    measured in alternation so that both see the same load."""
    per_comment = per_calibration = float("inf")
    for _ in range(rounds):
        per_comment = min(
            per_comment, best_seconds(lambda: [scanner.scan(t) for t in texts], 1) / len(texts)
        )
        per_calibration = min(per_calibration, best_seconds(calibration, 1))
    return per_comment, per_calibration


def latencies(scanner: Scanner, texts: list[str], rounds: int) -> list[float]:
    """Per comment, the best of ``rounds`` single scans, in seconds."""
    best = [float("inf")] * len(texts)
    for _ in range(rounds):
        for index, text in enumerate(texts):
            started = time.perf_counter()
            scanner.scan(text)
            best[index] = min(best[index], time.perf_counter() - started)
    return best


def ordinary_text(texts: list[str]) -> str:
    """About 1 MB of the corpus's comments, one after another."""
    block = "\n".join(texts)
    return ("\n".join([block] * (MEGABYTE // len(block) + 1)))[:MEGABYTE]


def adversarial_text() -> str:
    """About 1 MB built to make a careless engine slow: every kind of long run that
    normalisation and the patterns look at, and input for the nasty patterns."""
    parts = [
        "010-1234-5678-" * 4000,  # one long chain of phone-like groups
        "1 2 3 4 5 6 7 8 9 0 " * 3000,  # spaced-out digits
        "01012345678" * 3000,  # a digit run without a break
        "1.2.3.4." * 4000,  # dotted quads without end
        "@" * 20000 + "a@b." * 10000 + "." * 20000,  # @ and dots
        "abc 골뱅이 def 닷컴 " * 3000,  # written-out e-mail words
        "공일공 일이삼사 " * 4000,  # repeated Hangul digit words
        "일이삼사오육칠팔구공" * 3000,
        "0\u200b1\u200b0\u200b" * 5000,  # zero-width characters between digits
        "O1O-l234-" * 4000,  # look-alike letters among digits
        "zero one two three " * 3000,  # English digit words
        "카톡 아이디 abc123 " * 2000,
        "서울 강남구 테헤란로 123 101동 " * 2000,
        "a" * 50000 + "!",  # (a+)+$ backtracks on this in a backtracking engine
        "1 " * 30000,  # ([0-9]+ ?)+x likewise, with no x
    ]
    text = "".join(parts)
    return (text * (MEGABYTE // len(text) + 1))[:MEGABYTE]


def fresh_comments() -> list[str]:
    """Red-team comments from a seed drawn now: texts no earlier run has seen."""
    seed = random.SystemRandom().randrange(1_000_000, 2_000_000)
    return [record.text for record in generate(seed, per_type=40, per_negative=8)]


def first_and_second_sight(scanner: Scanner, texts: list[str]) -> tuple[float, float]:
    """Seconds per comment on the first scan of ``texts``, and on the next."""
    first = best_seconds(lambda: [scanner.scan(t) for t in texts], 1)
    second = best_seconds(lambda: [scanner.scan(t) for t in texts], 1)
    return first / len(texts), second / len(texts)


@contextmanager
def policies_with_nasty_pattern() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        for policy in POLICIES.glob("*.toml"):
            shutil.copy(policy, folder)
        (Path(folder) / "zz_nasty.toml").write_text(NASTY_POLICY, encoding="utf-8")
        yield Path(folder)


def chars_per_second(scanner: Scanner, text: str, rounds: int) -> float:
    return len(text) / best_seconds(lambda: scanner.scan(text), rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15, help="best of this many runs")
    arguments = parser.parse_args()
    rounds = arguments.rounds
    texts = corpus_texts()
    scanner = load_scanner(POLICIES)

    for text in texts:  # warm RE2's lazily built automata
        scanner.scan(text)
    per_comment, per_calibration = scan_and_calibration(scanner, texts, rounds)
    single = sorted(latencies(scanner, texts, max(3, rounds // 3)))
    p50 = statistics.median(single)
    p99 = single[min(len(single) - 1, round(0.99 * len(single)))]
    print(f"dev corpus: {len(texts)} comments, best of {rounds} rounds of CPU time, one core")
    print(f"  {1 / per_comment:,.0f} comments/s ({per_comment * 1e6:.1f} us per comment)")
    print(f"  = {per_comment / per_calibration * 1000:.2f} calibration units per 1000 comments")
    print(f"    (calibration: {per_calibration * 1e3:.2f} ms of pure Python, same rounds)")
    print(f"  latency of one comment: p50 {p50 * 1e6:.1f} us, p99 {p99 * 1e6:.1f} us")

    fresh = fresh_comments()
    first, second = first_and_second_sight(scanner, fresh)
    print(f"red-team comments from a fresh seed: {len(fresh)} comments, one pass each")
    print(f"  first sight: {1 / first:,.0f} comments/s ({first * 1e6:.1f} us per comment)")
    print(f"  seen again:  {1 / second:,.0f} comments/s ({second * 1e6:.1f} us per comment)")

    with policies_with_nasty_pattern() as folder:
        nasty = load_scanner(folder)
        ordinary = chars_per_second(nasty, ordinary_text(texts), max(3, rounds // 3))
        adversarial = chars_per_second(nasty, adversarial_text(), max(3, rounds // 3))
    print("1 MB texts, project policies + a nasty user pattern ((a+)+$, ([0-9]+ ?)+x):")
    print(f"  ordinary comments: {ordinary:,.0f} chars/s")
    print(f"  adversarial:       {adversarial:,.0f} chars/s")
    print(f"  adversarial is {ordinary / adversarial:.2f}x slower (target: within 5x)")


if __name__ == "__main__":
    main()
