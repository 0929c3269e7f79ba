"""The embedded store: SQLite in WAL mode.

Reads go through a read-only aiosqlite connection. Writes go through the group-commit
:class:`Writer`, which owns the one write connection on its own thread. A write is
acknowledged only after its transaction committed with ``synchronous=FULL`` (by
default), so a 201 survives a crash of the process or the machine.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import aiosqlite

from service.store.records import (
    ApiKey,
    Article,
    AuditEntry,
    AuditFilter,
    ClaimOutcome,
    CreateOutcome,
    Draft,
    ExpiredBlind,
    IdempotencyRecord,
    Mode,
    OwnComment,
    Purged,
    Queue,
    QueueCounts,
    QueueFilter,
    QueueItem,
    ReportOutcome,
    Role,
    Texts,
    ThreadComment,
    ThreadRows,
    Transition,
    TransitionOutcome,
    WithdrawOutcome,
)
from service.store.sqlite import moderation_jobs, moderation_reads
from service.store.sqlite.comment_jobs import (
    CreateComment,
    Heartbeat,
    Report,
    Withdraw,
    placeholders,
)
from service.store.sqlite.migrations import LATEST
from service.store.sqlite.retention import BATCH as RETENTION_BATCH
from service.store.sqlite.retention import PurgeExpired
from service.store.sqlite.writer import Writer


class SQLiteStore:
    """Comments, articles, reports, moderation and keys in one SQLite file."""

    expected_schema_version = LATEST

    def __init__(
        self, writer: Writer, reader: aiosqlite.Connection, client_salt: bytes, path: Path
    ) -> None:
        self._writer = writer
        self._reader = reader
        self.client_salt = client_salt
        self.path = path

    # -- readers' side ------------------------------------------------------------------

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
        rows = await self._read(
            "SELECT token_hash, id, article_id, status, reject_reason, reject_note"
            " FROM comments WHERE id = ?",
            (comment_id,),
        )
        return (rows[0][0], OwnComment(*rows[0][1:])) if rows else None

    async def thread_root(self, comment_id: str) -> str | None:
        rows = await self._read("SELECT parent_id FROM comments WHERE id = ?", (comment_id,))
        return (rows[0][0] or comment_id) if rows else None

    async def thread(
        self, article_id: str, *, newest_first: bool, limit: int, after: str | None, replies: int
    ) -> ThreadRows:
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
                article_id=article_id,
                parent_id=None,
                author="" if row[4] == "withdrawn" else row[1],
                body="" if row[4] == "withdrawn" else row[2],
                created_at=row[3],
                withdrawn=row[4] == "withdrawn",
                reply_count=row[5],
            )
            for row in top[:limit]
        ]
        reply_rows = await self._replies(article_id, [c.id for c in page if c.reply_count], replies)
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

    async def _replies(
        self, article_id: str, parent_ids: list[str], limit: int
    ) -> list[ThreadComment]:
        if not parent_ids:
            return []
        rows = await self._read(
            f"""
            SELECT id, parent_id, author, body, created_at FROM (
                SELECT id, parent_id, author, body, created_at,
                       ROW_NUMBER() OVER (PARTITION BY parent_id ORDER BY id) AS position
                  FROM comments
                 WHERE parent_id IN ({placeholders(parent_ids)}) AND status = 'published'
            ) WHERE position <= ? ORDER BY parent_id, id
            """,
            (*parent_ids, limit),
        )
        return [
            ThreadComment(
                id=row[0],
                article_id=article_id,
                parent_id=row[1],
                author=row[2],
                body=row[3],
                created_at=row[4],
            )
            for row in rows
        ]

    async def create_comment(self, draft: Draft) -> CreateOutcome:
        return await self._writer.run(CreateComment(draft))

    async def withdraw(self, comment_id: str, token_hash: str, now: str) -> WithdrawOutcome:
        return await self._writer.run(Withdraw(comment_id, token_hash, now))

    async def report(
        self, comment_id: str, reporter_hash: str, reason: str, threshold: int, now: str
    ) -> ReportOutcome:
        return await self._writer.run(Report(comment_id, reporter_hash, reason, threshold, now))

    # -- moderation -----------------------------------------------------------------------

    async def queue(
        self, queue: Queue, where: QueueFilter, limit: int, after: str | None
    ) -> tuple[list[QueueItem], bool]:
        return await moderation_reads.queue_page(self._reader, queue, where, limit, after)

    async def queue_item(self, comment_id: str) -> QueueItem | None:
        return await moderation_reads.item(self._reader, comment_id)

    async def redacted_original(self, comment_id: str) -> Texts | None:
        return await moderation_reads.redacted_original(self._reader, comment_id)

    async def queue_counts(self, article_id: str | None) -> QueueCounts:
        return await moderation_reads.counts(self._reader, article_id)

    async def audit(
        self, where: AuditFilter, limit: int, before: str | None
    ) -> tuple[list[AuditEntry], bool]:
        return await moderation_reads.audit_page(self._reader, where, limit, before)

    async def transition(self, change: Transition) -> TransitionOutcome:
        return await self._writer.run(moderation_jobs.ApplyTransition(change))

    async def claim(
        self, comment_id: str, actor: str, until: str | None, now: str, *, override: bool
    ) -> ClaimOutcome:
        return await self._writer.run(
            moderation_jobs.ChangeClaim(comment_id, actor, until, now, override)
        )

    async def set_article(
        self, article_id: str, open: bool, mode: Mode, actor: str, now: str
    ) -> None:
        await self._writer.run(moderation_jobs.SetArticle(article_id, open, mode, actor, now))

    async def expire_blinds(self, now: str) -> list[ExpiredBlind]:
        return await self._writer.run(moderation_jobs.ExpireBlinds(now))

    # -- API keys -------------------------------------------------------------------------

    async def key_for_hash(self, key_hash: str) -> tuple[str, Role] | None:
        return await moderation_reads.key_for_hash(self._reader, key_hash)

    async def keys(self) -> list[ApiKey]:
        return await moderation_reads.all_keys(self._reader)

    async def create_key(
        self, name: str, role: Role, key_hash: str, actor: str, now: str
    ) -> ApiKey:
        return await self._writer.run(moderation_jobs.CreateKey(name, role, key_hash, actor, now))

    async def revoke_key(self, name: str, actor: str, now: str) -> bool:
        return await self._writer.run(moderation_jobs.RevokeKey(name, actor, now))

    # -- retention and health -------------------------------------------------------------

    async def purge_expired(self, text_before: str, keys_before: str, now: str) -> Purged:
        """Retention in batches, each its own short transaction, until none is full."""
        totals: Purged = {}
        while True:
            purged = await self._writer.run(PurgeExpired(text_before, keys_before, now))
            for kind, count in purged.items():
                totals[kind] = totals.get(kind, 0) + count
            if max(purged.values()) < RETENTION_BATCH:
                return totals

    async def check_writable(self, now: str) -> None:
        """A tiny durable write: proves the disk, the lock and the writer all work."""
        await self._writer.run(Heartbeat(now))

    async def schema_version(self) -> int:
        rows = await self._read("PRAGMA user_version")
        version: int = rows[0][0]
        return version

    @property
    def writable(self) -> bool:
        return self._writer.alive

    @property
    def write_backlog(self) -> int:
        return self._writer.backlog

    async def _read(self, sql: str, parameters: Sequence[Any] = ()) -> list[Any]:
        return list(await self._reader.execute_fetchall(sql, parameters))
