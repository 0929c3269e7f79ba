"""The store interface the domain depends on, and the backend that opens a store.

Implementations: :mod:`service.store.sqlite` (embedded); :mod:`service.store.backends`
chooses one from ``MODERATO_DATABASE``. Every implementation must pass the contract
suite in ``tests/store_contract/``. Methods speak in records, never in SQL rows, and
take the current time as ``now`` (RFC 3339), so that the domain (and the contract
suite) decides what time it is.

Errors: writes may raise :class:`~service.store.errors.Overloaded` (too many waiting)
and :class:`~service.store.errors.StoreUnavailable` (the database takes no writes now);
everything else an outcome record says.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path
from typing import Protocol

from service.store.records import (
    ApiKey,
    Article,
    AuditEntry,
    AuditFilter,
    Backup,
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
    ThreadRows,
    Transition,
    TransitionOutcome,
    WithdrawOutcome,
)

# Called after each committed batch of writes with its size and its seconds.
CommitObserver = Callable[[int, float], None]


class Store(Protocol):
    @property
    def client_salt(self) -> bytes:
        """The secret client addresses are hashed with; stable for the database's life."""
        ...

    # -- readers' side ----------------------------------------------------------------

    async def article(self, article_id: str) -> Article | None:
        """The article's settings; None until its first comment or settings change."""
        ...

    async def replay(self, key_hash: str) -> IdempotencyRecord | None: ...

    async def own_comment(self, comment_id: str) -> tuple[str, OwnComment] | None:
        """The comment's token hash and what its author may see of it."""
        ...

    async def thread_root(self, comment_id: str) -> str | None:
        """The top-level comment of ``comment_id``'s thread (itself if top-level)."""
        ...

    async def thread(
        self, article_id: str, *, newest_first: bool, limit: int, after: str | None, replies: int
    ) -> ThreadRows:
        """A page of published top-level comments (and empty placeholders for withdrawn
        ones that still have published replies), ordered by id; up to ``replies``
        published replies under each, oldest first; the article's published total."""
        ...

    async def is_thread_cursor(self, article_id: str, comment_id: str) -> bool:
        """Whether ``comment_id`` is a top-level comment of the article (a page's end)."""
        ...

    async def create_comment(self, draft: Draft) -> CreateOutcome:
        """Store a screened submission atomically, or say why not: the idempotency key
        was used (Replayed), the article is closed, its mode is no longer the draft's
        ``expected_mode``, or the parent is not a published top-level comment of the
        same article. Articles come into being with their first stored comment."""
        ...

    async def withdraw(self, comment_id: str, token_hash: str, now: str) -> WithdrawOutcome:
        """Withdraw the comment if ``token_hash`` is its token's (again: no change)."""
        ...

    async def report(
        self, comment_id: str, reporter_hash: str, reason: str, threshold: int, now: str
    ) -> ReportOutcome:
        """One report per reporter counts; at ``threshold`` open reports a published
        comment goes to ``pending`` (hold reason ``reports``)."""
        ...

    # -- moderation ---------------------------------------------------------------------

    async def queue(
        self, queue: Queue, where: QueueFilter, limit: int, after: str | None
    ) -> tuple[list[QueueItem], bool]:
        """Oldest first (by id); the items and whether there are more."""
        ...

    async def queue_item(self, comment_id: str) -> QueueItem | None: ...

    async def redacted_original(self, comment_id: str) -> Texts | None:
        """The texts a redaction replaced, while they are kept for its undo."""
        ...

    async def queue_counts(self, article_id: str | None) -> QueueCounts: ...

    async def audit(
        self, where: AuditFilter, limit: int, before: str | None
    ) -> tuple[list[AuditEntry], bool]:
        """Newest first (by id); the entries and whether there are more."""
        ...

    async def transition(self, change: Transition) -> TransitionOutcome:
        """Apply ``change`` if the comment is still at ``expected_version`` and nobody
        else holds a claim on it (unless ``override_claim``); release any claim, move
        the version on and write the audit entry, all in one transaction."""
        ...

    async def claim(
        self, comment_id: str, actor: str, until: str | None, now: str, *, override: bool
    ) -> ClaimOutcome:
        """Claim the comment for ``actor`` until ``until`` (None releases the claim)."""
        ...

    async def set_article(
        self, article_id: str, open: bool, mode: Mode, actor: str, now: str
    ) -> None:
        """Create or change an article's settings, and audit it."""
        ...

    async def expire_blinds(self, now: str) -> list[ExpiredBlind]:
        """Blinds whose time is up go back to ``pending`` (hold reason ``blind_expired``),
        each audited as done by ``system``."""
        ...

    # -- API keys (only their hashes) ---------------------------------------------------

    async def key_for_hash(self, key_hash: str) -> tuple[str, Role] | None:
        """The name and role of the key with this hash, unless it is revoked."""
        ...

    async def keys(self) -> list[ApiKey]:
        """Every key, revoked or not, by name."""
        ...

    async def create_key(
        self, name: str, role: Role, key_hash: str, actor: str, now: str
    ) -> ApiKey:
        """Store a new key and audit it; KeyExists if the name is taken (even revoked)."""
        ...

    async def revoke_key(self, name: str, actor: str, now: str) -> bool:
        """Revoke an active key and audit it; False if there is no such active key."""
        ...

    # -- retention and health -----------------------------------------------------------

    async def purge_expired(self, text_before: str, keys_before: str, now: str) -> Purged:
        """Forget what is past its time, in short transactions, until nothing is left;
        the totals by kind (every kind present, zero included):

        - ``comment_text``: nickname, body, note, redaction original and address hash of
          rejected and withdrawn comments last changed before ``text_before``; the
          comment stays, with ``purged_at`` set and its version moved on;
        - ``redacted_original``: originals kept for undoing a redaction, same cutoff;
        - ``idempotency_key``: keys (and their answers) made before ``keys_before``;
        - ``report_fingerprint``: reporters' address hashes of reports made before
          ``text_before`` (the report still counts).
        """
        ...

    async def check_writable(self, now: str) -> None:
        """A tiny durable write; raises whatever keeps the store from taking writes."""
        ...

    async def schema_version(self) -> int: ...

    @property
    def expected_schema_version(self) -> int:
        """The schema version this release migrates to."""
        ...

    @property
    def writable(self) -> bool:
        """Whether the store still has its means of writing (it was not closed)."""
        ...

    @property
    def write_backlog(self) -> int:
        """Writes accepted and not yet committed."""
        ...


class Backend(Protocol):
    """One configured database: checks it, opens it as a store, backs it up."""

    def check(self) -> None:
        """Before start-up: raise DatabaseUnusable with the reason if the database
        cannot be opened, written or is from a newer release."""
        ...

    def open(self, *, observe: CommitObserver | None = None) -> AbstractAsyncContextManager[Store]:
        """The store, created and migrated as needed, open for the block's duration."""
        ...

    def backup(self, target: Path) -> Backup:
        """A consistent, checked copy of the live database at ``target``, taken beside a
        running service; BackupError if the database does not exist (it is never
        created by this) or ``target`` does (it is never overwritten)."""
        ...
