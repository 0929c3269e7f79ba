"""What the store keeps and returns: the domain's records, independent of any database
and of HTTP (the HTTP layer has its own types for what it sends)."""

from __future__ import annotations

from typing import Literal

import msgspec

from service.pii import Action, Explanation
from service.times import parse_rfc3339, utc_now

Status = Literal["published", "pending", "rejected", "blinded", "withdrawn"]
HoldReason = Literal["policy", "premoderation", "reports", "blind_expired"]
Mode = Literal["post", "pre"]
Field = Literal["body", "author"]


class Article(msgspec.Struct, frozen=True):
    id: str
    open: bool = True
    mode: Mode = "post"


class CommentFinding(msgspec.Struct, frozen=True):
    """A policy finding in a comment, in code-point offsets of its field.

    Its own record rather than the engine's finding: comments outlive the engine that
    screened them, so rows written by an earlier engine must still load (an
    ``explanation`` came later and defaults to an empty one)."""

    field: Field
    type: str
    start: int
    end: int
    policy: str
    action: Action
    confidence: float
    explanation: Explanation = msgspec.field(default_factory=Explanation)


class Draft(msgspec.Struct, frozen=True, kw_only=True):
    """A screened submission, ready to be stored if the article still allows it."""

    id: str
    article_id: str
    parent_id: str | None
    author: str
    body: str
    status: Literal["published", "pending"]
    hold_reason: HoldReason | None
    findings: tuple[CommentFinding, ...]
    policy_version: str
    created_at: str
    token_hash: str
    client_hash: str
    # The article settings the status was decided under; the store refuses the draft
    # (ArticleChanged) if a moderator changed them in the meantime.
    expected_mode: Mode
    idempotency: IdempotencyRecord | None = None
    # The client's rate limits this comment counts against, if it is stored.
    quotas: tuple[Quota, ...] = ()


class Quota(msgspec.Struct, frozen=True):
    """One per-client rate limit as a counter in the store: ``bucket`` names the limit,
    the client, the scope and the window, so that the counter of a window ends with it."""

    name: str  # the limit, as metrics name it: article, daily, report, scan
    bucket: str
    limit: int
    expires_at: str  # the window's end (RFC 3339): then the counter is of no more use


class OverQuota(msgspec.Struct, frozen=True):
    """Refused: the client used up the quota ``name`` until ``expires_at``."""

    name: str
    expires_at: str


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


class ThreadComment(msgspec.Struct, kw_only=True):
    """A published comment as readers see it (or the empty placeholder of a withdrawn
    one that still has replies); the domain hangs the replies under their parent."""

    id: str
    article_id: str
    parent_id: str | None
    author: str
    body: str
    created_at: str
    reply_count: int = 0
    replies: list[ThreadComment] = msgspec.field(default_factory=list)
    withdrawn: bool = False


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


CreateOutcome = Created | Replayed | ArticleClosed | ArticleChanged | BadParent | OverQuota


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


ReportOutcome = Reported | NotFound | OverQuota


# -- moderation -------------------------------------------------------------------------

Role = Literal["moderator", "admin"]
Queue = Literal["pending", "reported", "rejected", "blinded"]
QUEUES: tuple[Queue, ...] = ("pending", "reported", "rejected", "blinded")
DecisionAction = Literal["approve", "reject", "redact", "blind"]
DECISIONS: tuple[DecisionAction, ...] = ("approve", "reject", "redact", "blind")
# What an audit entry records: a decision, its undo, a blind running out, settings, keys.
AuditAction = Literal[
    "approve",
    "reject",
    "redact",
    "blind",
    "undo",
    "blind_expired",
    "article_settings",
    "key_created",
    "key_revoked",
]


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
    findings: list[CommentFinding]
    hold_reason: HoldReason | None
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

    @property
    def why(self) -> str:
        """Why the comment is in a queue: the hold reason, or reported/rejected/blinded."""
        if self.status == "pending":
            return self.hold_reason or "pending"
        if self.status == "published":
            return "reported" if self.reports else "published"
        return self.status

    @property
    def state(self) -> DecisionState:
        """What a decision overwrites and an undo puts back (no comment text)."""
        return DecisionState(
            hold_reason=self.hold_reason,
            blinded_until=self.blinded_until,
            reject_reason=self.reject_reason,
            reject_note=self.reject_note,
        )


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
    # When the longest-waiting pending comment last changed (entered the queue).
    oldest_pending_at: str | None

    def oldest_pending_age(self) -> float | None:
        """Seconds the longest-waiting pending comment has waited; None if none waits."""
        oldest = self.oldest_pending_at
        return (utc_now() - parse_rfc3339(oldest)).total_seconds() if oldest else None


class DecisionState(msgspec.Struct, frozen=True, kw_only=True):
    """A comment's moderation state besides its status: every decision sets all of it
    (what does not apply to the new status is cleared), and an undo puts it back."""

    hold_reason: HoldReason | None = None
    blinded_until: str | None = None
    reject_reason: str | None = None
    reject_note: str | None = None


class Texts(msgspec.Struct, frozen=True):
    """A comment's nickname and body."""

    author: str
    body: str


class TextChange(msgspec.Struct, frozen=True, kw_only=True):
    """New text for a comment, and the original kept to undo the change (None: keep
    none, as when an undo puts the original back)."""

    texts: Texts
    original: Texts | None


# Audit details: machine-readable state, never comment text.


class DecisionDetail(msgspec.Struct, frozen=True, kw_only=True):
    """A decision: the version it made, and what an undo needs to put back."""

    version: int
    before: DecisionState
    reports_cleared: bool


class UndoDetail(msgspec.Struct, frozen=True, kw_only=True):
    undoes: str  # the audit entry of the decision undone
    version: int


class ArticleDetail(msgspec.Struct, frozen=True, kw_only=True):
    open: bool
    mode: Mode


class KeyDetail(msgspec.Struct, frozen=True, kw_only=True):
    key: str
    role: Role


AuditDetail = DecisionDetail | UndoDetail | ArticleDetail | KeyDetail


def detail_type(action: AuditAction) -> type[AuditDetail] | None:
    """The type of an audit entry's detail, by its action (details carry no tag, so
    that each reads as the JSON object it always was)."""
    match action:
        case "approve" | "reject" | "redact" | "blind":
            return DecisionDetail
        case "undo":
            return UndoDetail
        case "article_settings":
            return ArticleDetail
        case "key_created" | "key_revoked":
            return KeyDetail
        case "blind_expired":
            return None


class AuditEntry(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    at: str
    actor: str
    action: AuditAction
    comment_id: str | None
    article_id: str | None
    from_status: Status | None
    to_status: Status | None
    reason: str | None
    detail: AuditDetail | None = None


class AuditFilter(msgspec.Struct, frozen=True, kw_only=True):
    comment_id: str | None = None
    actor: str | None = None
    article_id: str | None = None
    since: str | None = None
    until: str | None = None


class Transition(msgspec.Struct, frozen=True, kw_only=True):
    """A moderator's change to one comment, applied only if nobody changed it first;
    its audit entry is written in the same transaction."""

    comment_id: str
    expected_version: int
    actor: str
    action: Literal["approve", "reject", "redact", "blind", "undo"]
    to_status: Status
    now: str
    state: DecisionState
    text: TextChange | None = None
    reason: str | None = None
    detail: DecisionDetail | UndoDetail
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


class ExpiredBlind(msgspec.Struct, frozen=True):
    comment_id: str
    article_id: str


# -- the change feed ----------------------------------------------------------------------

# What changed. Queue events are what moderators' event streams carry; every event
# tells each process which article's cached pages and settings to drop.
QueueEventType = Literal["held", "reported", "decided", "blind_expired", "withdrawn"]
QUEUE_EVENTS: frozenset[str] = frozenset(
    ("held", "reported", "decided", "blind_expired", "withdrawn")
)
EventType = QueueEventType | Literal["published", "article"]


class FeedEvent(msgspec.Struct, frozen=True, kw_only=True):
    """A committed change, in the order of ``id`` (the event stream's id)."""

    id: int
    type: EventType
    article_id: str
    comment_id: str | None = None
    status: Status | None = None
    action: str | None = None
    version: int | None = None

    @property
    def for_moderators(self) -> bool:
        return self.type in QUEUE_EVENTS


class FeedBounds(msgspec.Struct, frozen=True):
    """The ids the feed still keeps: after ``floor`` up to ``head`` (0: none yet)."""

    floor: int
    head: int


class PoolStats(msgspec.Struct, frozen=True):
    """A store's pool of database connections: how many are open, how many idle."""

    size: int
    idle: int


# -- retention and backups ----------------------------------------------------------------

PurgeKind = Literal[
    "comment_text",
    "redacted_original",
    "idempotency_key",
    "report_fingerprint",
    "rate_counter",
    "feed_event",
]
Purged = dict[PurgeKind, int]


class Backup(msgspec.Struct, frozen=True):
    """A finished backup: where it is, and what a check of the copy found in it."""

    path: str
    schema_version: int
    comments: int
    size: int
