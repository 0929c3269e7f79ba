"""The store interface the logic layer depends on.

The embedded implementation is :mod:`service.store.sqlite`; a PostgreSQL one (asyncpg)
would implement the same protocol. Methods speak in records, never in SQL rows.
"""

from __future__ import annotations

from typing import Protocol

from service.store.records import (
    ApiKey,
    Article,
    AuditEntry,
    AuditFilter,
    ClaimOutcome,
    CreateOutcome,
    Draft,
    IdempotencyRecord,
    OwnComment,
    Queue,
    QueueCounts,
    QueueFilter,
    QueueItem,
    ReportOutcome,
    Role,
    ThreadRows,
    Transition,
    TransitionOutcome,
    WithdrawOutcome,
)


class Store(Protocol):
    @property
    def client_salt(self) -> bytes:
        """The secret client addresses are hashed with; stable for the database's life."""
        ...

    async def article(self, article_id: str) -> Article | None: ...

    async def replay(self, key_hash: str) -> IdempotencyRecord | None: ...

    async def own_comment(self, comment_id: str) -> tuple[str, OwnComment] | None:
        """The comment's token hash and what its author may see of it."""
        ...

    async def thread_root(self, comment_id: str) -> str | None: ...

    async def thread(
        self, article_id: str, *, newest_first: bool, limit: int, after: str | None, replies: int
    ) -> ThreadRows: ...

    async def is_thread_cursor(self, article_id: str, comment_id: str) -> bool:
        """Whether ``comment_id`` is a top-level comment of the article (a page's end)."""
        ...

    async def create_comment(self, draft: Draft) -> CreateOutcome:
        """Store a screened submission atomically, or say why not (closed, changed, ...)."""
        ...

    async def withdraw(self, comment_id: str, token_hash: str, now: str) -> WithdrawOutcome: ...

    async def report(
        self, comment_id: str, reporter_hash: str, reason: str, threshold: int, now: str
    ) -> ReportOutcome: ...

    async def check_writable(self, now: str) -> None: ...

    async def schema_version(self) -> int: ...


class ModerationStore(Store, Protocol):
    """What moderation needs besides the readers' side."""

    async def queue(
        self, queue: Queue, where: QueueFilter, limit: int, after: str | None
    ) -> tuple[list[QueueItem], bool]: ...

    async def queue_item(self, comment_id: str) -> QueueItem | None: ...

    async def redacted_original(self, comment_id: str) -> str | None: ...

    async def queue_counts(self, article_id: str | None) -> QueueCounts: ...

    async def audit(
        self, where: AuditFilter, limit: int, before: str | None
    ) -> tuple[list[AuditEntry], bool]: ...

    async def key_for_hash(self, key_hash: str) -> tuple[str, Role] | None: ...

    async def keys(self) -> list[ApiKey]: ...

    async def transition(self, change: Transition) -> TransitionOutcome:
        """Apply ``change`` if the comment is still at ``expected_version``; audit it."""
        ...

    async def claim(
        self, comment_id: str, actor: str, until: str | None, now: str, *, override: bool
    ) -> ClaimOutcome: ...

    async def set_article(
        self, article_id: str, open: bool, mode: str, actor: str, now: str
    ) -> None: ...

    async def expire_blinds(self, now: str) -> list[tuple[str, str]]: ...

    async def create_key(
        self, name: str, role: Role, key_hash: str, actor: str, now: str
    ) -> ApiKey: ...

    async def revoke_key(self, name: str, actor: str, now: str) -> bool: ...
