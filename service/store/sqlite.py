"""The embedded store: SQLite in WAL mode through aiosqlite.

One write connection owned by the group-commit :class:`Writer`, one read-only
connection for everything else. A write is acknowledged only after its transaction
committed with ``synchronous=FULL`` (by default), so a 201 survives a crash of the
process or the machine.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import AsyncIterator, Iterable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import aiosqlite
import msgspec

from service.store.migrations import LATEST, migrate, schema_version
from service.store.records import (
    Article,
    ArticleChanged,
    ArticleClosed,
    BadParent,
    Created,
    CreateOutcome,
    Draft,
    IdempotencyRecord,
    NotFound,
    Replayed,
    Reported,
    ReportOutcome,
    ThreadComment,
    ThreadRows,
    Withdrawn,
    WithdrawOutcome,
    WrongToken,
)
from service.store.writer import CommitObserver, Job, Writer

Synchronous = Literal["FULL", "NORMAL"]
_encode_findings = msgspec.json.Encoder().encode


class SQLiteStore:
    """Comments, articles, reports and idempotency keys in one SQLite file."""

    def __init__(
        self, writer: Writer, reader: aiosqlite.Connection, client_salt: bytes, path: Path
    ) -> None:
        self._writer = writer
        self._reader = reader
        self.client_salt = client_salt
        self.path = path

    # -- reads ------------------------------------------------------------------------

    async def article(self, article_id: str) -> Article | None:
        rows = await self._read("SELECT id, open, mode FROM articles WHERE id = ?", (article_id,))
        return Article(rows[0][0], bool(rows[0][1]), rows[0][2]) if rows else None

    async def replay(self, key_hash: str) -> IdempotencyRecord | None:
        rows = await self._read(
            "SELECT key_hash, request_hash, response FROM idempotency_keys WHERE key_hash = ?",
            (key_hash,),
        )
        return IdempotencyRecord(rows[0][0], rows[0][1], bytes(rows[0][2])) if rows else None

    async def thread_root(self, comment_id: str) -> str | None:
        """The top-level comment of ``comment_id``'s thread (itself if top-level)."""
        rows = await self._read("SELECT parent_id FROM comments WHERE id = ?", (comment_id,))
        return (rows[0][0] or comment_id) if rows else None

    async def thread(
        self, article_id: str, *, newest_first: bool, limit: int, after: str | None, replies: int
    ) -> ThreadRows:
        """A page of published top-level comments (and placeholders for withdrawn ones
        that still have replies), up to ``replies`` replies under each, and the total."""
        order, compare, start = ("DESC", "<", "~") if newest_first else ("ASC", ">", "")
        top = await self._read(
            f"""
            SELECT c.id, c.author, c.body, c.created_at, c.status,
                   (SELECT COUNT(*) FROM comments r
                     WHERE r.parent_id = c.id AND r.status = 'published') AS reply_count
              FROM comments c
             WHERE c.article_id = ? AND c.parent_id IS NULL AND c.id {compare} ?
               AND (c.status = 'published'
                    OR (c.status = 'withdrawn' AND EXISTS (
                        SELECT 1 FROM comments r
                         WHERE r.parent_id = c.id AND r.status = 'published')))
             ORDER BY c.id {order}
             LIMIT ?
            """,
            (article_id, after or start, limit + 1),
        )
        page = [
            ThreadComment(
                id=row[0],
                parent_id=None,
                author="" if row[4] == "withdrawn" else row[1],
                body="" if row[4] == "withdrawn" else row[2],
                created_at=row[3],
                withdrawn=row[4] == "withdrawn",
                reply_count=row[5],
            )
            for row in top[:limit]
        ]
        reply_rows = await self._replies([c.id for c in page if c.reply_count], replies)
        total = await self._read(
            "SELECT COUNT(*) FROM comments WHERE status = 'published' AND article_id = ?",
            (article_id,),
        )
        return ThreadRows(
            top_level=page, replies=reply_rows, total=total[0][0], has_more=len(top) > limit
        )

    async def _replies(self, parent_ids: list[str], limit: int) -> list[ThreadComment]:
        if not parent_ids:
            return []
        rows = await self._read(
            f"""
            SELECT id, parent_id, author, body, created_at FROM (
                SELECT id, parent_id, author, body, created_at,
                       ROW_NUMBER() OVER (PARTITION BY parent_id ORDER BY id) AS position
                  FROM comments
                 WHERE parent_id IN ({_placeholders(parent_ids)}) AND status = 'published'
            ) WHERE position <= ? ORDER BY parent_id, id
            """,
            (*parent_ids, limit),
        )
        return [ThreadComment(*row) for row in rows]

    async def _read(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        return list(await self._reader.execute_fetchall(sql, parameters))

    # -- writes -----------------------------------------------------------------------

    async def create_comment(self, draft: Draft) -> CreateOutcome:
        return await self._writer.run(_CreateComment(draft))

    async def withdraw(self, comment_id: str, token_hash: str, now: str) -> WithdrawOutcome:
        return await self._writer.run(_Withdraw(comment_id, token_hash, now))

    async def report(
        self, comment_id: str, reporter_hash: str, reason: str, threshold: int, now: str
    ) -> ReportOutcome:
        return await self._writer.run(_Report(comment_id, reporter_hash, reason, threshold, now))

    async def check_writable(self, now: str) -> None:
        """A tiny durable write: proves the disk, the lock and the writer all work."""
        await self._writer.run(_Heartbeat(now))

    async def schema_version(self) -> int:
        return await schema_version(self._reader)

    @property
    def writer_alive(self) -> bool:
        return self._writer.alive


@asynccontextmanager
async def open_store(
    path: Path, *, synchronous: Synchronous = "FULL", observe: CommitObserver | None = None
) -> AsyncIterator[SQLiteStore]:
    """Open (creating and migrating as needed) the database at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_connection = await _connect(path, f"PRAGMA synchronous = {synchronous}")
    try:
        await migrate(write_connection)
        salt = await _client_salt(write_connection)
        reader = await _connect(path, "PRAGMA query_only = ON")
    except BaseException:
        await write_connection.close()
        raise
    writer = Writer(write_connection, observe=observe)
    try:
        yield SQLiteStore(writer, reader, salt, path)
    finally:
        await writer.close()
        await reader.close()
        await write_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        await write_connection.close()


async def _connect(path: Path, *pragmas: str) -> aiosqlite.Connection:
    # isolation_level=None: no implicit BEGIN; transactions are explicit (BEGIN IMMEDIATE).
    connection = await aiosqlite.connect(path, isolation_level=None)
    try:
        for pragma in (
            "PRAGMA journal_mode = WAL",
            "PRAGMA foreign_keys = ON",
            "PRAGMA busy_timeout = 5000",
            *pragmas,
        ):
            await connection.execute(pragma)
    except BaseException:
        await connection.close()
        raise
    return connection


async def _client_salt(connection: aiosqlite.Connection) -> bytes:
    """The secret that client addresses are hashed with, made once per database."""
    await connection.execute(
        "INSERT INTO meta (key, value) VALUES ('client_salt', ?) ON CONFLICT (key) DO NOTHING",
        (secrets.token_hex(32),),
    )
    rows = list(
        await connection.execute_fetchall("SELECT value FROM meta WHERE key = 'client_salt'")
    )
    return bytes.fromhex(rows[0][0])


def _placeholders(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


async def _fetch(
    connection: aiosqlite.Connection, sql: str, parameters: Sequence[Any] = ()
) -> list[Any]:
    return list(await connection.execute_fetchall(sql, parameters))


async def _fetch_by_ids(
    connection: aiosqlite.Connection, sql: str, ids: Iterable[str]
) -> dict[str, Any]:
    """``{row[0]: row}`` for ``sql`` whose ``IN ({ids})`` is filled in."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await _fetch(connection, sql.format(ids=_placeholders(wanted)), wanted)
    return {row[0]: row for row in rows}


# -- write jobs ---------------------------------------------------------------------------


@dataclass(slots=True)
class _CreateComment(Job[CreateOutcome]):
    """A submission; a burst of them is checked and inserted with a few statements."""

    draft: Draft
    batchable = True

    @classmethod
    async def apply(
        cls, connection: aiosqlite.Connection, jobs: Sequence[_CreateComment]
    ) -> list[CreateOutcome]:
        drafts = [job.draft for job in jobs]
        articles = await _fetch_by_ids(
            connection,
            "SELECT id, open, mode FROM articles WHERE id IN ({ids})",
            (d.article_id for d in drafts),
        )
        parents = await _fetch_by_ids(
            connection,
            "SELECT id, article_id, status, parent_id FROM comments WHERE id IN ({ids})",
            (d.parent_id for d in drafts if d.parent_id),
        )
        replays = await _fetch_by_ids(
            connection,
            "SELECT key_hash, request_hash, response FROM idempotency_keys"
            " WHERE key_hash IN ({ids})",
            (d.idempotency.key_hash for d in drafts if d.idempotency),
        )
        batch = _SubmissionBatch(articles, parents, replays)
        outcomes = [batch.decide(draft) for draft in drafts]
        await batch.insert(connection)
        return outcomes


class _SubmissionBatch:
    """Decides each draft of a batch against the database and the drafts before it."""

    def __init__(
        self, articles: dict[str, Any], parents: dict[str, Any], replays: dict[str, Any]
    ) -> None:
        self.articles = {
            key: Article(row[0], bool(row[1]), row[2]) for key, row in articles.items()
        }
        self.parents = parents
        self.replays = {
            key: IdempotencyRecord(row[0], row[1], bytes(row[2])) for key, row in replays.items()
        }
        self.new_articles: list[tuple[str, str]] = []
        self.comments: list[Draft] = []

    def decide(self, draft: Draft) -> CreateOutcome:
        key = draft.idempotency
        if key is not None and key.key_hash in self.replays:
            return Replayed(self.replays[key.key_hash])
        # Articles come into being with their first comment, and only with it.
        article = self.articles.get(draft.article_id) or Article(draft.article_id)
        if not article.open:
            return ArticleClosed()
        if article.mode != draft.expected_mode:
            return ArticleChanged(article)
        if draft.parent_id is not None:
            parent = self.parents.get(draft.parent_id)
            if parent is None or parent[2] != "published" or parent[3] is not None:
                return BadParent("parent_id does not name a published top-level comment")
            if parent[1] != draft.article_id:
                return BadParent("parent_id belongs to another article")
        if draft.article_id not in self.articles:
            self.articles[draft.article_id] = article
            self.new_articles.append((draft.article_id, draft.created_at))
        self.comments.append(draft)
        if key is not None:
            self.replays[key.key_hash] = key
        return Created(draft)

    async def insert(self, connection: aiosqlite.Connection) -> None:
        await connection.executemany(
            "INSERT INTO articles (id, created_at, updated_at) VALUES (?, ?, ?)",
            [(article_id, now, now) for article_id, now in self.new_articles],
        )
        await connection.executemany(
            """
            INSERT INTO comments (id, article_id, parent_id, author, body, status, hold_reason,
                                  findings, policy_version, created_at, updated_at, token_hash,
                                  client_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                (
                    *(d.id, d.article_id, d.parent_id, d.author, d.body, d.status),
                    *(d.hold_reason, _encode_findings(d.findings).decode(), d.policy_version),
                    *(d.created_at, d.created_at, d.token_hash, d.client_hash),
                )
                for d in self.comments
            ],
        )
        await connection.executemany(
            """
            INSERT INTO idempotency_keys (key_hash, request_hash, response, created_at)
            VALUES (?, ?, ?, ?)
            """,
            [
                (
                    d.idempotency.key_hash,
                    d.idempotency.request_hash,
                    d.idempotency.response,
                    d.created_at,
                )
                for d in self.comments
                if d.idempotency is not None
            ],
        )


@dataclass(slots=True)
class _Withdraw(Job[WithdrawOutcome]):
    comment_id: str
    token_hash: str
    now: str

    @classmethod
    async def apply(
        cls, connection: aiosqlite.Connection, jobs: Sequence[_Withdraw]
    ) -> list[WithdrawOutcome]:
        [job] = jobs
        rows = await _fetch(
            connection,
            "SELECT article_id, status, token_hash FROM comments WHERE id = ?",
            (job.comment_id,),
        )
        if not rows:
            return [NotFound()]
        article_id, status, token_hash = rows[0]
        if not hmac.compare_digest(token_hash, job.token_hash):
            return [WrongToken()]
        if status != "withdrawn":
            await connection.execute(
                """
                UPDATE comments SET status = 'withdrawn', hold_reason = NULL,
                       version = version + 1, updated_at = ?
                 WHERE id = ?
                """,
                (job.now, job.comment_id),
            )
        return [Withdrawn(article_id, was_visible=status == "published")]


@dataclass(slots=True)
class _Report(Job[ReportOutcome]):
    comment_id: str
    reporter_hash: str
    reason: str
    threshold: int
    now: str

    @classmethod
    async def apply(
        cls, connection: aiosqlite.Connection, jobs: Sequence[_Report]
    ) -> list[ReportOutcome]:
        [job] = jobs
        rows = await _fetch(
            connection, "SELECT article_id, status FROM comments WHERE id = ?", (job.comment_id,)
        )
        if not rows or rows[0][1] != "published":
            return [NotFound()]
        article_id = rows[0][0]
        inserted = await _fetch(
            connection,
            """
            INSERT INTO reports (comment_id, reporter_hash, reason, created_at)
            VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING comment_id
            """,
            (job.comment_id, job.reporter_hash, job.reason, job.now),
        )
        if not inserted:
            return [Reported(article_id, counted=False, hidden=False)]
        [(count,)] = await _fetch(
            connection, "SELECT COUNT(*) FROM reports WHERE comment_id = ?", (job.comment_id,)
        )
        hidden = count >= job.threshold
        if hidden:
            await connection.execute(
                """
                UPDATE comments SET status = 'pending', hold_reason = 'reports',
                       version = version + 1, updated_at = ?
                 WHERE id = ?
                """,
                (job.now, job.comment_id),
            )
        return [Reported(article_id, counted=True, hidden=hidden)]


@dataclass(slots=True)
class _Heartbeat(Job[None]):
    now: str

    @classmethod
    async def apply(
        cls, connection: aiosqlite.Connection, jobs: Sequence[_Heartbeat]
    ) -> list[None]:
        await connection.execute(
            """
            INSERT INTO meta (key, value) VALUES ('heartbeat', ?)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """,
            (jobs[-1].now,),
        )
        return [None] * len(jobs)


__all__ = ["LATEST", "SQLiteStore", "Synchronous", "open_store"]
