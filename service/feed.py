"""This process's reading of the store's change feed: what keeps its caches honest and
feeds moderators' event streams, whichever process or replica made the change.

Every write records what it changed as events in the store (see the store's
``events``). One follower per process reads them in id order from where it got to,
woken by the store's :class:`~service.store.interface.FeedSignal` (PostgreSQL's
LISTEN/NOTIFY, SQLite's data version), and for each event drops the cached pages and
settings of its article and hands queue events to the open event streams. A cached
read asks :meth:`Feed.current` first, which reads the feed only if the signal says it
moved: a comment posted through another process is never served from a stale page.

Event ids are the streams' ids, so a stream resumes with ``Last-Event-ID`` on any
process. A listener that comes back gets what it missed from the store, or a
:class:`Reset` when that is gone (too many, or purged): it reloads the queues.

On PostgreSQL ids are drawn before commit, so ids of concurrent transactions can
commit out of order: an id the follower has not seen while it sees later ones is a
*hole*. Queue events never leave one before them (see ``service.store.sql.feed``), so
they reach streams in order; other events are applied as they come, and the follower
moves past a hole once it is filled, or after ``HOLE_SECONDS`` (a rolled-back
transaction's id is never filled), dropping every cache then, as after any gap.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from typing import TYPE_CHECKING

import msgspec

from service import metrics
from service.background import in_background
from service.store.records import FeedEvent

if TYPE_CHECKING:
    from service.store import Store

logger = logging.getLogger("moderato.feed")

# Events read per query while catching up.
BATCH = 500
HOLE_SECONDS = 10.0


class QueueEvent(msgspec.Struct, frozen=True):
    """What a moderator's event stream says about a change (the event without its id)."""

    type: str
    comment_id: str | None
    article_id: str
    status: str | None
    action: str | None = None
    version: int | None = None

    @classmethod
    def of(cls, event: FeedEvent) -> QueueEvent:
        return cls(
            event.type,
            event.comment_id,
            event.article_id,
            event.status,
            event.action,
            event.version,
        )


class Delivery(msgspec.Struct, frozen=True):
    """A queue event with its id in the stream."""

    id: int
    event: QueueEvent


class Reset(msgspec.Struct, frozen=True):
    """Events were lost for this listener: what it shows may be out of date."""


# What a listener receives; None once the service is shutting down.
Listener = asyncio.Queue[Delivery | Reset | None]
Changed = Callable[[FeedEvent], None]
Cleared = Callable[[], None]


class Feed:
    def __init__(self, store: Store, backlog: int = 1000) -> None:
        self._store = store
        self._signal = store.feed_signal
        self._backlog = backlog
        # Every event up to `_position` has been applied; `_seen` holds those applied
        # beyond it (only ever more than none while a hole waits to be filled).
        self._position = 0
        self._seen: set[int] = set()
        self._hole_since: float | None = None
        self._gaps = self._signal.gaps
        self._changed: list[Changed] = []
        self._cleared: list[Cleared] = []
        self._listeners: set[Listener] = set()
        self._closed = False
        # Catch-ups run one at a time; a caller is served by one that began after it asked.
        self._lock = asyncio.Lock()
        self._asked = 0
        self._answered = 0

    def subscribe(self, changed: Changed, cleared: Cleared) -> None:
        """Call ``changed`` for every event, ``cleared`` whenever events may be lost."""
        self._changed.append(changed)
        self._cleared.append(cleared)

    @asynccontextmanager
    async def following(self) -> AsyncIterator[None]:
        """Follow the feed, from its newest event now, until the block exits."""
        self._position = (await self._store.feed_bounds()).head
        async with in_background(self._follow(), "moderato-feed"):
            yield

    @property
    def _newest(self) -> int:
        """The id of the newest event this process has applied."""
        return max(self._seen, default=self._position)

    @property
    def last_id(self) -> str:
        return str(self._newest)

    async def current(self) -> None:
        """Apply whatever the feed holds that this process has not (a cached read asks
        first); nearly free when the signal says nothing moved."""
        if self._signal.gaps != self._gaps or await self._signal.moved(self._newest):
            await self.catch_up()

    async def catch_up(self) -> None:
        self._asked += 1
        asked = self._asked
        async with self._lock:
            if self._answered >= asked:
                return  # a catch-up that began after we asked has finished
            began = self._asked
            await self._read_new()
            self._answered = began

    async def _follow(self) -> None:
        while True:
            await self._signal.wait()
            try:
                await self.current()
            except Exception:
                logger.exception("reading the change feed failed; trying again")
                await asyncio.sleep(1)

    async def _read_new(self) -> None:
        if self._signal.gaps != self._gaps:
            # Announcements were lost: what was cached meanwhile may be stale. The events
            # themselves are in the store, and are read below.
            self._gaps = self._signal.gaps
            self._clear("the feed's announcements were interrupted")
        while True:
            events = await self._store.events(self._position, BATCH)
            for event in events:
                if event.id not in self._seen:
                    self._apply(event)
            await self._advance()
            if len(events) < BATCH:
                return

    def _apply(self, event: FeedEvent) -> None:
        self._seen.add(event.id)
        metrics.FEED_EVENTS.inc()
        for changed in self._changed:
            changed(event)
        if event.for_moderators:
            delivery = Delivery(event.id, QueueEvent.of(event))
            for listener in self._listeners:
                _offer(listener, delivery)

    async def _advance(self) -> None:
        """Move the position over applied ids, and past a hole that is gone for good."""
        while self._position + 1 in self._seen:
            self._position += 1
            self._seen.discard(self._position)
        if not self._seen:
            self._hole_since = None
            return
        now = time.monotonic()
        if self._hole_since is None:
            self._hole_since = now
        purged = (await self._store.feed_bounds()).floor > self._position
        if purged or now - self._hole_since > HOLE_SECONDS:
            self._position = min(self._seen) - 1
            self._hole_since = None
            self._clear(f"event {self._position} never arrived")
            await self._advance()

    def _clear(self, why: str) -> None:
        logger.warning("change feed gap (%s): caches cleared, event streams reset", why)
        metrics.FEED_GAPS.inc()
        for cleared in self._cleared:
            cleared()
        for listener in self._listeners:
            _offer(listener, Reset())

    # -- moderators' event streams ----------------------------------------------------------

    @contextmanager
    def listen(self) -> Iterator[Listener]:
        """Queue events from now on (None once the service shuts down)."""
        listener: Listener = asyncio.Queue(self._backlog)
        if self._closed:
            _offer(listener, None)
        self._listeners.add(listener)
        try:
            yield listener
        finally:
            self._listeners.discard(listener)

    async def missed(self, last_event_id: str) -> list[Delivery] | list[Reset]:
        """The queue events after ``last_event_id``, or a reset when they are not kept."""
        seen = int(last_event_id) if last_event_id.isascii() and last_event_id.isdigit() else -1
        bounds = await self._store.feed_bounds()
        if not bounds.floor <= seen <= bounds.head:
            return [Reset()]
        events = await self._store.events(seen, self._backlog + 1, queue_only=True)
        if len(events) > self._backlog:
            return [Reset()]
        return [Delivery(event.id, QueueEvent.of(event)) for event in events]

    def close(self) -> None:
        """End every stream: open streams would otherwise hold up a graceful shutdown."""
        self._closed = True
        for listener in self._listeners:
            _offer(listener, None)


def _offer(listener: Listener, item: Delivery | Reset | None) -> None:
    if listener.full():
        # Whatever it has not read yet is stale: it reloads, then reads on.
        while not listener.empty():
            listener.get_nowait()
        listener.put_nowait(Reset())
    listener.put_nowait(item)
