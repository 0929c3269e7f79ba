"""Adapter for ``../shared/corpus/score.py --python bench.corpus_scanner:scan``."""

from __future__ import annotations

from pathlib import Path

from service.pii import load_scanner

_SCANNER = load_scanner(Path(__file__).resolve().parent.parent / "policies")


def scan(text: str) -> list[dict[str, object]]:
    return [{"type": f.type, "start": f.start, "end": f.end} for f in _SCANNER.scan(text).findings]
