"""A 201 means the comment survives the process being killed (SIGKILL, no shutdown),
at any moment, again and again: the short version of ``bench/crash.py``."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bench.crash import crash_loop

# Real server processes: `pytest -m "not slow"` leaves them out of the inner loop.
pytestmark = pytest.mark.slow


def test_every_acknowledged_comment_survives_repeated_sigkills(tmp_path: Path) -> None:
    loop = crash_loop(tmp_path, kills=3, rng=random.Random(11))
    assert loop.acknowledged, "the load never got going"
    assert loop.integrity == ["ok"] * 3
    assert loop.lost == set()
    assert loop.found == len(loop.acknowledged)
    assert loop.served >= loop.found  # the restarted service serves them all
