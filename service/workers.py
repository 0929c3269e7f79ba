"""``MODERATO_WORKERS=N``: N server processes on one port, each a whole service.

uvicorn's own supervisor (what ``uvicorn --workers`` runs) does the work: it starts the
processes, pings them, starts a new one when one dies or hangs, passes SIGTERM on (each
drains and stops as one process does) and exits when they all have.

Each process listens on a socket of its own, bound to the port the parent bound (which
never listens), with ``SO_REUSEPORT``: the kernel spreads new connections evenly over
the processes. On one shared socket whichever process woke first accepted a whole
burst of connections, and kept them alive: all 16 of a load generator's at times, while
the other process idled. Each process builds its service from the environment, as
``python -m service serve`` does, with the draining server and slow-client deadlines;
the supervisor is told to start those instead of plain uvicorn servers.

Nothing is shared between the processes but the database: rate limits, idempotency
keys, claims and decision versions are in the store, and each process's caches follow
the store's change feed.
"""

from __future__ import annotations

import os
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from uvicorn.supervisors import multiprocess

from service.logs import configure_logging
from service.settings import Settings


class Worker(multiprocess.Process):
    """One of the supervisor's processes, running the service's own server."""

    def target(self, sockets: list[socket.socket] | None = None) -> None:
        super().target([_beside(sock) for sock in sockets or []])

    @property
    def server(self) -> uvicorn.Server:
        # Built in the worker process (never in the supervisor) on first use.
        if self._server is None:
            from service.server import draining_server

            settings = Settings.from_env()
            configure_logging(settings.log_level)
            self._server = draining_server(settings)
        return self._server


def serve_in_workers(settings: Settings, sock: socket.socket) -> None:
    """Run ``settings.workers`` processes on ``sock`` until a signal stops them."""
    # What the supervisor reads of it: how many processes, and how long a process may
    # take to answer a ping before it is replaced. Each process makes its own.
    config = uvicorn.Config(
        "service.app:create_app",
        factory=True,
        workers=settings.workers,
        log_config=None,
        timeout_worker_healthcheck=10,
    )
    with _starting(Worker), _metrics_shared():
        multiprocess.Multiprocess(config, sockets=[sock]).run()


def _beside(sock: socket.socket) -> socket.socket:
    """A socket of this process's own on ``sock``'s address (bound with SO_REUSEPORT)."""
    own = socket.socket(sock.family, sock.type)
    own.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    own.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    own.bind(sock.getsockname())
    return own


@contextmanager
def _metrics_shared() -> Iterator[None]:
    """A directory where every worker keeps its metrics, so that a scrape of any of
    them reports all (see service.metrics); the operator's own, if they set one."""
    if "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        yield
        return
    with tempfile.TemporaryDirectory(prefix="moderato-metrics-") as directory:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = directory
        try:
            yield
        finally:
            del os.environ["PROMETHEUS_MULTIPROC_DIR"]


@contextmanager
def _starting(kind: type[multiprocess.Process]) -> Iterator[None]:
    """Have the supervisor start ``kind`` of process (it names its class as a global)."""
    original = multiprocess.Process
    multiprocess.Process = kind  # type: ignore[misc]
    try:
        yield
    finally:
        multiprocess.Process = original  # type: ignore[misc]
