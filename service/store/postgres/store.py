"""The PostgreSQL store: the shared SQL (:mod:`service.store.sql`) on an asyncpg pool.

Each write is one transaction on a pooled connection, with prepared statements
(asyncpg's cache) and ``synchronous_commit`` on: PostgreSQL flushes the WAL of
concurrent commits together, so the application needs no group commit of its own.
Rows a transaction decides on are locked for it (``FOR UPDATE``/``FOR SHARE``), and a
transaction that lost a race to a concurrent one (the same article or idempotency key
inserted first, a serialization failure, a deadlock) is run again from the start.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any, TypeVar, cast

import asyncpg

from service.store.errors import Overloaded, StoreUnavailable
from service.store.interface import CommitObserver
from service.store.postgres import migrations
from service.store.postgres.listener import Connect, FeedListener
from service.store.records import CreateOutcome, Draft, PoolStats
from service.store.sql.comment_writes import create
from service.store.sql.dialect import POSTGRESQL
from service.store.sql.feed import FEED_MOVED
from service.store.sql.steps import Query, Row, UniqueViolation, run_async
from service.store.sql.store import SqlStore, Transaction

T = TypeVar("T")
ATTEMPTS = 3
# Seconds a request waits for a pooled connection before it is told to come back.
ACQUIRE_TIMEOUT = 5.0
# Lost a race to another transaction: run it again.
_RETRY = (
    UniqueViolation,
    asyncpg.SerializationError,
    asyncpg.DeadlockDetectedError,
)
# The database cannot serve now (down, restarting, read-only, full, too slow).
_UNAVAILABLE = (
    OSError,
    asyncpg.PostgresConnectionError,
    asyncpg.ConnectionDoesNotExistError,
    asyncpg.CannotConnectNowError,
    asyncpg.ReadOnlySQLTransactionError,
    asyncpg.InsufficientResourcesError,
    asyncpg.QueryCanceledError,
    asyncpg.AdminShutdownError,
)


class PostgresStore(SqlStore):
    def __init__(
        self,
        pool: asyncpg.Pool,
        connect_listener: Connect,
        client_salt: bytes,
        *,
        observe: CommitObserver | None = None,
    ) -> None:
        super().__init__(client_salt)
        self._pool = pool
        self._listener = FeedListener(connect_listener, pool, self._newest_event)
        self._observe = observe
        self._writing = 0

    async def listen(self) -> None:
        """Start listening for the change feed (before serving)."""
        await self._listener.start()

    async def stop_listening(self) -> None:
        await self._listener.close()

    async def _newest_event(self) -> int:
        [(newest,)] = await self._read("SELECT MAX(id) FROM events", ())
        return newest or 0

    async def _read(self, template: str, parameters: Sequence[Any]) -> list[Row]:
        try:
            async with self._pool.acquire(timeout=ACQUIRE_TIMEOUT) as connection:
                rows = await connection.fetch(POSTGRESQL.render(template), *parameters)
                return cast("list[Row]", rows)
        except TimeoutError:
            raise Overloaded("no database connection came free in time") from None
        except _UNAVAILABLE as exc:
            raise StoreUnavailable(f"the database cannot be read: {exc}") from exc

    async def _write(self, transaction: Transaction[T]) -> T:
        self._writing += 1
        try:
            for attempt in range(1, ATTEMPTS + 1):
                try:
                    return await self._transact(transaction)
                except _RETRY:
                    if attempt == ATTEMPTS:
                        raise
            raise AssertionError("unreachable")
        except TimeoutError:
            raise Overloaded("no database connection came free in time") from None
        except _UNAVAILABLE as exc:
            raise StoreUnavailable(f"the database cannot be written: {exc}") from exc
        finally:
            self._writing -= 1

    async def _transact(self, transaction: Transaction[T]) -> T:
        moved_to = 0

        async def execute(query: Query) -> list[Row]:
            nonlocal moved_to
            if query.sql == FEED_MOVED:
                moved_to = query.parameters[0]
                return []
            sql = POSTGRESQL.render(query.sql)
            if not sql:
                return []
            try:
                rows = await connection.fetch(sql, *query.parameters)
            except asyncpg.UniqueViolationError as exc:
                raise UniqueViolation(str(exc)) from exc
            return cast("list[Row]", rows)  # records are sequences

        async with self._pool.acquire(timeout=ACQUIRE_TIMEOUT) as connection:
            started = time.perf_counter()
            async with connection.transaction():
                outcome = await run_async(execute, transaction())
            if self._observe is not None:
                self._observe(1, time.perf_counter() - started)
        if moved_to:
            await self._listener.announce(moved_to)
        return outcome

    async def _create(self, draft: Draft) -> CreateOutcome:
        [outcome] = await self._write(lambda: create([draft]))
        return outcome

    @property
    def feed_signal(self) -> FeedListener:
        return self._listener

    async def schema_version(self) -> int:
        async with self._pool.acquire(timeout=ACQUIRE_TIMEOUT) as connection:
            return await migrations.schema_version(connection)

    @property
    def writable(self) -> bool:
        return not self._pool.is_closing()

    @property
    def write_backlog(self) -> int:
        return self._writing

    @property
    def pool(self) -> PoolStats:
        return PoolStats(size=self._pool.get_size(), idle=self._pool.get_idle_size())
