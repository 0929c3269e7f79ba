"""Queue changes, published in process to whoever is listening (the moderators' SSE
stream). A slow listener loses old events rather than slowing the service down."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

import msgspec

EventType = Literal["held", "reported", "decided", "blind_expired", "withdrawn"]


class QueueEvent(msgspec.Struct, frozen=True):
    type: EventType
    comment_id: str
    article_id: str
    status: str
    action: str | None = None
    version: int | None = None


# What a listener receives: an event, or None once the service is shutting down.
Listener = asyncio.Queue[QueueEvent | None]


class Events:
    def __init__(self, backlog: int = 1000) -> None:
        self._backlog = backlog
        self._listeners: set[Listener] = set()
        self._closed = False

    def publish(self, event: QueueEvent) -> None:
        for listener in self._listeners:
            _offer(listener, event)

    def close(self) -> None:
        """End every stream: open streams would otherwise hold up a graceful shutdown."""
        self._closed = True
        for listener in self._listeners:
            _offer(listener, None)

    @contextmanager
    def listen(self) -> Iterator[Listener]:
        listener: Listener = asyncio.Queue(self._backlog)
        if self._closed:
            listener.put_nowait(None)
        self._listeners.add(listener)
        try:
            yield listener
        finally:
            self._listeners.discard(listener)


def _offer(listener: Listener, item: QueueEvent | None) -> None:
    if listener.full():
        listener.get_nowait()  # drop the oldest; the console can refetch counts
    listener.put_nowait(item)
