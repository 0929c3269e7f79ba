"""Run the real service in a child process, as `make run` does, for end-to-end tests."""

from __future__ import annotations

import itertools
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx


@dataclass
class LiveServer:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(directory: Path, **settings: str) -> LiveServer:
    """Start ``python -m service serve`` and wait until /readyz answers 200."""
    port = free_port()
    env = {
        **os.environ,
        "MODERATO_PORT": str(port),
        "MODERATO_DATABASE": str(directory / "moderato.db"),
        # Tests stop servers often; the drain step has its own test.
        "MODERATO_DRAIN_SECONDS": "0",
        **{f"MODERATO_{name.upper()}": value for name, value in settings.items()},
    }
    log = directory / f"server-{port}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "service", "serve"], env=env, stdout=output, stderr=output
        )
    server = LiveServer(f"http://127.0.0.1:{port}", process, log)
    wait_ready(server)
    return server


def wait_ready(server: LiveServer, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{server.log.read_text()}")
        try:
            if httpx.get(f"{server.url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"server not ready after {timeout}s:\n{server.log.read_text()}")


def stop_server(server: LiveServer) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


@contextmanager
def live_server(directory: Path, **settings: str) -> Iterator[LiveServer]:
    server = start_server(directory, **settings)
    try:
        yield server
    finally:
        stop_server(server)


class SubmissionBurst:
    """Readers posting to ``article`` as fast as they can, each on their own thread,
    keeping the id of every comment that got a 201; each stops when its server does.
    Given several servers, the readers take turns between them."""

    def __init__(
        self, server: LiveServer | list[LiveServer], article: str, readers: int = 8
    ) -> None:
        servers = server if isinstance(server, list) else [server]
        self.acknowledged: list[str] = []
        self._urls = [f"{each.url}/v1/articles/{article}/comments" for each in servers]
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._post, args=(n,), daemon=True) for n in range(readers)
        ]

    def __enter__(self) -> SubmissionBurst:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join()

    def wait_for(self, count: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.acknowledged) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(self.acknowledged) >= count, f"only {len(self.acknowledged)} in {timeout}s"

    def _post(self, reader: int) -> None:
        url = self._urls[reader % len(self._urls)]
        with httpx.Client(timeout=30) as client:
            for n in itertools.count():
                if self._stop.is_set():
                    return
                try:
                    response = client.post(
                        url, json={"author": f"독자{reader}", "body": f"댓글 {reader}-{n}"}
                    )
                except httpx.TransportError:
                    return  # the server stopped
                if response.status_code == 201:
                    self.acknowledged.append(response.json()["id"])
