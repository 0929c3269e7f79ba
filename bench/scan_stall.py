"""Does a burst of 64 KB scans stall the service? ``/healthz`` latency meanwhile.

Starts the real service twice on temporary databases: once screening every text on
the event loop (``MODERATO_SCAN_INLINE_CHARS`` above 64 KB: how it was before long
texts moved to a worker thread), once with the default. In turns (inline, worker,
inline, worker, ... for ``--rounds`` rounds, since other load on a shared machine moves
every figure) it sends ``--scanners`` clients posting 64 KB of ``a@b.co `` to
``/v1/scan`` back to back for ``--seconds``, while a prober asks ``/healthz`` every
10 ms. Prints, per round, /healthz p50/p99/max and the scans answered per second, and
the median over the rounds of the ratios worker / inline.

    .venv/bin/python bench/scan_stall.py [--seconds 5] [--rounds 3] [--scanners 4]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live_server import live_server  # noqa: E402

TEXT = "a@b.co " * (65536 // 7)


@dataclass
class Round:
    p50_ms: float
    p99_ms: float
    max_ms: float
    scans_per_second: float


def burst(url: str, seconds: float, scanners: int) -> Round:
    stop = threading.Event()
    scans: list[int] = []

    def scan() -> None:
        with httpx.Client(base_url=url, timeout=60) as client:
            while not stop.is_set():
                response = client.post("/v1/scan", json={"text": TEXT})
                assert response.status_code == 200, response.text
                scans.append(1)

    threads = [threading.Thread(target=scan) for _ in range(scanners)]
    for thread in threads:
        thread.start()
    latencies = []
    started = time.monotonic()
    with httpx.Client(base_url=url, timeout=60) as prober:
        while time.monotonic() - started < seconds:
            asked = time.perf_counter()
            assert prober.get("/healthz").status_code == 200
            latencies.append((time.perf_counter() - asked) * 1000)
            time.sleep(0.01)
    stop.set()
    for thread in threads:
        thread.join()
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return Round(cuts[49], cuts[98], max(latencies), len(scans) / seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--scanners", type=int, default=4)
    args = parser.parse_args()
    settings = {"rate_limits": "off", "log_level": "warning"}
    with tempfile.TemporaryDirectory() as scratch, ExitStack() as servers:
        inline_dir, worker_dir = Path(scratch, "inline"), Path(scratch, "worker")
        inline_dir.mkdir()
        worker_dir.mkdir()
        inline = servers.enter_context(
            live_server(inline_dir, scan_inline_chars=str(2**20), **settings)
        )
        worker = servers.enter_context(live_server(worker_dir, **settings))
        rounds = [
            (burst(inline.url, args.seconds, args.scanners),
             burst(worker.url, args.seconds, args.scanners))
            for _ in range(args.rounds)
        ]  # fmt: skip
    print(f"/healthz every 10 ms while {args.scanners} clients post 64 KB scans "
          f"({args.seconds:g} s per run)")  # fmt: skip
    for number, pair in enumerate(rounds, 1):
        for label, run in zip(("inline", "worker"), pair, strict=True):
            print(
                f"  {number} {label}  healthz p50 {run.p50_ms:6.1f} ms  p99 {run.p99_ms:6.1f} ms"
                f"  max {run.max_ms:6.1f} ms   scans {run.scans_per_second:5.1f}/s"
            )
    for name in ("p99_ms", "scans_per_second"):
        ratios = [getattr(after, name) / getattr(before, name) for before, after in rounds]
        listed = " ".join(f"{ratio:.2f}" for ratio in ratios)
        print(f"  worker / inline {name}: median {statistics.median(ratios):.2f} ({listed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
