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


class Events:
    def __init__(self, backlog: int = 1000) -> None:
        self._backlog = backlog
        self._listeners: set[asyncio.Queue[QueueEvent]] = set()

    def publish(self, event: QueueEvent) -> None:
        for listener in self._listeners:
            if listener.full():
                listener.get_nowait()  # drop the oldest; the console can refetch counts
            listener.put_nowait(event)

    @contextmanager
    def listen(self) -> Iterator[asyncio.Queue[QueueEvent]]:
        listener: asyncio.Queue[QueueEvent] = asyncio.Queue(self._backlog)
        self._listeners.add(listener)
        try:
            yield listener
        finally:
            self._listeners.discard(listener)
