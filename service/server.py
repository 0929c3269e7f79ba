"""Run the app under uvicorn, the production ASGI server Litestar documents.

Shutdown on SIGTERM happens in two steps. First the service *drains*: ``/readyz``
answers 503 at once while everything else is still served for ``drain_seconds``, so a
load balancer polling readiness stops sending new requests. Then uvicorn's graceful
shutdown: stop accepting, let in-flight requests finish, and run the lifespan's exit,
which flushes the writer and closes the store. Ctrl+C (SIGINT) skips the drain, and a
second signal cuts it short.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import time
from types import FrameType

import uvicorn

from service.app import create_app
from service.logs import configure_logging
from service.preflight import check_database, listen
from service.runtime import Runtime
from service.settings import Settings
from service.slow_clients import with_deadlines

logger = logging.getLogger("moderato.server")


class DrainingServer(uvicorn.Server):
    """uvicorn's server with a drain step before its graceful shutdown."""

    def __init__(self, config: uvicorn.Config, runtime: Runtime, drain_seconds: float) -> None:
        super().__init__(config)
        self._runtime = runtime
        self._drain_seconds = drain_seconds
        self._drain_until: float | None = None

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        # A signal handler: flip flags only; log from the event loop. The signal is not
        # re-raised after shutdown (as uvicorn would), so a clean stop exits with 0.
        self._runtime.begin_shutdown()
        first = self._drain_until is None and not self.should_exit
        if first and sig == signal.SIGTERM and self._drain_seconds > 0:
            self._drain_until = time.monotonic() + self._drain_seconds
            self._announce(f"SIGTERM: draining for {self._drain_seconds:g}s before stopping")
        elif self.should_exit and sig == signal.SIGINT:
            self.force_exit = True
        else:
            self.should_exit = True
            self._announce(f"{signal.Signals(sig).name}: stopping")

    async def on_tick(self, counter: int) -> bool:
        if self._drain_until is not None and time.monotonic() >= self._drain_until:
            self.should_exit = True
        return await super().on_tick(counter)

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        # Moderators' event streams never end by themselves; end them first, so the
        # graceful shutdown only waits for requests that will finish.
        self._runtime.end_streams()
        await super().shutdown(sockets)

    def _announce(self, message: str) -> None:
        # Without a running loop, start-up has not begun serving: nothing to announce.
        with contextlib.suppress(RuntimeError):
            asyncio.get_running_loop().call_soon_threadsafe(logger.info, message)


def serve(settings: Settings) -> int:
    """Check the configuration, then serve until a signal stops the service."""
    check_database(settings.backend(), settings.database)
    sock = listen(settings.host, settings.port, shared=settings.workers > 1)
    configure_logging(settings.log_level)
    host, port = sock.getsockname()[:2]
    logger.info("starting on http://%s:%d", host, port)
    if settings.workers > 1:
        from service.workers import serve_in_workers

        serve_in_workers(settings, sock)
    else:
        draining_server(settings).run(sockets=[sock])
    return 0


def draining_server(settings: Settings) -> DrainingServer:
    """One process's server and the service it runs."""
    app = create_app(settings)
    runtime: Runtime = app.state.runtime
    config = uvicorn.Config(
        app,
        # service.logs owns logging; uvicorn's access log would print client addresses.
        log_config=None,
        access_log=False,
        log_level=settings.log_level,
        # The app reads X-Forwarded-For itself (from MODERATO_TRUSTED_PROXIES only).
        proxy_headers=False,
        timeout_graceful_shutdown=20,
        timeout_keep_alive=75,
        # Slow clients: deadlines for each request's headers and body, and a bound on
        # connections served at once (beyond it, requests get 503 at once).
        http=with_deadlines(settings.header_timeout, settings.body_timeout),
        limit_concurrency=settings.max_connections,
    )
    return DrainingServer(config, runtime, settings.drain_seconds)
