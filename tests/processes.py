"""Two server processes on one database, and a client held to each: two replicas
(two ``serve`` processes on one PostgreSQL), or two workers of one ``serve`` on one
port (``MODERATO_WORKERS=2``, on SQLite).

Workers share the port, so which one serves a connection is the kernel's choice; a
client is *held* to a worker by keeping its connection, and which worker holds that
connection is read from ``/proc`` (the worker whose file descriptors include the
socket's inode). So "through the other process" means exactly that on both set-ups.
"""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.databases import is_postgresql
from tests.live_server import LiveServer, live_server

ATTEMPTS_TO_REACH_A_WORKER = 50


@dataclass
class Through:
    """A client whose requests reach one process, and that process's id."""

    client: httpx.Client
    pid: int
    server: LiveServer

    def kill(self) -> None:
        os.kill(self.pid, signal.SIGKILL)


@contextmanager
def two_processes(database: str, directory: Path, **settings: str) -> Iterator[list[Through]]:
    """Replicas on PostgreSQL; workers of one server on SQLite."""
    with ExitStack() as stack:
        if is_postgresql(database):
            servers = [
                stack.enter_context(live_server(_own(directory, n), database=database, **settings))
                for n in range(2)
            ]
            clients = [stack.enter_context(httpx.Client(base_url=s.url)) for s in servers]
            yield [Through(c, s.process.pid, s) for c, s in zip(clients, servers, strict=True)]
        else:
            server = stack.enter_context(
                live_server(directory, database=database, workers="2", **settings)
            )
            yield _one_client_per_worker(stack, server)


def _own(directory: Path, number: int) -> Path:
    path = directory / f"replica-{number}"
    path.mkdir(exist_ok=True)
    return path


def _one_client_per_worker(stack: ExitStack, server: LiveServer) -> list[Through]:
    held: dict[int, Through] = {}
    for _ in range(ATTEMPTS_TO_REACH_A_WORKER):
        client = httpx.Client(base_url=server.url)
        pid = worker_serving(client, server)
        if pid in held:
            client.close()
            continue
        stack.callback(client.close)
        held[pid] = Through(client, pid, server)
        if len(held) == 2:
            return list(held.values())
        time.sleep(0.05)
    raise AssertionError(f"new connections reached only the workers {sorted(held)}")


def worker_serving(client: httpx.Client, server: LiveServer) -> int:
    """The process that holds ``client``'s (kept-alive) connection to ``server``."""
    response = client.get("/healthz")
    client_port = response.extensions["network_stream"].get_extra_info("client_addr")[1]
    server_port = int(server.url.rsplit(":", 1)[1])
    inode = _server_side_inode(server_port, client_port)
    for pid in descendants(server.process.pid):
        try:
            descriptors = os.listdir(f"/proc/{pid}/fd")
        except FileNotFoundError:
            continue
        for descriptor in descriptors:
            try:
                if os.readlink(f"/proc/{pid}/fd/{descriptor}") == f"socket:[{inode}]":
                    return pid
            except FileNotFoundError:
                continue
    raise AssertionError(f"no worker of {server.process.pid} holds the connection")


def _server_side_inode(server_port: int, client_port: int) -> str:
    """The inode of the accepted socket: local port the server's, remote the client's."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as lines:
            next(lines)
            for line in lines:
                fields = line.split()
                local, remote, inode = fields[1], fields[2], fields[9]
                if (int(local.rsplit(":", 1)[1], 16), int(remote.rsplit(":", 1)[1], 16)) == (
                    server_port,
                    client_port,
                ):
                    return inode
    raise AssertionError("the connection is not in /proc/net/tcp")


def descendants(pid: int) -> list[int]:
    found, waiting = [], [pid]
    while waiting:
        parent = waiting.pop()
        try:
            with open(f"/proc/{parent}/task/{parent}/children") as children:
                kids = [int(child) for child in children.read().split()]
        except FileNotFoundError:
            kids = []
        found += kids
        waiting += kids
    return found
