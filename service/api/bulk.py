"""Bulk decisions: each one's outcome as the moderators' API reports it."""

from __future__ import annotations

from typing import Literal, assert_never

from service import refusals
from service.api.convert import to_api
from service.api.moderator_types import BulkResult, QueueItem
from service.api.problems import problem
from service.moderation import BulkOutcome
from service.store.records import QueueItem as Item

Failure = Literal["conflict", "not_found", "invalid"]


def bulk_result(comment_id: str, outcome: BulkOutcome) -> BulkResult:
    if isinstance(outcome, Item):
        return BulkResult(comment_id, "applied", item=to_api(outcome, QueueItem))
    refused = problem(outcome)
    return BulkResult(comment_id, failure(outcome), code=refused.code, detail=refused.detail)


def failure(reason: refusals.Reason) -> Failure:
    """How a decision refused for ``reason`` failed."""
    match reason:
        case refusals.CommentNotFound() | refusals.KeyNotFound():
            return "not_found"
        case (
            refusals.StaleVersion()
            | refusals.NotDecidable()
            | refusals.NotUndoable()
            | refusals.TextPurged()
            | refusals.ClaimedByOther()
            | refusals.KeyNameTaken()
        ):
            return "conflict"
        case (
            refusals.Invalid()
            | refusals.TooLarge()
            | refusals.ArticleClosed()
            | refusals.PolicyBlocked()
            | refusals.IdempotencyKeyReused()
            | refusals.TokenRefused()
            | refusals.RateLimited()
            | refusals.ArticleSettingsChanging()
            | refusals.Unauthenticated()
            | refusals.RoleTooLow()
            | refusals.NotReady()
        ):
            return "invalid"
        case _:
            assert_never(reason)
