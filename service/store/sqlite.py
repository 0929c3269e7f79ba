"""The embedded store: SQLite in WAL mode.

Reads go through a read-only aiosqlite connection. Writes go through the group-commit
:class:`Writer`, which owns the one write connection on its own thread. A write is
acknowledged only after its transaction committed with ``synchronous=FULL`` (by
default), so a 201 survives a crash of the process or the machine.
"""

from __future__ import annotations

import asyncio
import hmac
import secrets
import sqlite3
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import aiosqlite
import msgspec

from service.store import moderation
from service.store.migrations import LATEST, migrate
from service.store.records import (
    ApiKey,
    Article,
    ArticleChanged,
    ArticleClosed,
    AuditEntry,
    AuditFilter,
    BadParent,
    ClaimOutcome,
    Created,
    CreateOutcome,
    Draft,
    IdempotencyRecord,
    NotFound,
    OwnComment,
    Queue,
    QueueCounts,
    QueueFilter,
    QueueItem,
    Replayed,
    Reported,
    ReportOutcome,
    Role,
    ThreadComment,
    ThreadRows,
    Transition,
    TransitionOutcome,
    Withdrawn,
    WithdrawOutcome,
    WrongToken,
)
from service.store.retention import BATCH as RETENTION_BATCH
from service.store.retention import Purged, PurgeExpired
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

    async def own_comment(self, comment_id: str) -> tuple[str, OwnComment] | None:
        """The comment's token hash and what its author may see of it."""
        rows = await self._read(
            "SELECT token_hash, id, article_id, status, reject_reason, reject_note"
            " FROM comments WHERE id = ?",
            (comment_id,),
        )
        return (rows[0][0], OwnComment(*rows[0][1:])) if rows else None

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

    async def is_thread_cursor(self, article_id: str, comment_id: str) -> bool:
        rows = await self._read(
            "SELECT 1 FROM comments WHERE id = ? AND article_id = ? AND parent_id IS NULL",
            (comment_id, article_id),
        )
        return bool(rows)

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

    # -- moderation ---------------------------------------------------------------------

    async def queue(
        self, queue: Queue, where: QueueFilter, limit: int, after: str | None
    ) -> tuple[list[QueueItem], bool]:
        return await moderation.queue_page(self._reader, queue, where, limit, after)

    async def queue_item(self, comment_id: str) -> QueueItem | None:
        return await moderation.item(self._reader, comment_id)

    async def redacted_original(self, comment_id: str) -> str | None:
        return await moderation.redacted_original(self._reader, comment_id)

    async def queue_counts(self, article_id: str | None) -> QueueCounts:
        return await moderation.counts(self._reader, article_id)

    async def audit(
        self, where: AuditFilter, limit: int, before: str | None
    ) -> tuple[list[AuditEntry], bool]:
        return await moderation.audit_page(self._reader, where, limit, before)

    async def key_for_hash(self, key_hash: str) -> tuple[str, Role] | None:
        return await moderation.key_for_hash(self._reader, key_hash)

    async def keys(self) -> list[ApiKey]:
        return await moderation.all_keys(self._reader)

    async def transition(self, change: Transition) -> TransitionOutcome:
        return await self._writer.run(moderation.ApplyTransition(change))

    async def claim(
        self, comment_id: str, actor: str, until: str | None, now: str, *, override: bool
    ) -> ClaimOutcome:
        return await self._writer.run(
            moderation.ChangeClaim(comment_id, actor, until, now, override)
        )

    async def set_article(
        self, article_id: str, open: bool, mode: str, actor: str, now: str
    ) -> None:
        await self._writer.run(moderation.SetArticle(article_id, open, mode, actor, now))

    async def expire_blinds(self, now: str) -> list[tuple[str, str]]:
        return await self._writer.run(moderation.ExpireBlinds(now))

    async def create_key(
        self, name: str, role: Role, key_hash: str, actor: str, now: str
    ) -> ApiKey:
        return await self._writer.run(moderation.CreateKey(name, role, key_hash, actor, now))

    async def revoke_key(self, name: str, actor: str, now: str) -> bool:
        return await self._writer.run(moderation.RevokeKey(name, actor, now))

    async def purge_expired(self, text_before: str, keys_before: str, now: str) -> Purged:
        """Run retention in batches until nothing is left to purge; totals by kind."""
        totals: Purged = {}
        while True:
            purged = await self._writer.run(PurgeExpired(text_before, keys_before, now))
            for kind, count in purged.items():
                totals[kind] = totals.get(kind, 0) + count
            if max(purged.values()) < RETENTION_BATCH:
                return totals

    async def schema_version(self) -> int:
        rows = await self._read("PRAGMA user_version")
        version: int = rows[0][0]
        return version

    @property
    def writer_alive(self) -> bool:
        return self._writer.alive

    @property
    def write_backlog(self) -> int:
        return self._writer.backlog


@asynccontextmanager
async def open_store(
    path: Path, *, synchronous: Synchronous = "FULL", observe: CommitObserver | None = None
) -> AsyncIterator[SQLiteStore]:
    """Open (creating and migrating as needed) the database at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    loop = asyncio.get_running_loop()
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="moderato-writer")
    try:
        connection, salt = await loop.run_in_executor(executor, _open_writer, path, synchronous)
        try:
            reader = await _open_reader(path)
        except BaseException:
            await loop.run_in_executor(executor, connection.close)
            raise
        writer = Writer(connection, executor, observe=observe)
        try:
            yield SQLiteStore(writer, reader, salt, path)
        finally:
            await writer.close()
            await reader.close()
            await loop.run_in_executor(executor, _close_writer, connection)
    finally:
        executor.shutdown()


_COMMON_PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 5000",
)


def _open_writer(path: Path, synchronous: Synchronous) -> tuple[sqlite3.Connection, bytes]:
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


@contextmanager
def admin_connection(path: Path) -> Iterator[sqlite3.Connection]:
    """A short-lived connection for operator commands run beside a live service.

    The service may be writing: busy_timeout waits for its lock rather than failing,
    and each command keeps its transaction short.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in _COMMON_PRAGMAS:
            connection.execute(pragma)
        migrate(connection)
        yield connection
    finally:
        connection.close()


def _close_writer(connection: sqlite3.Connection) -> None:
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


async def _open_reader(path: Path) -> aiosqlite.Connection:
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


def _placeholders(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def _fetch_by_ids(connection: sqlite3.Connection, sql: str, ids: Iterable[str]) -> dict[str, Any]:
    """``{row[0]: row}`` for ``sql`` whose ``IN ({ids})`` is filled in."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = connection.execute(sql.format(ids=_placeholders(wanted)), wanted).fetchall()
    return {row[0]: row for row in rows}


# -- write jobs (run on the writer thread, inside the batch's transaction) ---------------


@dataclass(slots=True)
class _CreateComment(Job[CreateOutcome]):
    """A submission; a burst of them is checked and inserted with a few statements."""

    draft: Draft

    @classmethod
    def apply(
        cls, connection: sqlite3.Connection, jobs: Sequence[_CreateComment]
    ) -> list[CreateOutcome]:
        drafts = [job.draft for job in jobs]
        articles = _fetch_by_ids(
            connection,
            "SELECT id, open, mode FROM articles WHERE id IN ({ids})",
            (d.article_id for d in drafts),
        )
        parents = _fetch_by_ids(
            connection,
            "SELECT id, article_id, status, parent_id FROM comments WHERE id IN ({ids})",
            (d.parent_id for d in drafts if d.parent_id),
        )
        replays = _fetch_by_ids(
            connection,
            "SELECT key_hash, request_hash, response FROM idempotency_keys"
            " WHERE key_hash IN ({ids})",
            (d.idempotency.key_hash for d in drafts if d.idempotency),
        )
        batch = _SubmissionBatch(articles, parents, replays)
        outcomes = [batch.decide(draft) for draft in drafts]
        batch.insert(connection)
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

    def insert(self, connection: sqlite3.Connection) -> None:
        _insert_rows(
            connection,
            "INSERT INTO articles (id, created_at, updated_at)",
            [(article_id, now, now) for article_id, now in self.new_articles],
        )
        _insert_rows(
            connection,
            """
            INSERT INTO comments (id, article_id, parent_id, author, body, status, hold_reason,
                                  findings, policy_version, created_at, updated_at, token_hash,
                                  client_hash)
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
        _insert_rows(
            connection,
            "INSERT INTO idempotency_keys (key_hash, request_hash, response, created_at)",
            [
                (key.key_hash, key.request_hash, key.response, d.created_at)
                for d in self.comments
                if (key := d.idempotency) is not None
            ],
        )


# Rows per multi-row INSERT: 64 rows of 13 values stay under the 999 bound variables
# of the most conservative SQLite builds.
_ROWS_PER_INSERT = 64


def _insert_rows(connection: sqlite3.Connection, insert: str, rows: list[tuple[Any, ...]]) -> None:
    """``insert`` followed by one ``VALUES`` list for many rows.

    One statement per batch rather than ``executemany``'s one step per row: the
    writer thread gives up the GIL at every step and, with the event loop busy, waits
    to get it back, which made those waits most of a commit's time.
    """
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        chunk = rows[start : start + _ROWS_PER_INSERT]
        row = f"({_placeholders(chunk[0])})"
        connection.execute(
            f"{insert} VALUES {', '.join([row] * len(chunk))}",
            [value for values in chunk for value in values],
        )


@dataclass(slots=True)
class _Withdraw(Job[WithdrawOutcome]):
    comment_id: str
    token_hash: str
    now: str

    def run(self, connection: sqlite3.Connection) -> WithdrawOutcome:
        row = connection.execute(
            "SELECT article_id, status, token_hash FROM comments WHERE id = ?", (self.comment_id,)
        ).fetchone()
        if row is None:
            return NotFound()
        article_id, status, token_hash = row
        if not hmac.compare_digest(token_hash, self.token_hash):
            return WrongToken()
        if status != "withdrawn":
            connection.execute(
                """
                UPDATE comments SET status = 'withdrawn', hold_reason = NULL,
                       version = version + 1, updated_at = ?
                 WHERE id = ?
                """,
                (self.now, self.comment_id),
            )
        return Withdrawn(article_id)


@dataclass(slots=True)
class _Report(Job[ReportOutcome]):
    comment_id: str
    reporter_hash: str
    reason: str
    threshold: int
    now: str

    def run(self, connection: sqlite3.Connection) -> ReportOutcome:
        row = connection.execute(
            "SELECT article_id, status FROM comments WHERE id = ?", (self.comment_id,)
        ).fetchone()
        if row is None or row[1] != "published":
            return NotFound()
        article_id = row[0]
        inserted = connection.execute(
            """
            INSERT INTO reports (comment_id, reporter_hash, reason, created_at)
            VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING comment_id
            """,
            (self.comment_id, self.reporter_hash, self.reason, self.now),
        ).fetchall()
        if not inserted:
            return Reported(article_id, counted=False, hidden=False)
        [(count,)] = connection.execute(
            "SELECT COUNT(*) FROM reports WHERE comment_id = ? AND cleared_at IS NULL",
            (self.comment_id,),
        )
        hidden = count >= self.threshold
        if hidden:
            connection.execute(
                """
                UPDATE comments SET status = 'pending', hold_reason = 'reports',
                       version = version + 1, updated_at = ?
                 WHERE id = ?
                """,
                (self.now, self.comment_id),
            )
        return Reported(article_id, counted=True, hidden=hidden)


@dataclass(slots=True)
class _Heartbeat(Job[None]):
    now: str

    def run(self, connection: sqlite3.Connection) -> None:
        connection.execute(
            """
            INSERT INTO meta (key, value) VALUES ('heartbeat', ?)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """,
            (self.now,),
        )


__all__ = ["LATEST", "SQLiteStore", "Synchronous", "open_store"]
