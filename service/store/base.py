"""The store interface the logic layer depends on.

The embedded implementation is :mod:`service.store.sqlite`; a PostgreSQL one (asyncpg)
would implement the same protocol. Methods speak in records, never in SQL rows.
"""

from __future__ import annotations

from typing import Protocol

from service.store.records import (
    Article,
    CreateOutcome,
    Draft,
    IdempotencyRecord,
    ReportOutcome,
    ThreadRows,
    WithdrawOutcome,
)


class Store(Protocol):
    @property
    def client_salt(self) -> bytes:
        """The secret client addresses are hashed with; stable for the database's life."""
        ...

    async def article(self, article_id: str) -> Article | None: ...

    async def replay(self, key_hash: str) -> IdempotencyRecord | None: ...

    async def thread_root(self, comment_id: str) -> str | None: ...

    async def thread(
        self, article_id: str, *, newest_first: bool, limit: int, after: str | None, replies: int
    ) -> ThreadRows: ...

    async def create_comment(self, draft: Draft) -> CreateOutcome:
        """Store a screened submission atomically, or say why not (closed, changed, ...)."""
        ...

    async def withdraw(self, comment_id: str, token_hash: str, now: str) -> WithdrawOutcome: ...

    async def report(
        self, comment_id: str, reporter_hash: str, reason: str, threshold: int, now: str
    ) -> ReportOutcome: ...

    async def check_writable(self, now: str) -> None: ...

    async def schema_version(self) -> int: ...
