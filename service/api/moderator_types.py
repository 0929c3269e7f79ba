"""The JSON that moderators' clients (the console) send and receive.

The HTTP layer's own types: the domain's records are converted into these, so that
what is stored and how can change without changing the API or its OpenAPI document.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

import msgspec

from service.api.reader_types import AuthorFinding
from service.store.records import HoldReason, Mode, Role, Status
from service.validation import COMMENT_ID_PATTERN, KEY_NAME_PATTERN

Action = Literal["approve", "reject", "redact", "blind", "undo"]


class Moderator(msgspec.Struct, frozen=True):
    name: str
    role: Role


class Explanation(msgspec.Struct, frozen=True, kw_only=True):
    """Why the policies made a finding (never the matched text)."""

    # Disguises that normalisation undid inside the finding ("invisible characters", ...).
    undone: list[str]
    # How a number written in groups was put together ("groups", "spoken", "filler",
    # "short groups", "labels", "pieces").
    assembled: str | None
    # Each validator's verdict on the value: confirmed, plausible or doubtful.
    verdicts: dict[str, str]
    # The context word near the value that raised the confidence, and the negative
    # word that lowered it.
    context: str | None
    negative: str | None


class ModeratorFinding(AuthorFinding, frozen=True, kw_only=True):
    explanation: Explanation


class QueueItem(msgspec.Struct, kw_only=True):
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
    findings: list[ModeratorFinding]
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


class QueuePage(msgspec.Struct):
    items: list[QueueItem]
    next_cursor: str | None


class Counts(msgspec.Struct):
    pending: int
    reported: int
    rejected: int
    blinded: int
    oldest_pending_age_seconds: float | None


class AuditEntry(msgspec.Struct, kw_only=True):
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
    detail: dict[str, Any] | None = None


class AuditPage(msgspec.Struct):
    items: list[AuditEntry]
    next_cursor: str | None


class Span(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    start: Annotated[int, msgspec.Meta(ge=0)]
    end: Annotated[int, msgspec.Meta(ge=1)]


class Decision(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    action: Action
    version: Annotated[int, msgspec.Meta(ge=1)]
    # For reject: a reason code; for other actions: an optional note for the audit log.
    reason: Annotated[str, msgspec.Meta(min_length=1, max_length=200)] | None = None
    # For reject: a note the author can see.
    note: Annotated[str, msgspec.Meta(max_length=500)] | None = None
    # For blind: when the comment comes back (RFC 3339, at most 30 days ahead).
    until: str | None = None
    # For redact: the spans of the body to mask (default: every finding).
    spans: list[Span] | None = None


class BulkDecision(Decision, frozen=True, forbid_unknown_fields=True, kw_only=True):
    comment_id: Annotated[str, msgspec.Meta(pattern=COMMENT_ID_PATTERN)]


class BulkRequest(msgspec.Struct, forbid_unknown_fields=True):
    decisions: list[BulkDecision]


class BulkResult(msgspec.Struct, omit_defaults=True):
    comment_id: str
    outcome: Literal["applied", "conflict", "not_found", "invalid"]
    code: str | None = None
    detail: str | None = None
    item: QueueItem | None = None


class BulkResponse(msgspec.Struct):
    results: list[BulkResult]


class Claim(msgspec.Struct, frozen=True):
    claimed_by: str | None
    claimed_until: str | None


class ArticleSettings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    open: bool
    mode: Mode


class ApiKey(msgspec.Struct, frozen=True):
    name: str
    role: Role
    created_at: str
    revoked_at: str | None = None


class NewKey(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(pattern=KEY_NAME_PATTERN)]
    role: Role


class CreatedKey(msgspec.Struct, frozen=True):
    name: str
    role: Role
    key: str
