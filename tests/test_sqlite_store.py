"""The SQLite store without HTTP: migrations, group commit, atomic batches.

What every store must do is in ``tests/store_contract/``; this is SQLite's own."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager
from pathlib import Path

import pytest

from service.ids import new_id
from service.store import CommitObserver, Overloaded
from service.store.records import ArticleClosed, BadParent, Created, Replayed
from service.store.records import IdempotencyRecord as Key
from service.store.sqlite import SQLiteBackend, SQLiteStore
from service.store.sqlite.comment_jobs import CreateComment as _CreateComment
from service.store.sqlite.migrations import LATEST as SCHEMA_VERSION
from service.store.sqlite.migrations import MIGRATIONS, migrate
from service.store.sqlite.writer import Writer
from tests.store_contract.records import draft


def open_store(
    path: Path, *, observe: CommitObserver | None = None
) -> AbstractAsyncContextManager[SQLiteStore]:
    return SQLiteBackend(path).open(observe=observe)


def schema(path: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(path) as db:
        return sorted(db.execute("SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL"))


@pytest.mark.parametrize("start", range(SCHEMA_VERSION))
async def test_migrations_from_every_earlier_version(tmp_path: Path, start: int) -> None:
    fresh, upgraded = tmp_path / "fresh.db", tmp_path / "upgraded.db"
    with sqlite3.connect(fresh, isolation_level=None) as db:
        migrate(db)
    with sqlite3.connect(upgraded) as db:
        for number in range(start):
            db.executescript(MIGRATIONS[number])
        db.execute(f"PRAGMA user_version = {start}")
    async with open_store(upgraded) as store:
        assert await store.schema_version() == SCHEMA_VERSION
    assert schema(upgraded) == schema(fresh)


async def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(RuntimeError, match="newer than this release"):
        async with open_store(path):
            pass


async def test_a_failed_migration_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE articles (id TEXT)")  # collides with migration 1
    with pytest.raises(sqlite3.OperationalError):
        async with open_store(path):
            pass
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (0,)
        assert [r[0] for r in db.execute("SELECT name FROM sqlite_master")] == ["articles"]


async def test_concurrent_submissions_share_commits(tmp_path: Path) -> None:
    batches: list[int] = []
    async with open_store(tmp_path / "db", observe=lambda size, _: batches.append(size)) as store:
        outcomes = await asyncio.gather(*(store.create_comment(draft()) for _ in range(200)))
    assert all(isinstance(outcome, Created) for outcome in outcomes)
    assert sum(batches) == 200
    assert max(batches) > 1
    with sqlite3.connect(tmp_path / "db") as db:
        assert db.execute("SELECT COUNT(*) FROM comments").fetchone() == (200,)


def test_a_batch_larger_than_one_insert_statement_stores_every_row(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "db", isolation_level=None)
    migrate(connection)
    drafts = [draft(f"a{n % 3}", idempotency=Key(f"{n:064d}", "r" * 64, b"{}")) for n in range(150)]
    outcomes = _CreateComment.apply(connection, [_CreateComment(d) for d in drafts])
    assert all(isinstance(outcome, Created) for outcome in outcomes)
    stored = connection.execute("SELECT id FROM comments ORDER BY id").fetchall()
    assert stored == sorted((d.id,) for d in drafts)
    assert connection.execute("SELECT COUNT(*) FROM articles").fetchone() == (3,)
    assert connection.execute("SELECT COUNT(*) FROM idempotency_keys").fetchone() == (150,)


async def test_the_writer_commits_batch_after_batch_while_the_loop_is_busy(
    tmp_path: Path,
) -> None:
    database = tmp_path / "db"
    connection = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
    migrate(connection)
    with ThreadPoolExecutor(max_workers=1) as executor:
        writer = Writer(connection, executor, max_batch=1)  # two jobs: two commits
        jobs = [asyncio.ensure_future(writer.run(_CreateComment(draft()))) for _ in range(2)]
        # One turn of the loop queues the jobs; the writer gets them at the end of the next.
        for _ in range(2):
            await asyncio.sleep(0)
        # Block the event loop: the writer must go from one commit to the next alone.
        with sqlite3.connect(database) as db:
            for _ in range(100):
                if db.execute("SELECT COUNT(*) FROM comments").fetchone() == (2,):
                    break
                time.sleep(0.02)  # noqa: ASYNC251 - blocking the loop is the point
            else:
                pytest.fail("the second commit waited for the event loop")
        assert all(isinstance(result, Created) for result in await asyncio.gather(*jobs))
        await writer.close()


async def test_one_bad_job_does_not_fail_its_batch(tmp_path: Path) -> None:
    duplicate = draft()
    async with open_store(tmp_path / "db") as store:
        await store.create_comment(duplicate)
        results = await asyncio.gather(
            store.create_comment(draft()),
            store.create_comment(duplicate),  # primary key clash: fails alone
            store.create_comment(draft()),
            return_exceptions=True,
        )
    assert isinstance(results[0], Created)
    assert isinstance(results[1], sqlite3.IntegrityError)
    assert isinstance(results[2], Created)
    with sqlite3.connect(tmp_path / "db") as db:
        assert db.execute("SELECT COUNT(*) FROM comments").fetchone() == (3,)


async def test_a_batch_decides_drafts_in_order(tmp_path: Path) -> None:
    key = Key("k" * 64, "r" * 64, b"{}")
    async with open_store(tmp_path / "db") as store:
        first, second = await asyncio.gather(
            store.create_comment(draft(idempotency=key)),
            store.create_comment(draft(idempotency=key)),
        )
    assert isinstance(first, Created)
    assert isinstance(second, Replayed)


async def test_rules_are_checked_inside_the_transaction(tmp_path: Path) -> None:
    async with open_store(tmp_path / "db") as store:
        parent = draft()
        await store.create_comment(parent)
        other_article = await store.create_comment(draft("a2", parent_id=parent.id))
        assert isinstance(other_article, BadParent)
        with sqlite3.connect(tmp_path / "db") as db:
            db.execute("UPDATE articles SET open = 0")
        assert isinstance(await store.create_comment(draft()), ArticleClosed)


async def test_refused_drafts_create_no_article(tmp_path: Path) -> None:
    async with open_store(tmp_path / "db") as store:
        outcome = await store.create_comment(draft("new", parent_id=new_id()))
    assert isinstance(outcome, BadParent)
    with sqlite3.connect(tmp_path / "db") as db:
        assert db.execute("SELECT COUNT(*) FROM articles").fetchone() == (0,)


async def test_the_database_is_in_wal_mode_with_full_sync(tmp_path: Path) -> None:
    async with open_store(tmp_path / "db"):
        with sqlite3.connect(tmp_path / "db") as db:
            assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)


async def test_the_client_salt_is_stable(tmp_path: Path) -> None:
    async with open_store(tmp_path / "db") as store:
        salt = store.client_salt
    async with open_store(tmp_path / "db") as store:
        assert store.client_salt == salt
    assert len(salt) == 32


async def test_a_full_writer_queue_refuses_more_work(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / "db", isolation_level=None, check_same_thread=False)
    migrate(connection)
    with ThreadPoolExecutor(max_workers=1) as executor:
        writer = Writer(connection, executor, queue_size=2)
        jobs = [asyncio.ensure_future(writer.run(_CreateComment(draft()))) for _ in range(3)]
        results = await asyncio.gather(*jobs, return_exceptions=True)
        await writer.close()
    assert sum(isinstance(r, Created) for r in results) == 2
    assert isinstance(results[2], Overloaded)
