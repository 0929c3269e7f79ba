"""Slow clients against the real server: headers and bodies have deadlines, and
connections beyond the limit are refused at once rather than queued."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from tests.live_server import LiveServer, live_server

# Real server processes: `pytest -m "not slow"` leaves them out of the inner loop.
pytestmark = pytest.mark.slow


@contextmanager
def connection(server: LiveServer) -> Iterator[socket.socket]:
    address = urlsplit(server.url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        yield sock


def answer(sock: socket.socket) -> tuple[bytes, float]:
    """Everything the server sends until it closes the connection, and how long that took."""
    started, received = time.monotonic(), b""
    while chunk := sock.recv(4096):
        received += chunk
    return received, time.monotonic() - started


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    directory: Path = tmp_path_factory.mktemp("slow")
    with live_server(directory, header_timeout="1", body_timeout="1", max_connections="8") as live:
        yield live


def test_a_connection_that_sends_nothing_is_closed(server: LiveServer) -> None:
    with connection(server) as sock:
        received, waited = answer(sock)
    assert received.startswith(b"HTTP/1.1 408 ")
    assert b'"code":"request_timeout"' in received
    assert waited < 5


def test_headers_sent_slowly_are_cut_off(server: LiveServer) -> None:
    with connection(server) as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        time.sleep(0.5)
        sock.sendall(b"X-Slow: 1\r\n")  # still trickling in: the deadline holds
        received, _ = answer(sock)
    assert received.startswith(b"HTTP/1.1 408 ")


def test_a_body_sent_slowly_is_cut_off(server: LiveServer) -> None:
    with connection(server) as sock:
        sock.sendall(
            b"POST /v1/scan HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b'Content-Length: 100\r\n\r\n{"text": "'
        )
        received, waited = answer(sock)
    assert received.startswith(b"HTTP/1.1 408 ")
    assert waited < 5


def test_a_kept_alive_connection_outlives_the_header_deadline(server: LiveServer) -> None:
    with httpx.Client(base_url=server.url) as client:
        assert client.get("/healthz").status_code == 200
        time.sleep(1.5)  # idle between requests: the keep-alive timeout's business
        assert client.get("/healthz").status_code == 200


def test_connections_beyond_the_limit_are_refused_at_once(server: LiveServer) -> None:
    with ExitStack() as stack:
        for _ in range(8):
            stack.enter_context(connection(server))
        time.sleep(0.2)
        refused = httpx.get(f"{server.url}/healthz", timeout=5)
        assert refused.status_code == 503
    time.sleep(0.2)
    assert httpx.get(f"{server.url}/healthz", timeout=5).status_code == 200
