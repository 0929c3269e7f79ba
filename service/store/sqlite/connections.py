"""SQLite connections as the store uses them: one writer (migrating the schema and
reading the client salt as it opens), one read-only reader, and the start-up check."""

from __future__ import annotations

import secrets
import sqlite3
from pathlib import Path
from typing import Literal

import aiosqlite

from service.reasons import reason
from service.store.errors import DatabaseUnusable
from service.store.sqlite.migrations import LATEST, migrate

Synchronous = Literal["FULL", "NORMAL"]

_COMMON_PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 5000",
)


def open_writer(path: Path, synchronous: Synchronous) -> tuple[sqlite3.Connection, bytes]:
    """On the writer thread: connect, migrate, and read (or make) the client salt."""
    # isolation_level=None: no implicit BEGIN; transactions are explicit (BEGIN IMMEDIATE).
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in (*_COMMON_PRAGMAS, f"PRAGMA synchronous = {synchronous}"):
            connection.execute(pragma)
        migrate(connection)
        return connection, _client_salt(connection)
    except BaseException:
        connection.close()
        raise


def close_writer(connection: sqlite3.Connection) -> None:
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


async def open_reader(path: Path) -> aiosqlite.Connection:
    connection = await aiosqlite.connect(path, isolation_level=None)
    try:
        for pragma in (*_COMMON_PRAGMAS, "PRAGMA query_only = ON"):
            await connection.execute(pragma)
    except BaseException:
        await connection.close()
        raise
    return connection


def _client_salt(connection: sqlite3.Connection) -> bytes:
    """The secret that client addresses are hashed with, made once per database."""
    connection.execute(
        "INSERT INTO meta (key, value) VALUES ('client_salt', ?) ON CONFLICT (key) DO NOTHING",
        (secrets.token_hex(32),),
    )
    [(salt,)] = connection.execute("SELECT value FROM meta WHERE key = 'client_salt'")
    return bytes.fromhex(salt)


def check_database(path: Path) -> None:
    """The database can be created or opened, written, and is not from a newer release."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, isolation_level=None, timeout=5)
        try:
            [version] = connection.execute("PRAGMA user_version").fetchone()
            # What the store does first: WAL needs to create files beside the database.
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
        finally:
            connection.close()
    except (OSError, sqlite3.Error) as exc:
        raise DatabaseUnusable(f"cannot use it: {reason(exc)}") from None
    if version > LATEST:
        raise DatabaseUnusable(
            f"schema version {version} is newer than this release understands ({LATEST}); "
            "run the release that wrote it"
        )
