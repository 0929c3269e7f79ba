"""The outermost layer of every HTTP request: its id, its metrics and its access line.

It wraps Litestar's whole request handler rather than sitting among the route
middleware, because requests that match no route (404, 405) never reach route
middleware, and those are exactly the ones an operator wants to see when something
probes the service. One wrapper does all three jobs so the submission path pays for
one extra call, one clock pair and one ``send`` hop.
"""

from __future__ import annotations

import ipaddress
import itertools
import logging
import os
import re
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from litestar.enums import ScopeType

from service import metrics
from service.logs import request_id
from service.settings import Network

if TYPE_CHECKING:
    from litestar.types import ASGIApp, Message, Receive, Scope, Send

access_log = logging.getLogger("moderato.access")

REQUEST_ID_HEADER = b"x-request-id"
# An incoming id goes into every log line of its request, so a client could write
# anything there (a phone number). A client's id is kept only when it is opaque, of
# the shape this service makes itself (32 hex digits, as a W3C trace id) or a UUID; a
# trusted proxy's when it looks like an id at all.
_OPAQUE_ID = re.compile(rb"[0-9a-fA-F]{32}|[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")
_PROXY_ID = re.compile(rb"[A-Za-z0-9._:-]{8,128}")
# Probes run every few seconds; their lines are only interesting when debugging.
_PROBES = frozenset({"/healthz", "/readyz", "/metrics", "/version"})
UNMATCHED = "unmatched"


class RequestIds:
    """Ids unique across restarts (a random prefix) and cheap to make (a counter):
    32 hex digits, the shape that an incoming id may have too."""

    def __init__(self) -> None:
        self._prefix = os.urandom(8).hex()
        self._counter = itertools.count(1)

    def __call__(self) -> str:
        return f"{self._prefix}{next(self._counter):016x}"


class RequestTelemetry:
    """ASGI wrapper: request id in and out, request metrics, one JSON access line."""

    def __init__(
        self,
        app: ASGIApp,
        client_hash: Callable[[str], str | None],
        *,
        proxies: Sequence[Network],
        access_lines: bool,
    ) -> None:
        self._app = app
        self._client_hash = client_hash
        self._proxies = proxies
        self._new_id = RequestIds()
        # An access line costs a request about 100 us of CPU (most of it writing the
        # line), a third of a thread read: off by default they are DEBUG lines, and
        # the per-route counts and latencies are always on /metrics.
        self._level = logging.INFO if access_lines else logging.DEBUG

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self._app(scope, receive, send)
            return
        # Before the proxy headers are applied: the peer is the proxy, if there is one.
        rid = self._incoming_id(scope) or self._new_id()
        id_header = (REQUEST_ID_HEADER, rid.encode())
        token = request_id.set(rid)
        status = 500  # what the client sees if the application fails before answering
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), id_header]
            await send(message)

        try:
            await self._app(scope, receive, send_with_id)
        finally:
            seconds = time.perf_counter() - started
            route = scope.get("path_template") or UNMATCHED
            method = scope["method"]
            metrics.record_request(method, route, status, seconds)
            level = logging.DEBUG if route in _PROBES else self._level
            if access_log.isEnabledFor(level):
                client = scope.get("client")
                fields = {
                    "method": method,
                    "route": route,
                    "status": status,
                    "duration_ms": round(seconds * 1000, 2),
                    "client": self._client_hash(client[0]) if client else None,
                }
                # makeRecord + handle is Logger.log without its stack walk for the
                # caller's file and line, which an access line does not need.
                access_log.handle(
                    access_log.makeRecord(
                        access_log.name, level, __file__, 0, "request", (), None, extra=fields
                    )
                )
            request_id.reset(token)

    def _incoming_id(self, scope: Scope) -> str | None:
        for name, value in scope["headers"]:
            if name == REQUEST_ID_HEADER:
                if _OPAQUE_ID.fullmatch(value) or (
                    _PROXY_ID.fullmatch(value) and self._from_proxy(scope)
                ):
                    return value.decode()
                return None
        return None

    def _from_proxy(self, scope: Scope) -> bool:
        client = scope.get("client")
        try:
            peer = ipaddress.ip_address(client[0]) if client else None
        except ValueError:
            return False
        return peer is not None and any(peer in network for network in self._proxies)
