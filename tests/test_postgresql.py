"""What only the PostgreSQL store does: migrations raced by replicas, the listener that
comes back after a lost connection, chores taken by one replica, statement timeouts,
and backups left to pg_dump. (Everything else it shares with SQLite runs in the store
contract suite and the API tests, on both stores.)"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Callable

import asyncpg
import pytest

from service.feed import Delivery, Feed
from service.store import StoreUnavailable
from service.store.postgres import PostgresBackend, PostgresStore
from service.store.records import DecisionState
from service.store.sql.dialect import CHORE_LOCK
from service.store.sql.migrations import LATEST
from tests.databases import fresh_postgresql_database, postgresql_server, query, writes_blocked
from tests.store_contract.records import NOW, OLD, RECENT, decision, draft, held

# A database server: `pytest -m "not slow"` leaves these out of the inner loop.
pytestmark = pytest.mark.slow


@pytest.fixture
def database() -> str:
    return fresh_postgresql_database()


@pytest.fixture
async def store(database: str) -> AsyncIterator[PostgresStore]:
    async with PostgresBackend(database).open() as opened:
        yield opened


async def test_replicas_starting_together_migrate_once(database: str) -> None:
    empty = f"{database.rsplit('/', 1)[0]}/{await _empty_database(database)}"

    async def start() -> int:
        async with PostgresBackend(empty).open() as opened:
            return await opened.schema_version()

    assert await asyncio.gather(*(start() for _ in range(4))) == [LATEST] * 4
    versions = query(empty, "SELECT version FROM schema_version ORDER BY version")
    assert versions == [(n,) for n in range(1, LATEST + 1)]


async def test_the_listener_comes_back_and_nothing_is_missed(
    database: str, store: PostgresStore
) -> None:
    feed = Feed(store)
    cleared, changed = [], []
    feed.subscribe(lambda event: changed.append(event.article_id), lambda: cleared.append(1))
    async with feed.following():
        signal = store.feed_signal
        assert signal.live and signal.gaps == 0
        query(
            database,
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE application_name = 'moderato-listener' AND datname = current_database()",
        )
        async with PostgresBackend(database).open() as other:
            await other.create_comment(draft("while-away"))  # announced to nobody here
        await _until(lambda: signal.gaps == 1 and signal.live)
        await _until(lambda: "while-away" in changed)
    assert cleared, "what was cached while announcements were lost is dropped"


async def test_each_chore_is_done_by_one_replica(database: str, store: PostgresStore) -> None:
    comment = draft()
    await store.create_comment(comment)
    current = await store.queue_item(comment.id)
    assert current is not None
    await store.transition(
        decision(current, "blind", state=DecisionState(blinded_until=RECENT), now=OLD)
    )
    connection = await asyncpg.connect(database)
    try:
        await connection.execute(f"SELECT pg_advisory_lock({CHORE_LOCK} + 1)")  # busy elsewhere
        assert await store.expire_blinds(NOW) == []
        await connection.execute(f"SELECT pg_advisory_unlock({CHORE_LOCK} + 1)")
    finally:
        await connection.close()
    assert [blind.comment_id for blind in await store.expire_blinds(NOW)] == [comment.id]


async def test_a_statement_that_waits_too_long_is_ended(database: str) -> None:
    async with PostgresBackend(database, statement_timeout=1).open() as store:
        with writes_blocked(database):
            started = time.monotonic()
            with pytest.raises(StoreUnavailable):
                await store.check_writable(NOW)
            assert time.monotonic() - started < 5


async def test_queue_events_of_concurrent_writes_commit_in_id_order(
    database: str, store: PostgresStore
) -> None:
    feed = Feed(store)
    async with feed.following():
        start = feed.last_id
        await asyncio.gather(*(store.create_comment(held()) for _ in range(20)))
        ids = [d.id for d in await feed.missed(start) if isinstance(d, Delivery)]
    assert len(ids) == 20 and ids == sorted(ids)


def test_the_backup_command_names_pg_dump() -> None:
    database = f"{postgresql_server().rsplit('/', 1)[0]}/anything"
    env = {**os.environ, "MODERATO_DATABASE": database}
    refused = subprocess.run(
        [sys.executable, "-m", "service", "backup", "/tmp/never-written.dump"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 1
    assert "pg_dump --format=custom --file=/tmp/never-written.dump" in refused.stderr
    assert not os.path.exists("/tmp/never-written.dump")


async def _empty_database(database: str) -> str:
    name = f"empty_{os.getpid()}_{time.monotonic_ns()}"
    connection = await asyncpg.connect(database)
    try:
        await connection.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    finally:
        await connection.close()
    return name


async def _until(condition: Callable[[], bool]) -> None:
    async with asyncio.timeout(10):
        # What is awaited happens on the server and in the listener: nothing to wait on.
        while not condition():  # noqa: ASYNC110
            await asyncio.sleep(0.05)
