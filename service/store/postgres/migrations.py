"""The shared migrations (:mod:`service.store.sql.migrations`) applied to PostgreSQL.

Every replica migrates as it starts; a transaction-scoped advisory lock lets one at a
time in, and it reads the version once it holds the lock, so each migration is applied
once. PostgreSQL's DDL is transactional: all pending migrations and their versions
commit together or not at all.
"""

from __future__ import annotations

import asyncpg
from asyncpg.pool import PoolConnectionProxy

from service.store.sql.dialect import MIGRATION_LOCK, POSTGRESQL
from service.store.sql.migrations import LATEST, MIGRATIONS

# A connection of its own or one lent by a pool.
Connection = asyncpg.Connection | PoolConnectionProxy

VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"


async def schema_version(connection: Connection) -> int:
    exists = await connection.fetchval("SELECT to_regclass('schema_version') IS NOT NULL")
    if not exists:
        return 0
    version: int | None = await connection.fetchval("SELECT max(version) FROM schema_version")
    return version or 0


async def migrate(connection: Connection) -> int:
    async with connection.transaction():
        await connection.execute(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})")
        await connection.execute(VERSION_TABLE)
        version = await schema_version(connection)
        if version > LATEST:
            raise RuntimeError(
                f"the database is at schema version {version}, newer than this release ({LATEST})"
            )
        for number in range(version, LATEST):
            await connection.execute(POSTGRESQL.render(MIGRATIONS[number]))
            await connection.execute("INSERT INTO schema_version VALUES ($1)", number + 1)
    return LATEST
