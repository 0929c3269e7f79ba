"""Where a submission's CPU goes: the ASGI app driven in-process, layer by layer.

No HTTP server and no load generator: 16 concurrent clients call the ASGI app
directly, so the figures are the application's own CPU per request on the event
loop's thread (and in the whole process, writer thread included). Each layer runs
in its own process, best of three rounds:

- ``bare``: the bare Litestar app of ``bench/bare_app.py`` (the comments bench's ceiling);
- ``route``: the service with ``Comments.submit`` answering a fixed comment, i.e.
  the framework, middleware and telemetry around the real route;
- ``logic``: the service with only the store replaced: validation, screening of both
  fields, ids, token and client hash;
- ``full``: the service as it runs, durable writes included.

    .venv/bin/python bench/submission_cost.py [--requests 20000]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ("bare", "route", "logic", "full")
CLIENTS = 16
PATH = "/v1/articles/bench-article/comments"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--layer", choices=LAYERS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.layer:
        asyncio.run(_measure(args.layer, args.requests))
        return 0
    print(f"CPU per submission, best of 3 rounds of {args.requests} ({CLIENTS} clients)")
    print(f"  {'layer':6s} {'loop thread':>12s} {'process':>9s}")
    for layer in LAYERS:
        command = [sys.executable, __file__, "--layer", layer, "--requests", str(args.requests)]
        output = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
        loop_us, process_us = output.stdout.split()
        print(f"  {layer:6s} {float(loop_us):9.0f} us {float(process_us):6.0f} us")
    return 0


async def _measure(layer: str, requests: int) -> None:
    app = _app(layer)
    async with _lifespan(app):
        bodies = (_body(n) for n in itertools.count())
        best: tuple[float, float] | None = None
        for _ in range(3):
            loop_started, process_started = time.thread_time(), time.process_time()
            await asyncio.gather(
                *(_client(app, bodies, requests // CLIENTS) for _ in range(CLIENTS))
            )
            loop_cpu = time.thread_time() - loop_started
            process_cpu = time.process_time() - process_started
            if best is None or loop_cpu < best[0]:
                best = (loop_cpu, process_cpu)
    assert best is not None
    print(1e6 * best[0] / requests, 1e6 * best[1] / requests)


def _app(layer: str) -> Any:
    sys.path.insert(0, str(ROOT))
    if layer == "bare":
        from bench.bare_app import create_app as create_bare

        return create_bare()
    os.environ.update(
        MODERATO_DATABASE=str(Path(tempfile.mkdtemp()) / "moderato.db"),
        MODERATO_RATE_LIMITS="off",  # every request comes from one client
    )
    from service.app import create_app
    from service.comments import Comments, Submitted

    answer = Submitted(
        id="0" * 32, article_id="bench-article", parent_id=None, author="독자", body="본문",
        status="published", findings=(), token="t" * 32, created_at="2026-01-01T00:00:00.000Z",
    )  # fmt: skip

    async def fixed(*_: object, **__: object) -> Submitted:
        return answer

    if layer == "route":
        Comments.submit = fixed  # type: ignore[method-assign]
    elif layer == "logic":
        Comments._store_draft = fixed  # type: ignore[method-assign]
    return create_app()


class _lifespan:
    def __init__(self, app: Any) -> None:
        self._app = app
        self._to_app: asyncio.Queue[dict[str, str]] = asyncio.Queue()
        self._from_app: asyncio.Queue[dict[str, str]] = asyncio.Queue()

    async def __aenter__(self) -> None:
        scope = {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}}
        self._task = asyncio.create_task(self._app(scope, self._to_app.get, self._from_app.put))
        await self._exchange("lifespan.startup")

    async def __aexit__(self, *_: object) -> None:
        await self._exchange("lifespan.shutdown")
        await self._task

    async def _exchange(self, message: str) -> None:
        await self._to_app.put({"type": message})
        answer = await self._from_app.get()
        assert answer["type"] == f"{message}.complete", answer


async def _client(app: Any, bodies: Iterator[bytes], count: int) -> None:
    for _ in range(count):
        status = await _post(app, next(bodies))
        assert status == 201, status


async def _post(app: Any, body: bytes) -> int:
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
        "scheme": "http", "path": PATH, "raw_path": PATH.encode(), "query_string": b"",
        "root_path": "", "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000),
        "headers": [
            (b"host", b"bench"), (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
        ],
        "state": {},
    }  # fmt: skip
    delivered = False
    statuses: list[int] = []

    async def receive() -> dict[str, Any]:
        nonlocal delivered
        if delivered:  # the client stays connected until the response is sent
            await asyncio.Event().wait()
        delivered = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    await app(scope, receive, send)
    return statuses[0]


def _body(n: int) -> bytes:
    text = f"AI 인프라 기사 잘 읽었습니다. 380억 달러라니 {n}번째 생각"
    return f'{{"author":"독자{n % 97}","body":"{text}"}}'.encode()


if __name__ == "__main__":
    sys.exit(main())
