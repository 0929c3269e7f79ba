"""PostgreSQL's wake-up for the change feed: LISTEN on one dedicated connection per
process, NOTIFY after each commit that recorded events.

The notification carries only the newest event id (the events are in the table, where
every process reads them); it wakes each process's feed reader, which feeds moderators'
streams. A cached read does not wait for it, since it may arrive after the reader's
next request does: it asks the table for its newest id first (:meth:`moved`).

It is sent *after* the write committed, in a transaction of its own with
``synchronous_commit`` off: a NOTIFY inside the write's transaction would hold
PostgreSQL's one notification lock through that commit's WAL flush, and so make every
write wait for every other's fsync, ending group commit.

When the listening connection is lost it is made again, with back-off; announcements
sent meanwhile were lost, so :attr:`gaps` grows and the feed's reader drops its caches
and reads the table from where it got to.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress
from typing import Any

import asyncpg

logger = logging.getLogger("moderato.store")

CHANNEL = "moderato_feed"
# Between tries to connect again after the listening connection was lost.
RETRY_SECONDS = (0.1, 0.5, 1.0, 2.0, 5.0)

Connect = Callable[[], Awaitable[asyncpg.Connection]]


class FeedListener:
    def __init__(
        self, connect: Connect, pool: asyncpg.Pool, newest_event: Callable[[], Awaitable[int]]
    ) -> None:
        self._connect = connect
        self._pool = pool
        self._newest_event = newest_event
        self._connection: asyncpg.Connection | None = None
        self._wake = asyncio.Event()
        self.gaps = 0
        self.reconnects = 0
        self._reconnecting: asyncio.Task[None] | None = None
        self._closed = False
        # Announcements in flight: a writer waits for one that began after it asked.
        self._sending = asyncio.Lock()
        self._asked = 0
        self._answered = 0
        self._newest = 0

    async def start(self) -> None:
        await self._listen()

    async def close(self) -> None:
        self._closed = True
        if self._reconnecting is not None:
            self._reconnecting.cancel()
            with suppress(asyncio.CancelledError):
                await self._reconnecting
        if self._connection is not None:
            await self._connection.close()

    # -- FeedSignal ---------------------------------------------------------------------------

    async def moved(self, applied: int) -> bool:
        return await self._newest_event() > applied

    async def wait(self) -> None:
        await self._wake.wait()
        self._wake.clear()

    @property
    def live(self) -> bool:
        return self._connection is not None and not self._connection.is_closed()

    # -- announcing this process's commits -------------------------------------------------

    async def announce(self, event_id: int) -> None:
        """Tell every process (this one too) that the feed reached ``event_id``."""
        self._newest = max(self._newest, event_id)
        self._asked += 1
        asked = self._asked
        async with self._sending:
            if self._answered >= asked:
                return  # an announcement that began after we asked carried our id
            began = self._asked
            # The payload is our own integer, so it can be written into the statement;
            # one round trip runs the whole transaction.
            await self._pool.execute(
                "BEGIN; SET LOCAL synchronous_commit TO OFF;"
                f" SELECT pg_notify('{CHANNEL}', '{self._newest:d}'); COMMIT"
            )
            self._answered = began

    # -- the listening connection ---------------------------------------------------------------

    async def _listen(self) -> None:
        connection = await self._connect()
        connection.add_termination_listener(self._lost)
        await connection.add_listener(CHANNEL, self._notified)
        self._connection = connection

    def _notified(self, *_: Any) -> None:
        self._wake.set()

    def _lost(self, _: Any) -> None:
        self._connection = None
        if not self._closed and self._reconnecting is None:
            logger.warning("the change feed's listening connection was lost; reconnecting")
            self._reconnecting = asyncio.get_running_loop().create_task(self._reconnect())

    async def _reconnect(self) -> None:
        attempt = 0
        while not self._closed:
            try:
                await self._listen()
            except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
                delay = RETRY_SECONDS[min(attempt, len(RETRY_SECONDS) - 1)]
                logger.warning("listening again failed (%s); next try in %gs", exc, delay)
                attempt += 1
                await asyncio.sleep(delay)
                continue
            # Announcements sent while nobody listened are lost: readers catch up from
            # the table, and drop what they cached meanwhile.
            self.gaps += 1
            self.reconnects += 1
            self._reconnecting = None
            self._notified()
            logger.info("the change feed's listening connection is back")
            return
