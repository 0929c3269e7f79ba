"""Kill the server at random moments under submission load, and count what was lost.

Starts the real service (``python -m service serve``) on a fresh database, lets
readers post as fast as they can, sends SIGKILL at a random moment, and restarts it;
``--kills`` times (default 20). After every kill it checks, with the server down,
that ``PRAGMA integrity_check`` is ok and that every comment acknowledged with a 201
so far, in this round or any before, is in the database; then that the restarted
service serves them. Prints acknowledged / found / lost; exits 1 if anything was lost.

    .venv/bin/python bench/crash.py [--kills 20] [--seed N]
"""

from __future__ import annotations

import argparse
import random
import signal
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live_server import SubmissionBurst, start_server, stop_server  # noqa: E402

ARTICLE = "crash"


@dataclass
class CrashLoop:
    """What the kills left behind, round by round."""

    acknowledged: set[str] = field(default_factory=set)
    found: int = 0
    lost: set[str] = field(default_factory=set)
    integrity: list[str] = field(default_factory=list)
    served: int = 0

    @property
    def ok(self) -> bool:
        return not self.lost and all(result == "ok" for result in self.integrity)


def crash_loop(directory: Path, kills: int, rng: random.Random) -> CrashLoop:
    """``kills`` rounds of: serve under load, SIGKILL at a random moment, check the file."""
    loop = CrashLoop()
    database = directory / "moderato.db"
    for _ in range(kills):
        server = start_server(directory, rate_limits="off", log_level="warning")
        try:
            with SubmissionBurst(server, ARTICLE) as burst:
                burst.wait_for(1)  # the load is on
                time.sleep(rng.uniform(0.05, 1.0))
                server.process.send_signal(signal.SIGKILL)
                server.process.wait()
        finally:
            stop_server(server)
        loop.acknowledged.update(burst.acknowledged)
        with sqlite3.connect(database) as db:
            loop.integrity.append(db.execute("PRAGMA integrity_check").fetchone()[0])
            stored = {row[0] for row in db.execute("SELECT id FROM comments")}
        loop.lost |= loop.acknowledged - stored
        loop.found = len(loop.acknowledged & stored)
    restarted = start_server(directory, rate_limits="off", log_level="warning")
    try:
        thread = httpx.get(f"{restarted.url}/v1/articles/{ARTICLE}/comments", timeout=10)
        loop.served = thread.json()["total"]
    finally:
        stop_server(restarted)
    return loop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(2**32)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as scratch:
        loop = crash_loop(Path(scratch), args.kills, random.Random(seed))
    print(f"{args.kills} SIGKILLs under submission load (seed {seed}) in "
          f"{time.perf_counter() - started:.0f} s")  # fmt: skip
    print(f"  acknowledged {len(loop.acknowledged)}  found {loop.found}  lost {len(loop.lost)}")
    integrity = "ok" if all(result == "ok" for result in loop.integrity) else loop.integrity
    print(f"  integrity_check after every kill: {integrity}")
    print(f"  the restarted service serves {loop.served} comments")
    return 0 if loop.ok else 1


if __name__ == "__main__":
    sys.exit(main())
