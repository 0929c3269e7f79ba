"""Slow clients: what they hold, with and without the deadlines and connection limit.

Starts the real service twice on temporary databases: once with the defaults
(``MODERATO_HEADER_TIMEOUT`` 10 s, ``MODERATO_BODY_TIMEOUT`` 30 s,
``MODERATO_MAX_CONNECTIONS`` 512) and once with all three out of reach (a day, a day,
a million: how uvicorn behaved before). In turns, for ``--rounds`` rounds, an attacker
opens ``--headers`` connections that send a request's headers one byte a second and
``--bodies`` that send complete headers and then their body one byte a second, and
keeps at it for ``--seconds``; meanwhile a reader asks ``/healthz`` on a new
connection every 100 ms. Prints, per run: how many of the attacker's connections the
server still held at the end and when it had closed the others, the server's resident
memory, and what the reader got (answers by status, p50/p99).

    .venv/bin/python bench/slow_clients.py [--seconds 35] [--rounds 2] [--headers 400]
"""

from __future__ import annotations

import argparse
import selectors
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live_server import LiveServer, live_server  # noqa: E402

HEADERS = b"GET /healthz HTTP/1.1\r\nHost: moderato\r\nX-Slow: " + b"x" * 4096
BODY = (
    b"POST /v1/scan HTTP/1.1\r\nHost: moderato\r\nContent-Type: application/json\r\n"
    b"Content-Length: 65536\r\n\r\n"
)
UNBOUNDED = {"header_timeout": "86400", "body_timeout": "86400", "max_connections": "1000000"}


@dataclass
class Run:
    held_at_end: int = 0
    closed_after: list[float] = field(default_factory=list)
    rss_mib: float = 0.0
    reader: Counter[int | str] = field(default_factory=Counter)
    reader_ms: list[float] = field(default_factory=list)


def attack(server: LiveServer, seconds: float, headers: int, bodies: int) -> Run:
    run = Run()
    address = urlsplit(server.url)
    selector = selectors.DefaultSelector()
    opened: dict[socket.socket, tuple[bytes, float]] = {}
    for number in range(headers + bodies):
        sock = socket.create_connection((address.hostname, address.port))
        opening = BODY if number >= headers else HEADERS[:20]
        sock.sendall(opening)
        sock.setblocking(False)
        selector.register(sock, selectors.EVENT_READ)
        opened[sock] = (HEADERS[20:] if number < headers else b"x" * 65536, time.monotonic())
    stop = threading.Event()
    reader = threading.Thread(target=_read, args=(server.url, stop, run))
    reader.start()
    started = time.monotonic()
    next_byte = started
    while (now := time.monotonic()) - started < seconds:
        for key, _ in selector.select(timeout=max(0.0, next_byte - now)):
            ready = key.fileobj
            assert isinstance(ready, socket.socket)
            try:
                closed = not ready.recv(65536)  # a 408 or 503 first, then the end
            except BlockingIOError:
                closed = False
            except OSError:
                closed = True
            if closed:
                run.closed_after.append(time.monotonic() - opened.pop(ready)[1])
                selector.unregister(ready)
                ready.close()
        if time.monotonic() >= next_byte:
            next_byte += 1.0
            for sock, (rest, opened_at) in list(opened.items()):
                try:
                    sock.send(rest[:1])
                    opened[sock] = (rest[1:], opened_at)
                except OSError:
                    pass
    run.held_at_end = len(opened)
    run.rss_mib = _rss_mib(server)
    stop.set()
    reader.join()
    for sock in opened:
        sock.close()
    selector.close()
    return run


def _read(url: str, stop: threading.Event, run: Run) -> None:
    while not stop.is_set():
        asked = time.perf_counter()
        try:
            status: int | str = httpx.get(f"{url}/healthz", timeout=5).status_code
        except httpx.TransportError as exc:
            status = type(exc).__name__
        run.reader[status] += 1
        if status == 200:
            run.reader_ms.append((time.perf_counter() - asked) * 1000)
        time.sleep(0.1)


def _rss_mib(server: LiveServer) -> float:
    for line in Path(f"/proc/{server.process.pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=35)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--headers", type=int, default=400)
    parser.add_argument("--bodies", type=int, default=200)
    args = parser.parse_args()
    settings = {"rate_limits": "off", "log_level": "error"}
    runs: list[tuple[str, Run]] = []
    with tempfile.TemporaryDirectory() as scratch, ExitStack() as servers:
        Path(scratch, "unbounded").mkdir()
        Path(scratch, "bounded").mkdir()
        unbounded = servers.enter_context(
            live_server(Path(scratch, "unbounded"), **UNBOUNDED, **settings)
        )
        bounded = servers.enter_context(live_server(Path(scratch, "bounded"), **settings))
        for _ in range(args.rounds):
            for label, server in (("unbounded", unbounded), ("defaults ", bounded)):
                runs.append((label, attack(server, args.seconds, args.headers, args.bodies)))
    print(f"{args.headers} connections trickling headers and {args.bodies} trickling bodies, "
          f"one byte a second each, for {args.seconds:g} s; a reader asks /healthz every "
          "100 ms")  # fmt: skip
    for label, run in runs:
        closed = sorted(run.closed_after)
        when = (
            f"closed {len(closed)} after {closed[0]:.1f}-{closed[-1]:.1f} s"
            if closed
            else "closed none"
        )
        latency = (
            f"p50 {statistics.median(run.reader_ms):.1f} ms "
            f"p99 {statistics.quantiles(run.reader_ms, n=100)[98]:.1f} ms"
            if len(run.reader_ms) > 1
            else ""
        )
        print(
            f"  {label}  held at the end {run.held_at_end:4d}  {when:<26}  RSS "
            f"{run.rss_mib:5.0f} MiB   reader {dict(run.reader)} {latency}"
        )
    for label in ("unbounded", "defaults "):
        held = [run.held_at_end for name, run in runs if name == label]
        print(f"  {label}  median held at the end: {statistics.median(held):g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
