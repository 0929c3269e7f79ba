"""The store interface on SQL, written once: each backend supplies how a statement is
read, how a transaction is run, and how the change feed wakes its readers."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from service.store.interface import FeedSignal
from service.store.records import (
    ApiKey,
    Article,
    AuditEntry,
    AuditFilter,
    ClaimOutcome,
    CreateOutcome,
    Draft,
    ExpiredBlind,
    FeedBounds,
    FeedEvent,
    IdempotencyRecord,
    Mode,
    OverQuota,
    OwnComment,
    Purged,
    Queue,
    QueueCounts,
    QueueFilter,
    QueueItem,
    Quota,
    ReportOutcome,
    Role,
    Texts,
    ThreadRows,
    Transition,
    TransitionOutcome,
    WithdrawOutcome,
)
from service.store.sql import (
    comment_reads,
    comment_writes,
    feed,
    keys,
    moderation_reads,
    moderation_writes,
    quotas,
    retention,
)
from service.store.sql.migrations import LATEST
from service.store.sql.steps import Row, Steps

T = TypeVar("T")
# Makes a transaction's logic afresh each time it is run (a store may run it again).
Transaction = Callable[[], Steps[T]]


class SqlStore(ABC):
    """Comments, articles, reports, moderation, keys, limits and the feed in SQL."""

    expected_schema_version = LATEST

    def __init__(self, client_salt: bytes) -> None:
        self.client_salt = client_salt

    # -- what a backend supplies ------------------------------------------------------------

    @abstractmethod
    async def _read(self, template: str, parameters: Sequence[Any]) -> list[Row]:
        """One statement's rows, outside any write transaction."""

    @abstractmethod
    async def _write(self, transaction: Transaction[T]) -> T:
        """The transaction's outcome, once it is durably committed."""

    @abstractmethod
    async def _create(self, draft: Draft) -> CreateOutcome:
        """:func:`comment_writes.create` for one draft (SQLite batches them)."""

    @property
    @abstractmethod
    def feed_signal(self) -> FeedSignal: ...

    @abstractmethod
    async def schema_version(self) -> int: ...

    # -- readers' side ----------------------------------------------------------------------

    async def article(self, article_id: str) -> Article | None:
        return await comment_reads.article(self._read, article_id)

    async def replay(self, key_hash: str) -> IdempotencyRecord | None:
        return await comment_reads.replay(self._read, key_hash)

    async def own_comment(self, comment_id: str) -> tuple[str, OwnComment] | None:
        return await comment_reads.own_comment(self._read, comment_id)

    async def thread_root(self, comment_id: str) -> str | None:
        return await comment_reads.thread_root(self._read, comment_id)

    async def thread(
        self, article_id: str, *, newest_first: bool, limit: int, after: str | None, replies: int
    ) -> ThreadRows:
        return await comment_reads.thread(
            self._read,
            article_id,
            newest_first=newest_first,
            limit=limit,
            after=after,
            replies=replies,
        )

    async def is_thread_cursor(self, article_id: str, comment_id: str) -> bool:
        return await comment_reads.is_thread_cursor(self._read, article_id, comment_id)

    async def create_comment(self, draft: Draft) -> CreateOutcome:
        return await self._create(draft)

    async def withdraw(self, comment_id: str, token_hash: str, now: str) -> WithdrawOutcome:
        return await self._write(lambda: comment_writes.withdraw(comment_id, token_hash, now))

    async def report(
        self,
        comment_id: str,
        reporter_hash: str,
        reason: str,
        threshold: int,
        now: str,
        limits: Sequence[Quota] = (),
    ) -> ReportOutcome:
        return await self._write(
            lambda: comment_writes.report(comment_id, reporter_hash, reason, threshold, now, limits)
        )

    async def take(self, limits: Sequence[Quota]) -> OverQuota | None:
        return await self._write(lambda: quotas.take(limits))

    # -- moderation ---------------------------------------------------------------------------

    async def queue(
        self, queue: Queue, where: QueueFilter, limit: int, after: str | None
    ) -> tuple[list[QueueItem], bool]:
        return await moderation_reads.queue_page(self._read, queue, where, limit, after)

    async def queue_item(self, comment_id: str) -> QueueItem | None:
        return await moderation_reads.item(self._read, comment_id)

    async def redacted_original(self, comment_id: str) -> Texts | None:
        return await moderation_reads.redacted_original(self._read, comment_id)

    async def queue_counts(self, article_id: str | None) -> QueueCounts:
        return await moderation_reads.counts(self._read, article_id)

    async def audit(
        self, where: AuditFilter, limit: int, before: str | None
    ) -> tuple[list[AuditEntry], bool]:
        return await moderation_reads.audit_page(self._read, where, limit, before)

    async def transition(self, change: Transition) -> TransitionOutcome:
        return await self._write(lambda: moderation_writes.transition(change))

    async def claim(
        self, comment_id: str, actor: str, until: str | None, now: str, *, override: bool
    ) -> ClaimOutcome:
        return await self._write(
            lambda: moderation_writes.change_claim(comment_id, actor, until, now, override)
        )

    async def set_article(
        self, article_id: str, open: bool, mode: Mode, actor: str, now: str
    ) -> None:
        await self._write(lambda: moderation_writes.set_article(article_id, open, mode, actor, now))

    async def expire_blinds(self, now: str) -> list[ExpiredBlind]:
        return await self._write(lambda: moderation_writes.expire_blinds(now))

    # -- API keys -----------------------------------------------------------------------------

    async def key_for_hash(self, key_hash: str) -> tuple[str, Role] | None:
        return await moderation_reads.key_for_hash(self._read, key_hash)

    async def keys(self) -> list[ApiKey]:
        return await moderation_reads.all_keys(self._read)

    async def create_key(
        self, name: str, role: Role, key_hash: str, actor: str, now: str
    ) -> ApiKey:
        return await self._write(lambda: keys.create_key(name, role, key_hash, actor, now))

    async def revoke_key(self, name: str, actor: str, now: str) -> bool:
        return await self._write(lambda: keys.revoke_key(name, actor, now))

    # -- the change feed ----------------------------------------------------------------------

    async def events(self, after: int, limit: int, *, queue_only: bool = False) -> list[FeedEvent]:
        return await feed.events(self._read, after, limit, queue_only=queue_only)

    async def feed_bounds(self) -> FeedBounds:
        return await feed.bounds(self._read)

    # -- retention and health -----------------------------------------------------------------

    async def purge_expired(
        self, text_before: str, keys_before: str, events_before: str, now: str
    ) -> Purged:
        """Retention in batches, each its own short transaction, until none is full."""
        totals: Purged = dict.fromkeys(retention.KINDS, 0)
        while True:
            purged = await self._write(
                lambda: retention.purge_expired(text_before, keys_before, events_before, now)
            )
            for kind, count in purged.items():
                totals[kind] += count
            if max(purged.values()) < retention.BATCH:
                return totals

    async def check_writable(self, now: str) -> None:
        """A tiny durable write: proves the database takes writes."""
        await self._write(lambda: comment_writes.heartbeat(now))
