"""What the store keeps and returns, independent of any database."""

from __future__ import annotations

from typing import Literal

import msgspec

Status = Literal["published", "pending", "rejected", "blinded", "withdrawn"]
HoldReason = Literal["policy", "premoderation", "reports", "blind_expired"]
Mode = Literal["post", "pre"]
Field = Literal["body", "author"]


class Article(msgspec.Struct, frozen=True):
    id: str
    open: bool = True
    mode: Mode = "post"


class StoredFinding(msgspec.Struct, frozen=True):
    """A policy finding in a comment, in code-point offsets of the stored field."""

    field: Field
    type: str
    start: int
    end: int
    policy: str
    action: Literal["block", "hold", "mask", "allow"]
    confidence: float


class Draft(msgspec.Struct, frozen=True, kw_only=True):
    """A screened submission, ready to be stored if the article still allows it."""

    id: str
    article_id: str
    parent_id: str | None
    author: str
    body: str
    status: Literal["published", "pending"]
    hold_reason: HoldReason | None
    findings: tuple[StoredFinding, ...]
    policy_version: str
    created_at: str
    token_hash: str
    client_hash: str
    # The article settings the status was decided under; the store refuses the draft
    # (ArticleChanged) if a moderator changed them in the meantime.
    expected_mode: Mode
    idempotency: IdempotencyRecord | None = None


class IdempotencyRecord(msgspec.Struct, frozen=True):
    """The first answer to a request, kept so that a retry gets it again."""

    key_hash: str
    request_hash: str
    response: bytes


class OwnComment(msgspec.Struct, frozen=True):
    """What the author of a comment (proven by its token) may learn about it."""

    id: str
    article_id: str
    status: Status
    reject_reason: str | None
    reject_note: str | None


class ThreadComment(msgspec.Struct, frozen=True):
    id: str
    parent_id: str | None
    author: str
    body: str
    created_at: str
    withdrawn: bool = False
    reply_count: int = 0


class ThreadRows(msgspec.Struct, frozen=True):
    """One page of top-level comments, their replies, and the article's total."""

    top_level: list[ThreadComment]
    replies: list[ThreadComment]
    total: int
    has_more: bool


# -- outcomes of writes -----------------------------------------------------------------


class Created(msgspec.Struct, frozen=True):
    draft: Draft


class Replayed(msgspec.Struct, frozen=True):
    """The idempotency key was used before: here is the first answer."""

    record: IdempotencyRecord


class ArticleClosed(msgspec.Struct, frozen=True):
    pass


class ArticleChanged(msgspec.Struct, frozen=True):
    article: Article


class BadParent(msgspec.Struct, frozen=True):
    reason: str


CreateOutcome = Created | Replayed | ArticleClosed | ArticleChanged | BadParent


class Withdrawn(msgspec.Struct, frozen=True):
    article_id: str


class NotFound(msgspec.Struct, frozen=True):
    pass


class WrongToken(msgspec.Struct, frozen=True):
    pass


WithdrawOutcome = Withdrawn | NotFound | WrongToken


class Reported(msgspec.Struct, frozen=True):
    article_id: str
    counted: bool  # False when this reader had reported the comment already
    hidden: bool  # the report crossed the threshold and took the comment down


ReportOutcome = Reported | NotFound


# -- moderation -------------------------------------------------------------------------

Role = Literal["moderator", "admin"]
Queue = Literal["pending", "reported", "rejected", "blinded"]


class ApiKey(msgspec.Struct, frozen=True):
    name: str
    role: Role
    created_at: str
    revoked_at: str | None = None


class QueueItem(msgspec.Struct, frozen=True, kw_only=True):
    """A comment as moderators see it: everything, including the text and findings."""

    id: str
    article_id: str
    parent_id: str | None
    author: str
    body: str
    created_at: str
    updated_at: str
    status: Status
    version: int
    findings: list[StoredFinding]
    hold_reason: HoldReason | None
    # Why the comment is in a queue: the hold reason, or "reported"/"rejected"/"blinded".
    why: str
    reports: int
    report_reasons: dict[str, int]
    claimed_by: str | None
    claimed_until: str | None
    blinded_until: str | None
    reject_reason: str | None
    reject_note: str | None
    redacted: bool
    # Set when retention purged the text: the comment can no longer be decided on.
    purged_at: str | None = None


class QueueFilter(msgspec.Struct, frozen=True, kw_only=True):
    article_id: str | None = None
    finding_type: str | None = None
    hold_reason: HoldReason | None = None
    # Leave out items that someone other than ``viewer`` has claimed.
    hide_claimed_for: str | None = None
    now: str = ""


class QueueCounts(msgspec.Struct, frozen=True):
    pending: int
    reported: int
    rejected: int
    blinded: int
    oldest_pending_at: str | None


class AuditEntry(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    at: str
    actor: str
    action: str
    comment_id: str | None
    article_id: str | None
    from_status: str | None
    to_status: str | None
    reason: str | None
    # Machine-readable state needed to undo a decision; never comment text.
    detail: dict[str, object] | None = None


class AuditFilter(msgspec.Struct, frozen=True, kw_only=True):
    comment_id: str | None = None
    actor: str | None = None
    article_id: str | None = None
    since: str | None = None
    until: str | None = None


class Transition(msgspec.Struct, frozen=True, kw_only=True):
    """A moderator's change to one comment, applied only if nobody changed it first."""

    comment_id: str
    expected_version: int
    actor: str
    action: str
    to_status: Status
    now: str
    # Column values to set besides status, version and updated_at.
    changes: dict[str, object] = {}
    reason: str | None = None
    detail: dict[str, object] | None = None
    # "clear": mark open reports reviewed; "restore": reopen those cleared at `restore_at`.
    reports: Literal["keep", "clear", "restore"] = "keep"
    restore_at: str | None = None
    # Admins may decide on an item someone else has claimed.
    override_claim: bool = False


class Applied(msgspec.Struct, frozen=True):
    article_id: str
    from_status: Status
    version: int


class VersionConflict(msgspec.Struct, frozen=True):
    version: int


class ClaimedByOther(msgspec.Struct, frozen=True):
    claimed_by: str
    claimed_until: str


TransitionOutcome = Applied | VersionConflict | ClaimedByOther | NotFound


class Claim(msgspec.Struct, frozen=True):
    claimed_by: str | None
    claimed_until: str | None


ClaimOutcome = Claim | ClaimedByOther | NotFound
