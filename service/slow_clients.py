"""Bounds on what a slow client can hold: uvicorn's HTTP protocol with two deadlines.

uvicorn waits for a request's headers, and then for its body, as long as the client
likes: a client that sends one byte every few seconds (or nothing at all after
connecting) holds a connection, its buffers and, once the headers are in, a request
task, without end. Here a connection must deliver each request's headers within
``header_timeout`` seconds of its first byte (of connecting, for the first request),
and then its body within ``body_timeout``; otherwise it gets 408 and is closed. An
idle kept-alive connection is uvicorn's keep-alive timeout's business, as before.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

_PROBLEM = (
    b'{"type":"urn:moderato:problem:request_timeout","title":"Request timeout",'
    b'"status":408,"code":"request_timeout",'
    b'"detail":"the request did not arrive in time; the connection is closed"}'
)
_TIMEOUT_RESPONSE = (
    b"HTTP/1.1 408 Request Timeout\r\n"
    b"content-type: application/problem+json\r\n"
    b"content-length: " + str(len(_PROBLEM)).encode() + b"\r\n"
    b"connection: close\r\n\r\n" + _PROBLEM
)


class DeadlineHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a deadline on each request's headers and body."""

    header_timeout = 10.0
    body_timeout = 30.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deadline: asyncio.TimerHandle | None = None
        self._in_request = False
        self._headers_done = False

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm(self.header_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if not self._in_request and self._deadline is None:
            self._arm(self.header_timeout)  # the first bytes of a new request
        super().data_received(data)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_request, self._headers_done = True, False

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        self._headers_done = True
        self._arm(self.body_timeout)

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._in_request = False
        self._disarm()

    def _arm(self, seconds: float) -> None:
        self._disarm()
        self._deadline = self.loop.call_later(seconds, self._too_slow)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _too_slow(self) -> None:
        self._deadline = None
        if self.transport.is_closing():
            return
        answered = self._headers_done and self.cycle is not None and self.cycle.response_started
        if not answered:
            self.transport.write(_TIMEOUT_RESPONSE)
        self.transport.close()


def with_deadlines(header_timeout: float, body_timeout: float) -> type[DeadlineHttpProtocol]:
    """The protocol class for uvicorn's ``http`` setting, with these deadlines."""
    return type(
        "DeadlineHttpProtocol",
        (DeadlineHttpProtocol,),
        {"header_timeout": header_timeout, "body_timeout": body_timeout},
    )
