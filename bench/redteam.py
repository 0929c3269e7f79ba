"""Red-team the PII detector from principles only (issue 10, item 6).

Draws valid values of all 13 types from the rules that issue them, writes them the
ways people write numbers, addresses and handles (`bench/pii_attack/`), places them
in Korean and English comments, adds near-miss negatives in the same forms, scans
everything with the project's policies and prints, over several seeds: recall,
false-positive rate and span F1 overall, per type and per transformation family
(`digits:` principle 1, `groups:` principle 2, `structure:` principle 3, `format:`
principle 4, `neg:` principle 5), in the corpus convention (a finding matches a gold
span when the types are equal and it covers at least half of it).

Run: ``.venv/bin/python bench/redteam.py --seeds 5 [--show-misses 12] [--out FILE.jsonl]``;
``--out`` writes the comments in the corpus format for ``../shared/corpus/score.py``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pii_attack.negatives import NEGATIVE_FAMILIES, draw_negative  # noqa: E402
from bench.pii_attack.records import PII_TYPES, Record, draw_positive  # noqa: E402
from service.pii import Scanner, load_scanner  # noqa: E402

Found = tuple[str, int, int]  # (type, start, end)
PRINCIPLES = (
    ("digits:", "principle 1: digits by value"),
    ("groups:", "principle 2: numbers as groups"),
    ("structure:", "principle 3: addresses, e-mail, links, handles by structure"),
    ("format:", "principle 4: formats as they exist"),
)


def generate(seed: int, per_type: int, per_negative: int) -> list[Record]:
    rng = random.Random(seed)
    records = [draw_positive(rng, t) for _ in range(per_type) for t in PII_TYPES]
    records += [draw_negative(rng, f) for _ in range(per_negative) for f in NEGATIVE_FAMILIES]
    return records


def match(gold: list[Found], pred: list[Found]) -> list[tuple[int, int]]:
    """score.py's matching: same type, overlap ≥ half the gold span, greedy one-to-one
    by largest overlap."""
    candidates = []
    for gi, (gt, gs, ge) in enumerate(gold):
        for pi, (pt, ps, pe) in enumerate(pred):
            overlap = max(0, min(ge, pe) - max(gs, ps))
            if gt == pt and overlap > 0 and overlap * 2 >= ge - gs:
                candidates.append((-overlap, gi, pi))
    used_gold, used_pred, pairs = set(), set(), []
    for _, gi, pi in sorted(candidates):
        if gi not in used_gold and pi not in used_pred:
            used_gold.add(gi)
            used_pred.add(pi)
            pairs.append((gi, pi))
    return pairs


@dataclass
class Tally:
    """Comment- and span-level counts over a slice of the records."""

    pii: int = 0
    pii_flagged: int = 0
    clean: int = 0
    clean_flagged: int = 0
    gold: int = 0
    pred: int = 0
    tp: int = 0

    def add(self, gold: list[Found], pred: list[Found], tp: int) -> None:
        if gold:
            self.pii += 1
            self.pii_flagged += bool(pred)
        else:
            self.clean += 1
            self.clean_flagged += bool(pred)
        self.gold += len(gold)
        self.pred += len(pred)
        self.tp += tp

    @property
    def recall(self) -> float:
        return self.pii_flagged / self.pii if self.pii else float("nan")

    @property
    def fpr(self) -> float:
        return self.clean_flagged / self.clean if self.clean else float("nan")

    @property
    def span_recall(self) -> float:
        return self.tp / self.gold if self.gold else float("nan")

    @property
    def span_precision(self) -> float:
        return self.tp / self.pred if self.pred else 1.0

    @property
    def span_f1(self) -> float:
        p, r = self.span_precision, self.span_recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Outcome:
    record: Record
    pred: list[Found]
    matched: set[int]  # indexes of gold spans found


def scan_all(scanner: Scanner, records: Iterable[Record]) -> list[Outcome]:
    out = []
    for record in records:
        findings = scanner.scan(record.text).findings
        pred = sorted({(f.type, f.start, f.end) for f in findings}, key=lambda x: (x[1], x[2]))
        gold = [(s.type, s.start, s.end) for s in record.spans]
        out.append(Outcome(record, pred, {gi for gi, _ in match(gold, pred)}))
    return out


def tally(outcomes: Iterable[Outcome]) -> Tally:
    t = Tally()
    for o in outcomes:
        t.add([(s.type, s.start, s.end) for s in o.record.spans], o.pred, len(o.matched))
    return t


def by_tag(outcomes: list[Outcome]) -> dict[str, Tally]:
    slices: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        for tag in o.record.tags:
            slices[tag].append(o)
    return {tag: tally(items) for tag, items in slices.items()}


def per_type(outcomes: list[Outcome]) -> dict[str, Tally]:
    """Type-aware spans: a type's precision counts its findings in every comment."""
    tallies = {t: Tally() for t in PII_TYPES}
    for o in outcomes:
        gold_types = {s.type for s in o.record.spans}
        for t in PII_TYPES:
            gold = [(s.type, s.start, s.end) for s in o.record.spans if s.type == t]
            pred = [p for p in o.pred if p[0] == t]
            if gold or pred:
                tp = len(match(gold, pred))
                tallies[t].gold += len(gold)
                tallies[t].pred += len(pred)
                tallies[t].tp += tp
            if t in gold_types:
                tallies[t].pii += 1
                tallies[t].pii_flagged += bool(o.pred)
    return tallies


def _f(x: float) -> str:
    return "     -" if x != x else f"{x:6.3f}"


def print_report(outcomes: list[Outcome], seeds: list[int], per_seed: dict[int, Tally]) -> None:
    total = tally(outcomes)
    print(
        f"red team: seeds {seeds}, {total.pii + total.clean} comments "
        f"({total.pii} with PII, {total.clean} clean)\n"
    )
    print(f"{'':28s} {'recall':>6s} {'fpr':>6s} {'span.P':>6s} {'span.R':>6s} {'spanF1':>6s}")
    for seed, t in per_seed.items():
        _row(f"  seed {seed}", t)
    _row("overall", total)
    print(
        f"\n{'per type':28s} {'n':>5s} {'recall':>6s} {'span.P':>6s} {'span.R':>6s} {'spanF1':>6s}"
    )
    for name, t in per_type(outcomes).items():
        print(
            f"  {name:26s} {t.pii:5d} {_f(t.recall)} {_f(t.span_precision)} "
            f"{_f(t.span_recall)} {_f(t.span_f1)}"
        )
    tags = by_tag(outcomes)
    for prefix, title in PRINCIPLES:
        print(
            f"\n{title:28s} {'n+':>5s} {'recall':>6s} {'span.R':>6s} {'spanF1':>6s} "
            f"{'n-':>5s} {'fpr':>6s}"
        )
        for tag in sorted(t for t in tags if t.startswith(prefix)):
            t = tags[tag]
            print(
                f"  {tag:26s} {t.pii:5d} {_f(t.recall)} {_f(t.span_recall)} "
                f"{_f(t.span_f1) if t.pii else '     -'} {t.clean:5d} {_f(t.fpr)}"
            )
    print_matrix(outcomes)
    print(f"\n{'principle 5: what identifies no one':40s} {'n':>5s} {'fpr':>6s}  found as")
    for tag in sorted(t for t in tags if t.startswith("neg:")):
        found = Counter(p[0] for o in outcomes if tag in o.record.tags for p in o.pred)
        kinds = ", ".join(f"{k} {n}" for k, n in found.most_common())
        print(f"  {tag:38s} {tags[tag].clean:5d} {_f(tags[tag].fpr)}  {kinds}")
    print(f"\nrecall={total.recall:.4f} fpr={total.fpr:.4f} span_f1={total.span_f1:.4f}")


def print_matrix(outcomes: list[Outcome]) -> None:
    """Span recall of the number types by digit form (rows) and grouping (columns), so
    that a principle-1 failure and a principle-2 failure can be told apart."""
    cells: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for o in outcomes:
        tags = dict(tag.split(":", 1) for tag in o.record.tags if ":" in tag)
        if "digits" in tags and "groups" in tags and o.record.spans:
            cell = cells[tags["digits"], tags["groups"]]
            cell[0] += len(o.matched)
            cell[1] += len(o.record.spans)
    rows = sorted({d for d, _ in cells})
    columns = sorted({g for _, g in cells})
    print("\nspan recall (%) of number types, digit form × grouping")
    print(f"{'':18s}" + "".join(f"{c[:7]:>8s}" for c in columns))
    for row in rows:
        line = "".join(
            f"{100 * cells[row, c][0] / cells[row, c][1]:8.0f}" if cells[row, c][1] else f"{'':8s}"
            for c in columns
        )
        print(f"  {row:16s}{line}")


def _row(label: str, t: Tally) -> None:
    print(
        f"{label:28s} {_f(t.recall)} {_f(t.fpr)} {_f(t.span_precision)} "
        f"{_f(t.span_recall)} {_f(t.span_f1)}"
    )


def miss_key(record: Record) -> str:
    keep = ("type:", "digits:", "groups:", "structure:")
    return " ".join(tag for tag in record.tags if tag.startswith(keep))


def print_misses(outcomes: list[Outcome], limit: int) -> None:
    """The most common ways a value was missed, and the false alarms, with examples."""
    missed: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        if len(o.matched) < len(o.record.spans):
            missed[o.record.tags[0]].append(o)
    print(f"\nmisses by type (first {limit} patterns per type, two examples each)")
    for key, items in sorted(missed.items(), key=lambda kv: -len(kv[1])):
        print(f"  {key}: {len(items)} missed")
        patterns = Counter(miss_key(o.record) for o in items)
        for pattern, n in patterns.most_common(limit):
            print(f"    {n:4d}  {pattern}")
            for o in [o for o in items if miss_key(o.record) == pattern][:2]:
                print(f"          {_show(o)}")
    alarms = [o for o in outcomes if not o.record.spans and o.pred]
    print(f"\nfalse alarms on negatives: {len(alarms)}")
    for o in alarms[: limit * 2]:
        print(f"    {o.record.tags[0]:22s} {_show(o)}")


def _show(o: Outcome) -> str:
    text = o.record.text
    for start, end in sorted({(s.start, s.end) for s in o.record.spans}, reverse=True):
        text = text[:start] + "[[" + text[start:end] + "]]" + text[end:]
    found = " ".join(f"{t}@{s}-{e}" for t, s, e in o.pred) or "no finding"
    return f"{text!r}  → {found}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=5, help="number of seeds (default 5)")
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--per-type", type=int, default=40, help="comments per PII type per seed")
    parser.add_argument(
        "--per-negative", type=int, default=15, help="comments per negative family per seed"
    )
    parser.add_argument(
        "--show-misses",
        type=int,
        default=0,
        metavar="N",
        help="print the N commonest miss patterns per type, with examples",
    )
    parser.add_argument("--out", type=Path, help="write the generated comments as corpus JSONL")
    args = parser.parse_args(argv)

    scanner = load_scanner(ROOT / "policies")
    seeds = list(range(args.first_seed, args.first_seed + args.seeds))
    outcomes: list[Outcome] = []
    per_seed: dict[int, Tally] = {}
    corpus: list[dict[str, object]] = []
    for seed in seeds:
        records = generate(seed, args.per_type, args.per_negative)
        seed_outcomes = scan_all(scanner, records)
        per_seed[seed] = tally(seed_outcomes)
        outcomes += seed_outcomes
        corpus += [r.as_json(f"rt{seed}-{i:04d}") for i, r in enumerate(records)]
    print_report(outcomes, seeds, per_seed)
    if args.show_misses:
        print_misses(outcomes, args.show_misses)
    if args.out:
        with args.out.open("w", encoding="utf-8") as f:
            for item in corpus:
                f.write(json.dumps(item, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
