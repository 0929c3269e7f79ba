"""Submissions and thread reads against the ceiling of a bare Litestar app.

Starts, in the same run and on the same ASGI server (uvicorn, one process), the bare
app of ``bench/bare_app.py`` and the real service on a temporary database, exactly as
``make run`` starts it, and drives them with wrk at concurrency 16, in turns: bare,
service, bare, service... for ``--rounds`` rounds, because other load on a shared
machine moves either figure by a third from one minute to the next. It prints each
round's requests/s, p50/p99 latency and errors, and the median of the rounds' ratios.
After the submissions it checks that the number of stored rows equals the number of
201s the service sent (its own metric: wrk stops counting with requests in flight).
Needs ``wrk`` (``apt-get install wrk``).

    .venv/bin/python bench/comments_bench.py [--seconds 8] [--rounds 3] [--connections 16]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live_server import free_port, live_server  # noqa: E402

ARTICLE = "/v1/articles/bench-article/comments"

# Each request posts a different comment; every thread counts its own statuses.
POST_SCRIPT = r"""
local counter = 0
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) failed = 0 end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
function request()
  counter = counter + 1
  local body = string.format(
    '{"author":"독자%d","body":"AI 인프라 기사 잘 읽었습니다. 380억 달러라니 %d번째 생각"}',
    counter % 97, counter)
  return wrk.format(nil, nil, nil, body)
end
function response(status, headers, body)
  if status ~= 201 then failed = failed + 1 end
end
function done(summary, latency, requests)
  local f = 0
  for _, t in ipairs(threads) do f = f + t:get("failed") end
  io.write(string.format("failed %d\n", f))
end
"""
GET_SCRIPT = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) failed = 0 end
function response(status, headers, body)
  if status ~= 200 then failed = failed + 1 end
end
function done(summary, latency, requests)
  local f = 0
  for _, t in ipairs(threads) do f = f + t:get("failed") end
  io.write(string.format("failed %d\n", f))
end
"""


@dataclass
class Run:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is needed: sudo apt-get install wrk", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        post_lua, get_lua = directory / "post.lua", directory / "get.lua"
        post_lua.write_text(POST_SCRIPT)
        get_lua.write_text(GET_SCRIPT)
        database = directory / "moderato.db"
        with (
            _bare_server() as bare,
            live_server(directory, rate_limits="off") as server,
        ):
            service = server.url

            def rounds(bare_url: str, service_url: str, script: Path) -> list[tuple[Run, Run]]:
                return [
                    (_wrk(bare_url, script, args.seconds, args.connections),
                     _wrk(service_url, script, args.seconds, args.connections))
                    for _ in range(args.rounds)
                ]  # fmt: skip

            posts = rounds(bare, service, post_lua)
            acknowledged = _published(service)
            rows = _count(database, "SELECT COUNT(*) FROM comments")
            gets = rounds(bare, _seed_thread(service), get_lua)

    _report("submissions (durable)", posts, target=0.7)
    # wrk stops counting with requests still in flight; the service's own count of
    # 201s includes those, so it is the one that must equal the rows.
    print(f"  stored rows {rows} == 201s the service sent {acknowledged}: {rows == acknowledged}")
    _report("50-comment thread reads", gets, target=0.8)
    errors = sum(run.errors for pair in posts + gets for run in pair)
    return 0 if rows == acknowledged and errors == 0 else 1


@contextmanager
def _bare_server() -> Iterator[str]:
    """The bare app on uvicorn with the settings ``python -m service serve`` uses."""
    port = free_port()
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "bench.bare_app:create_app",
        "--port", str(port), "--no-access-log", "--log-level", "warning",
        "--timeout-keep-alive", "75",
    ]  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + ARTICLE, timeout=1)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def _published(url: str) -> int:
    """Submissions the service answered 201 (published), from its own /metrics."""
    time.sleep(1)  # let the requests that were in flight when wrk stopped finish
    metrics = httpx.get(f"{url}/metrics").text
    found = re.search(
        r'^moderato_submissions_total\{outcome="published"\} ([\d.e+]+)$', metrics, re.M
    )
    return int(float(found.group(1))) if found else 0


def _seed_thread(url: str) -> str:
    """Fifty published comments (some with replies) on a fresh article."""
    path = "/v1/articles/bench-thread/comments"
    with httpx.Client(base_url=url) as client:
        parents = []
        for n in range(40):
            response = client.post(path, json={"author": f"독자{n}", "body": f"의견 {n} " * 8})
            parents.append(response.json()["id"])
        for n in range(10):
            client.post(
                path, json={"author": "답글러", "body": f"답글 {n}", "parent_id": parents[n]}
            )
        thread = client.get(path, params={"limit": 50}).json()
        assert thread["total"] == 50, thread["total"]
    return f"{url}{path}?limit=50"


def _wrk(url: str, script: Path, seconds: int, connections: int) -> Run:
    target = url if "?" in url else url + ARTICLE
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), target],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    failed = int(re.search(r"failed (\d+)", output).group(1))  # type: ignore[union-attr]
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    socket_errors = sum(map(int, errors.groups())) if errors else 0
    return Run(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        p50_ms=_latency(output, "50%"),
        p99_ms=_latency(output, "99%"),
        errors=failed + socket_errors,
    )


def _latency(output: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _count(database: Path, sql: str) -> int:
    with sqlite3.connect(database) as db:
        count: int = db.execute(sql).fetchone()[0]
        return count


def _report(name: str, pairs: list[tuple[Run, Run]], target: float) -> None:
    print(f"{name}:")
    ratios = []
    for number, (ceiling, real) in enumerate(pairs, 1):
        ratios.append(real.requests_per_second / ceiling.requests_per_second)
        for label, run in (("bare   ", ceiling), ("service", real)):
            print(
                f"  {number} {label} {run.requests_per_second:8.0f} req/s  p50 {run.p50_ms:6.2f} ms"
                f"  p99 {run.p99_ms:6.2f} ms  errors {run.errors}"
            )
    rounds = " ".join(f"{ratio:.2f}" for ratio in ratios)
    print(f"  ratio {statistics.median(ratios):.2f} (median of {rounds}; target >= {target})")


if __name__ == "__main__":
    sys.exit(main())
