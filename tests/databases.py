"""The databases tests run on: a SQLite file, or a fresh database on the PostgreSQL
server that ``.ci/postgres start`` runs (it exports ``POSTGRESQL_TEST_URL``).

Without that variable the PostgreSQL leg of every test is skipped, saying how to run
it; under ``CI=true`` it fails instead. Each test gets its own database, copied from a
migrated template made once per run (``CREATE DATABASE … TEMPLATE`` takes tens of
milliseconds); none is dropped (that forces a checkpoint): the cluster is thrown away.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing, contextmanager
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from service.ids import new_id
from service.store.backends import POSTGRESQL_SCHEMES
from service.store.postgres import PostgresBackend
from service.store.sql.dialect import POSTGRESQL

T = TypeVar("T")
SERVER_VARIABLE = "POSTGRESQL_TEST_URL"
TEMPLATE = "moderato_template"
_template_made = False


def postgresql_server() -> str:
    """The test server's URL, or skip (fail under CI) the test that needs one."""
    url = os.environ.get(SERVER_VARIABLE)
    if url:
        return url
    message = (
        f'no PostgreSQL server for the tests: run `eval "$(.ci/postgres start)"` first '
        f"(it sets {SERVER_VARIABLE}; `.ci/postgres stop` ends it)"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


def fresh_postgresql_database() -> str:
    """The URL of a new, migrated, empty database on the test server."""
    global _template_made
    server = postgresql_server()
    if not _template_made:
        _blocking(_make_template(server))
        _template_made = True
    name = f"test_{new_id()}"
    _blocking(_execute(server, f'CREATE DATABASE "{name}" TEMPLATE {TEMPLATE}'))
    return _on_database(server, name)


def is_postgresql(database: str) -> bool:
    return database.startswith(POSTGRESQL_SCHEMES)


def query(database: str, sql: str, *parameters: Any) -> list[tuple[Any, ...]]:
    """Run one statement (``?`` placeholders) directly on ``database``; its rows."""
    if is_postgresql(database):
        rows: list[tuple[Any, ...]] = _blocking(
            _fetch(database, POSTGRESQL.render(sql), parameters)
        )
        return rows
    with closing(sqlite3.connect(database, isolation_level=None)) as db:
        return db.execute(sql, parameters).fetchall()


def set_schema_version(database: str, version: int) -> None:
    """Make the database claim ``version`` of the schema, as another release would."""
    if is_postgresql(database):
        query(database, "DELETE FROM schema_version")
        query(database, "INSERT INTO schema_version VALUES (?)", version)
    else:
        query(database, f"PRAGMA user_version = {version:d}")


@contextmanager
def writes_blocked(database: str) -> Iterator[None]:
    """Another process holds what every write needs, until the block ends."""
    if not is_postgresql(database):
        with closing(sqlite3.connect(database, isolation_level=None)) as blocker:
            blocker.execute("BEGIN EXCLUSIVE")
            try:
                yield
            finally:
                blocker.execute("ROLLBACK")
        return
    locked, release = threading.Event(), threading.Event()

    async def hold() -> None:
        connection = await asyncpg.connect(database)
        try:
            async with connection.transaction():
                await connection.execute("LOCK TABLE meta IN ACCESS EXCLUSIVE MODE")
                locked.set()
                await asyncio.to_thread(release.wait)
        finally:
            await connection.close()

    holder = threading.Thread(target=asyncio.run, args=(hold(),))
    holder.start()
    try:
        assert locked.wait(10), "the lock was not taken"
        yield
    finally:
        release.set()
        holder.join()


async def _make_template(server: str) -> None:
    await _execute(server, f"DROP DATABASE IF EXISTS {TEMPLATE}")
    await _execute(server, f"CREATE DATABASE {TEMPLATE}")
    # Opening the store migrates it; the template must have no connection left after.
    async with PostgresBackend(_on_database(server, TEMPLATE)).open():
        pass


async def _execute(url: str, sql: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def _fetch(url: str, sql: str, parameters: Sequence[Any]) -> list[tuple[Any, ...]]:
    connection = await asyncpg.connect(url)
    try:
        return [tuple(row) for row in await connection.fetch(sql, *parameters)]
    finally:
        await connection.close()


def _on_database(server: str, name: str) -> str:
    return urlunsplit(urlsplit(server)._replace(path=f"/{name}"))


def _blocking(work: Any) -> Any:
    """Run a coroutine to its end on a thread of its own (tests may be inside a loop)."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, work).result()
