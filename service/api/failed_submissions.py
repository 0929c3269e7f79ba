"""Counting refused submissions, whichever layer refused them.

Litestar rejects malformed bodies before the handler runs, so the outcome of a failed
submission is read off the exception in an ``after_exception`` hook rather than
counted by the domain; a domain refusal counts as the metrics say its reason does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from litestar.exceptions import HTTPException, ValidationException

from service import metrics
from service.api.problems import Problem
from service.refusals import Refused
from service.store import Overloaded, StoreUnavailable

if TYPE_CHECKING:
    from litestar.types import Scope

# A route handler's ``opt`` key that marks it as a submission.
SUBMISSION_OPT = "submission"
# Refusals of the HTTP layer's own (the body's type, the page's origin): bad input.
_INVALID_CODES = frozenset({"unsupported_media_type", "origin_not_allowed"})


async def count_failed_submission(exc: Exception, scope: Scope) -> None:
    """``after_exception`` hook: a refused submission, counted by its outcome."""
    handler = scope.get("route_handler")
    if handler is None or not handler.opt.get(SUBMISSION_OPT):
        return
    metrics.count_submission(_outcome(exc))


def _outcome(exc: Exception) -> metrics.SubmissionOutcome:
    if isinstance(exc, Refused):
        return metrics.submission_outcome(exc.reason)
    if isinstance(exc, Problem):
        return "invalid" if exc.code in _INVALID_CODES else "error"
    if isinstance(exc, Overloaded | StoreUnavailable):
        return "unavailable"
    if isinstance(exc, ValidationException) or (
        isinstance(exc, HTTPException) and exc.status_code in (400, 413, 415)
    ):
        return "invalid"
    return "error"
