"""The PostgreSQL backend: ``MODERATO_DATABASE=postgresql://user@host:port/database``."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from service.reasons import reason
from service.store.errors import BackupError, DatabaseUnusable
from service.store.interface import CommitObserver
from service.store.postgres import migrations
from service.store.postgres.store import PostgresStore
from service.store.records import Backup
from service.store.sql.migrations import LATEST

CONNECT_SECONDS = 5.0
# How long a closing pool lets queries in flight finish.
CLOSE_SECONDS = 10.0


class PostgresBackend:
    def __init__(self, url: str, *, pool_size: int = 10, statement_timeout: float = 5.0) -> None:
        self.url = url
        self._pool_size = pool_size
        milliseconds = str(round(statement_timeout * 1000))
        self._settings = {
            "application_name": "moderato",
            # No statement (and no transaction left open by a stalled process) holds
            # rows or a connection for long.
            "statement_timeout": milliseconds,
            "idle_in_transaction_session_timeout": milliseconds,
        }

    def check(self) -> None:
        asyncio.run(self._check())

    async def _check(self) -> None:
        try:
            connection = await asyncpg.connect(
                self.url, timeout=CONNECT_SECONDS, server_settings=self._settings
            )
        except (OSError, TimeoutError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
            raise DatabaseUnusable(f"cannot connect: {reason(exc)}") from None
        try:
            version = await migrations.schema_version(connection)
        finally:
            await connection.close()
        if version > LATEST:
            raise DatabaseUnusable(
                f"schema version {version} is newer than this release understands ({LATEST}); "
                "run the release that wrote it"
            )

    @asynccontextmanager
    async def open(self, *, observe: CommitObserver | None = None) -> AsyncIterator[PostgresStore]:
        """Connect, migrate (one replica at a time) and listen for the change feed."""
        pool = await asyncpg.create_pool(
            self.url,
            min_size=1,
            max_size=self._pool_size,
            timeout=CONNECT_SECONDS,
            server_settings=self._settings,
            reset=_session_unchanged,
        )
        try:
            async with pool.acquire() as connection:
                await migrations.migrate(connection)
                salt = await _client_salt(connection)
            store = PostgresStore(pool, self._connect_listener, salt, observe=observe)
            await store.listen()
            try:
                yield store
            finally:
                await store.stop_listening()
        finally:
            try:
                await asyncio.wait_for(pool.close(), CLOSE_SECONDS)
            except TimeoutError:
                pool.terminate()

    async def _connect_listener(self) -> asyncpg.Connection:
        # Its own connection, never pooled: LISTEN holds it, and a proxy that pools by
        # transaction (PgBouncer) cannot pass notifications on.
        return await asyncpg.connect(
            self.url,
            timeout=CONNECT_SECONDS,
            server_settings={"application_name": "moderato-listener"},
        )

    def backup(self, target: Path) -> Backup:
        database = _without_password(self.url)
        raise BackupError(
            "the database is PostgreSQL, whose own tools take consistent copies while the "
            f"service writes: pg_dump --format=custom --file={target} '{database}'"
            " (restore with pg_restore), or your provider's snapshots and point-in-time recovery"
        )


async def _session_unchanged(_: asyncpg.Connection) -> None:
    """What a pooled connection needs before its next use, beyond what asyncpg always
    does (end a transaction left open): nothing. The store changes no session state on
    them (only ``SET LOCAL`` and transaction-scoped advisory locks; LISTEN is on a
    connection of its own), so asyncpg's default reset (``RESET ALL``, ``UNLISTEN *``,
    ``CLOSE ALL``, unlocking) would only cost a round trip per use: four of a
    submission's twelve."""


async def _client_salt(connection: migrations.Connection) -> bytes:
    """The secret that client addresses are hashed with, made once per database."""
    await connection.execute(
        "INSERT INTO meta (key, value) VALUES ('client_salt', $1) ON CONFLICT (key) DO NOTHING",
        secrets.token_hex(32),
    )
    salt: str = await connection.fetchval("SELECT value FROM meta WHERE key = 'client_salt'")
    return bytes.fromhex(salt)


def _without_password(url: str) -> str:
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))
