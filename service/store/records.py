"""What the store keeps and returns, independent of any database."""

from __future__ import annotations

from typing import Literal

import msgspec

Status = Literal["published", "pending", "rejected", "blinded", "withdrawn"]
HoldReason = Literal["policy", "premoderation", "reports"]
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
    was_visible: bool


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
