"""``POST /v1/scan`` over HTTP: requests/s, latency and errors at a given concurrency.

Starts the real server (``python -m service serve``) on a free port with rate limits
off and a throw-away database, waits for ``/readyz``, then posts the dev corpus's
comments with CONCURRENCY requests in flight, and prints requests/s, p50/p99 latency
and the error count.

The load comes from ``wrk`` when it is installed (``apt-get install wrk``): a native
client costs the machine little, so the figure is the server's. Otherwise, or with
``--client httpx``, from one asyncio httpx client in this process, which spends more
CPU per request than the server and, sharing the machine, caps the rate well below
what the server can do.

Run: ``.venv/bin/python bench/scan_http_bench.py [--seconds N] [--concurrency N]``,
or ``--url http://host:port`` to measure a server that is already running.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live_server import live_server  # noqa: E402

DEV_CORPUS = ROOT / "tests" / "data" / "dev_corpus.jsonl"


def corpus_texts() -> list[str]:
    lines = DEV_CORPUS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines if line.strip()]


async def drive(url: str, texts: list[str], concurrency: int) -> tuple[float, list[float], int]:
    """Post every text once with ``concurrency`` requests in flight: the wall time,
    each request's latency, and how many failed (transport error or not 200)."""
    pending = iter(texts)
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        for text in pending:  # the workers share one iterator: each text goes once
            started = time.perf_counter()
            try:
                response = await client.post("/v1/scan", json={"text": text})
                errors += response.status_code != 200
            except httpx.HTTPError:
                errors += 1
            latencies.append(time.perf_counter() - started)

    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:
        await client.post("/v1/scan", json={"text": "warm up"})
        started = time.perf_counter()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        return time.perf_counter() - started, latencies, errors


def with_httpx(url: str, seconds: float, concurrency: int) -> str:
    texts = corpus_texts()
    asyncio.run(drive(url, texts, concurrency))  # warm the server up
    passes = max(1, round(seconds * 400 / len(texts)))  # about `seconds` at 400 requests/s
    wall, latencies, errors = asyncio.run(drive(url, texts * passes, concurrency))
    ordered = sorted(latencies)
    p50 = statistics.median(ordered) * 1e3
    p99 = ordered[min(len(ordered) - 1, round(0.99 * len(ordered)))] * 1e3
    return (
        f"  client: httpx (asyncio, in this process)\n"
        f"  {len(ordered) / wall:,.0f} requests/s; latency p50 {p50:.1f} ms, p99 {p99:.1f} ms\n"
        f"  errors: {errors} of {len(ordered)} requests"
    )


# wrk posts the corpus's comments in turn and prints its figures in one parseable line.
WRK_SCRIPT = """
local bodies = {}
for line in io.lines(os.getenv("SCAN_BODIES")) do bodies[#bodies + 1] = line end
local next_body = 0
function request()
  next_body = next_body % #bodies + 1
  return wrk.format("POST", "/v1/scan", {["Content-Type"] = "application/json"}, bodies[next_body])
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("WRK %d %d %d %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.timeout,
    e.status, 0, 0))
end
"""


def with_wrk(url: str, seconds: float, concurrency: int) -> str:
    with tempfile.TemporaryDirectory() as folder:
        bodies, script = Path(folder) / "bodies.jsonl", Path(folder) / "scan.lua"
        bodies.write_text("".join(json.dumps({"text": t}) + "\n" for t in corpus_texts()))
        script.write_text(WRK_SCRIPT)
        command = ["wrk", "-t2", f"-c{concurrency}", f"-d{seconds:.0f}s", "-s", str(script), url]
        environment = os.environ | {"SCAN_BODIES": str(bodies)}
        subprocess.run([*command[:3], "-d3s", *command[4:]], env=environment, capture_output=True)
        output = subprocess.run(command, env=environment, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("WRK "))
    requests, micros, p50, p99, socket_errors, status_errors = map(int, line.split()[1:7])
    return (
        f"  client: wrk, 2 threads\n"
        f"  {requests / (micros / 1e6):,.0f} requests/s; latency p50 {p50 / 1e3:.1f} ms, "
        f"p99 {p99 / 1e3:.1f} ms\n"
        f"  errors: {socket_errors + status_errors} of {requests} requests "
        f"({socket_errors} socket, {status_errors} not 2xx/3xx)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10, help="how long to load the server")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--client", choices=["auto", "wrk", "httpx"], default="auto")
    parser.add_argument("--url", help="measure this running server instead of starting one")
    arguments = parser.parse_args()
    client = arguments.client
    if client == "auto":
        client = "wrk" if shutil.which("wrk") else "httpx"
        if client == "httpx":
            print("(wrk not found: apt-get install wrk measures the server, not this client)")
    measure = with_wrk if client == "wrk" else with_httpx

    def run(url: str) -> None:
        print(f"POST /v1/scan, dev corpus comments in turn, concurrency {arguments.concurrency}")
        print(measure(url, arguments.seconds, arguments.concurrency))

    if arguments.url:
        run(arguments.url)
    else:
        with (
            tempfile.TemporaryDirectory() as folder,
            live_server(Path(folder), rate_limits="off") as server,
        ):
            run(server.url)


if __name__ == "__main__":
    main()
