"""Submissions and thread reads against the ceiling of a bare Litestar app, on one and
several processes, on SQLite and PostgreSQL.

Starts, in the same run and on the same ASGI server (uvicorn), the bare app of
``bench/bare_app.py`` (one process) and the real service on fresh databases, exactly
as ``python -m service serve`` starts it, in these set-ups: SQLite with one worker and
with ``MODERATO_WORKERS=2``, and, given a PostgreSQL server (``--postgresql URL`` or
``POSTGRESQL_TEST_URL``, as ``.ci/postgres start`` sets it), one and two replicas (two
``serve`` processes on one database; wrk drives both at once, half the connections
each). It drives them with wrk at concurrency 16 in turns: bare, then each set-up, for
``--rounds`` rounds, because other load on a shared machine moves every figure by a
third from one minute to the next. It prints each run's requests/s, p50/p99 latency
(for two replicas, the higher of the two wrk runs') and errors, and where the CPU went
(the service's and the database server's milliseconds per request, and how busy the
machine was: see ``bench/cpu.py``), and each set-up's median ratio to the bare app of
the same round. After the submissions it checks that
the stored rows equal the 201s the service counted (its own metric, added up over
workers and replicas: wrk stops counting with requests in flight).
Needs ``wrk`` (``apt-get install wrk``).

    .venv/bin/python bench/comments_bench.py [--seconds 8] [--rounds 3] [--connections 16]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import cpu  # noqa: E402
from tests.databases import query  # noqa: E402
from tests.live_server import free_port, live_server  # noqa: E402

ARTICLE = "/v1/articles/bench-article/comments"

# Every thread counts the statuses other than the expected one; the sum is printed.
COUNT_UNEXPECTED = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) failed = {} end
function response(status, headers, body)
  if status ~= EXPECTED then failed[status] = (failed[status] or 0) + 1 end
end
function done(summary, latency, requests)
  for _, t in ipairs(threads) do
    for status, n in pairs(t:get("failed")) do
      io.write(string.format("status %d: %d\n", status, n))
    end
  end
end
"""
# Each request posts a different comment.
POST_SCRIPT = (
    "EXPECTED = 201\n"
    + COUNT_UNEXPECTED
    + r"""
local counter = 0
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
function request()
  counter = counter + 1
  local body = string.format(
    '{"author":"독자%d","body":"AI 인프라 기사 잘 읽었습니다. 380억 달러라니 %d번째 생각"}',
    counter % 97, counter)
  return wrk.format(nil, nil, nil, body)
end
"""
)
GET_SCRIPT = "EXPECTED = 200\n" + COUNT_UNEXPECTED


@dataclass
class Run:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    # What went wrong, and how often: "503" (a status), "read" (a socket error), ...
    errors: Counter[str]
    cpu: cpu.Usage | None = None


@dataclass
class SetUp:
    """The service as one way of running it: the URLs that reach its processes, and
    the processes (and the database server's) whose CPU it uses."""

    name: str
    database: str
    urls: list[str]
    pids: list[int]
    database_pids: list[int] = field(default_factory=list)
    logs: list[Path] = field(default_factory=list)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--postgresql", default=os.environ.get("POSTGRESQL_TEST_URL"))
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is needed: sudo apt-get install wrk", file=sys.stderr)
        return 2
    if args.postgresql:
        os.environ["POSTGRESQL_TEST_URL"] = args.postgresql
    else:
        print("no PostgreSQL server (--postgresql URL): its set-ups are left out\n")
    with tempfile.TemporaryDirectory() as scratch, ExitStack() as running:
        directory = Path(scratch)
        scripts = {name: directory / f"{name}.lua" for name in ("post", "get")}
        scripts["post"].write_text(POST_SCRIPT)
        scripts["get"].write_text(GET_SCRIPT)
        bare = running.enter_context(_bare_server())
        setups = [running.enter_context(each) for each in _setups(directory, args.postgresql)]

        def rounds(targets: list[tuple[SetUp, list[str]]], script: Path) -> list[dict[str, Run]]:
            """In turns: the bare app, then each set-up; ``rounds`` times."""
            return [
                {each.name: _wrk(each, urls, script, args.seconds, args.connections)
                 for each, urls in targets}
                for _ in range(args.rounds)
            ]  # fmt: skip

        posts = rounds([(bare, bare.urls), *((s, s.urls) for s in setups)], scripts["post"])
        stored = {s.name: (_rows(s.database), _published(s.urls)) for s in setups}
        threads = [(s, _seed_thread(s.urls)) for s in setups]
        gets = rounds([(bare, bare.urls), *threads], scripts["get"])
        logged = {s.name: _logged(s.logs) for s in setups}

    _report("submissions (durable)", posts)
    for name, (rows, acknowledged) in stored.items():
        # wrk stops counting with requests still in flight; the service's own count of
        # 201s includes those, so it is the one that must equal the rows.
        print(f"  {name}: stored rows {rows} == 201s sent {acknowledged}: {rows == acknowledged}")
    _report("50-comment thread reads", gets)
    for name, lines in logged.items():
        if lines:  # the service logs warnings and errors only, here
            print(f"{name} logged {len(lines)} lines; the last:", *lines[-10:], sep="\n  ")
    errors = sum(run.errors.total() for each in posts + gets for run in each.values())
    consistent = all(rows == acknowledged for rows, acknowledged in stored.values())
    return 0 if consistent and errors == 0 else 1


def _setups(directory: Path, postgresql: str | None) -> Iterator[AbstractContextManager[SetUp]]:
    yield _sqlite(directory, "sqlite, 1 worker", workers=1)
    yield _sqlite(directory, "sqlite, 2 workers", workers=2)
    if postgresql:
        yield _postgresql(directory, "postgresql, 1 replica", replicas=1)
        yield _postgresql(directory, "postgresql, 2 replicas", replicas=2)


@contextmanager
def _sqlite(directory: Path, name: str, workers: int) -> Iterator[SetUp]:
    own = directory / f"sqlite-{workers}"
    own.mkdir()
    database = str(own / "moderato.db")
    with live_server(own, database=database, workers=str(workers), **SETTINGS) as server:
        yield SetUp(name, database, [server.url], [server.process.pid], logs=[server.log])


@contextmanager
def _postgresql(directory: Path, name: str, replicas: int) -> Iterator[SetUp]:
    from tests.databases import fresh_postgresql_database

    database = fresh_postgresql_database()
    with ExitStack() as servers:
        running = []
        for n in range(replicas):
            own = directory / f"postgresql-{replicas}-{n}"
            own.mkdir()
            running.append(servers.enter_context(live_server(own, database=database, **SETTINGS)))
        yield SetUp(
            name,
            database,
            [server.url for server in running],
            [server.process.pid for server in running],
            [_postmaster(database)],
            [server.log for server in running],
        )


def _postmaster(database: str) -> int:
    """The PostgreSQL server's main process (on this machine), whose children serve
    the connections: the first line of its pid file."""
    [(directory,)] = query(database, "SHOW data_directory")
    return int(Path(directory, "postmaster.pid").read_text().split()[0])


SETTINGS = {"rate_limits": "off", "log_level": "warning"}


@contextmanager
def _bare_server() -> Iterator[SetUp]:
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
        yield SetUp("bare", "", [url], [process.pid])
    finally:
        process.terminate()
        process.wait(timeout=30)


def _published(urls: list[str]) -> int:
    """Submissions answered 201 (published), from the service's own /metrics, added up
    over replicas (a worker's scrape adds up its fellow workers itself)."""
    time.sleep(1)  # let the requests that were in flight when wrk stopped finish
    total = 0
    for url in urls:
        metrics = httpx.get(f"{url}/metrics").text
        found = re.search(
            r'^moderato_submissions_total\{outcome="published"\} ([\d.e+]+)$', metrics, re.M
        )
        total += int(float(found.group(1))) if found else 0
    return total


def _logged(logs: list[Path]) -> list[str]:
    return [line for log in logs for line in log.read_text().splitlines() if line.strip()]


def _rows(database: str) -> int:
    count: int = query(database, "SELECT COUNT(*) FROM comments")[0][0]
    return count


def _seed_thread(urls: list[str]) -> list[str]:
    """Fifty published comments (some with replies) on a fresh article; its page's URL
    on each of ``urls``."""
    path = "/v1/articles/bench-thread/comments"
    with httpx.Client(base_url=urls[0]) as client:
        parents = []
        for n in range(40):
            response = client.post(path, json={"author": f"독자{n}", "body": f"의견 {n} " * 8})
            parents.append(response.json()["id"])
        for n in range(10):
            client.post(
                path, json={"author": "답글러", "body": f"답글 {n}", "parent_id": parents[n]}
            )
    for url in urls:
        thread = httpx.get(f"{url}{path}", params={"limit": 50}).json()
        assert thread["total"] == 50, thread["total"]
    return [f"{url}{path}?limit=50" for url in urls]


def _wrk(setup: SetUp, urls: list[str], script: Path, seconds: int, connections: int) -> Run:
    """wrk on each URL at once, the connections shared out; requests/s and errors added
    up, latencies the highest of the runs'."""
    before = cpu.sample(setup.pids, setup.database_pids)
    with ThreadPoolExecutor(max_workers=len(urls)) as runs:
        done = list(
            runs.map(lambda url: _wrk_one(url, script, seconds, connections // len(urls)), urls)
        )
    after = cpu.sample(setup.pids, setup.database_pids)
    requests_per_second = sum(run.requests_per_second for run in done)
    return Run(
        requests_per_second=requests_per_second,
        p50_ms=max(run.p50_ms for run in done),
        p99_ms=max(run.p99_ms for run in done),
        errors=sum((run.errors for run in done), Counter()),
        cpu=cpu.usage(before, after, requests_per_second * seconds),
    )


def _wrk_one(url: str, script: Path, seconds: int, connections: int) -> Run:
    target = url if "?" in url else url + ARTICLE
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), target],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    statuses = re.findall(r"^status (\d+): (\d+)$", output, re.M)
    errors = Counter({status: int(n) for status, n in statuses})
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    if sockets:
        kinds = ("connect", "read", "write", "timeout")
        errors += Counter(dict(zip(kinds, map(int, sockets.groups()), strict=True)))
    return Run(
        requests_per_second=float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),  # type: ignore[union-attr]
        p50_ms=_latency(output, "50%"),
        p99_ms=_latency(output, "99%"),
        errors=errors,
    )


def _latency(output: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def _report(name: str, rounds: list[dict[str, Run]]) -> None:
    print(f"{name}:")
    for number, runs in enumerate(rounds, 1):
        for label, run in runs.items():
            print(
                f"  {number} {label:24} {run.requests_per_second:7.0f} req/s"
                f"  p50 {run.p50_ms:6.2f} ms  p99 {run.p99_ms:7.2f} ms"
                f"  errors {_errors(run.errors)}"
                f"{_cpu(run.cpu)}"
            )
    for label in rounds[0]:
        if label == "bare":
            continue
        ratios = [runs[label].requests_per_second / runs["bare"].requests_per_second
                  for runs in rounds]  # fmt: skip
        each = " ".join(f"{ratio:.2f}" for ratio in ratios)
        p99 = statistics.median(runs[label].p99_ms for runs in rounds)
        print(f"  {label:24} ratio {statistics.median(ratios):.2f} (median of {each}),"
              f" p99 median {p99:.1f} ms")  # fmt: skip


def _errors(errors: Counter[str]) -> str:
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(errors.items()))
    return f"{errors.total()} ({kinds})" if errors else "0"


def _cpu(usage: cpu.Usage | None) -> str:
    if usage is None:
        return ""
    database = f" + db {usage.database_ms:.2f}" if usage.database_ms else ""
    return f"  cpu {usage.service_ms:.2f}{database} ms/req, machine {usage.machine_busy:.0%} busy"


if __name__ == "__main__":
    sys.exit(main())
