"""Bulk decisions: each one's outcome as the moderators' API reports it."""

from __future__ import annotations

from typing import Literal, assert_never

from service.api.convert import to_api
from service.api.moderator_types import BulkResult, QueueItem
from service.api.problems import problem
from service.moderation import BulkOutcome
from service.refusals import (
    ArticleClosed,
    ArticleSettingsChanging,
    ClaimedByOther,
    CommentNotFound,
    IdempotencyKeyReused,
    Invalid,
    KeyNameTaken,
    KeyNotFound,
    NotDecidable,
    NotReady,
    NotUndoable,
    PolicyBlocked,
    RateLimited,
    Reason,
    RoleTooLow,
    StaleVersion,
    TextPurged,
    TokenRefused,
    TooLarge,
    Unauthenticated,
)
from service.store.records import QueueItem as Item

Failure = Literal["conflict", "not_found", "invalid"]


def bulk_result(comment_id: str, outcome: BulkOutcome) -> BulkResult:
    if isinstance(outcome, Item):
        return BulkResult(comment_id, "applied", item=to_api(outcome, QueueItem))
    refused = problem(outcome)
    return BulkResult(comment_id, failure(outcome), code=refused.code, detail=refused.detail)


def failure(reason: Reason) -> Failure:
    """How a decision refused for ``reason`` failed."""
    match reason:
        case CommentNotFound() | KeyNotFound():
            return "not_found"
        case (
            StaleVersion()
            | NotDecidable()
            | NotUndoable()
            | TextPurged()
            | ClaimedByOther()
            | KeyNameTaken()
        ):
            return "conflict"
        case (
            Invalid()
            | TooLarge()
            | ArticleClosed()
            | PolicyBlocked()
            | IdempotencyKeyReused()
            | TokenRefused()
            | RateLimited()
            | ArticleSettingsChanging()
            | Unauthenticated()
            | RoleTooLow()
            | NotReady()
        ):
            return "invalid"
        case _:
            assert_never(reason)
