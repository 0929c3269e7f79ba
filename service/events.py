"""Queue changes, published in process to whoever is listening (the moderators' SSE
stream). A slow listener loses old events rather than slowing the service down.

Every event gets an id, ``<run>-<n>``. A listener that comes back with the last id it
saw (SSE's ``Last-Event-ID``) first gets the events it missed, while they are still
kept; when they are not (too many since, or the id is from another run of the process),
it gets a :class:`Reset` instead, which tells it to load the queues afresh.
"""

from __future__ import annotations

import asyncio
import secrets
from collections import deque
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


class Delivery(msgspec.Struct, frozen=True):
    """An event with its id in the stream."""

    id: str
    event: QueueEvent


class Reset(msgspec.Struct, frozen=True):
    """Events were lost for this listener: what it shows may be out of date."""


# What a listener receives; None once the service is shutting down.
Listener = asyncio.Queue[Delivery | Reset | None]


class Events:
    def __init__(self, backlog: int = 1000) -> None:
        self._backlog = backlog
        self._listeners: set[Listener] = set()
        self._closed = False
        # Ids of an earlier run of the process mean nothing to this one.
        self._run = secrets.token_hex(4)
        self._published = 0
        self._recent: deque[Delivery] = deque(maxlen=backlog)

    @property
    def last_id(self) -> str:
        """The id of the latest event (``<run>-0`` before the first)."""
        return f"{self._run}-{self._published}"

    def publish(self, event: QueueEvent) -> None:
        self._published += 1
        delivery = Delivery(self.last_id, event)
        self._recent.append(delivery)
        for listener in self._listeners:
            _offer(listener, delivery)

    def close(self) -> None:
        """End every stream: open streams would otherwise hold up a graceful shutdown."""
        self._closed = True
        for listener in self._listeners:
            _offer(listener, None)

    @contextmanager
    def listen(self, last_event_id: str | None = None) -> Iterator[Listener]:
        """Events from now on, after those missed since ``last_event_id`` if one is given."""
        listener: Listener = asyncio.Queue(self._backlog)
        if last_event_id is not None:
            for missed in self._since(last_event_id):
                _offer(listener, missed)
        if self._closed:
            _offer(listener, None)
        self._listeners.add(listener)
        try:
            yield listener
        finally:
            self._listeners.discard(listener)

    def _since(self, last_event_id: str) -> list[Delivery] | list[Reset]:
        run, _, number = last_event_id.partition("-")
        seen = int(number) if run == self._run and number.isascii() and number.isdigit() else -1
        oldest_kept = self._published - len(self._recent)
        if not oldest_kept <= seen <= self._published:
            return [Reset()]
        return list(self._recent)[len(self._recent) - (self._published - seen) :]


def _offer(listener: Listener, item: Delivery | Reset | None) -> None:
    if listener.full():
        # Whatever it has not read yet is stale: it reloads, then reads on.
        while not listener.empty():
            listener.get_nowait()
        listener.put_nowait(Reset())
    listener.put_nowait(item)
