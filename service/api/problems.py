"""Errors as RFC 9457 problem details, each with a stable machine-readable ``code``.

The one place where the domain's refusals become HTTP statuses and codes, along with
the framework's own errors and the store's.
"""

from __future__ import annotations

import logging
from typing import Any, assert_never

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR

from service import refusals
from service.api.convert import to_api
from service.api.moderator_types import QueueItem
from service.api.reader_types import AuthorFinding
from service.store import Overloaded, StoreUnavailable, records
from service.validation import decoding_error

logger = logging.getLogger("moderato.errors")

PROBLEM_JSON = "application/problem+json"

# Codes for HTTP errors raised by the framework rather than by our own code.
_STATUS_CODES = {
    400: "validation_error",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "body_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
    503: "unavailable",
}


class ProblemDetails(msgspec.Struct):
    """An error's body (RFC 9457), as the OpenAPI document describes it; problems add
    members of their own (``field``, ``errors``, ``findings``, ``retry_after``, ...)."""

    type: str
    title: str
    status: int
    code: str
    detail: str


# What each error status means here, by its codes, for the OpenAPI document.
_MEANINGS = {
    400: "validation_error: the input is not valid (`field` names it)",
    401: "unauthorized: no valid API key",
    403: "forbidden (the key's role), origin_not_allowed, article_closed or invalid_token",
    404: "not_found",
    409: "version_conflict, not_decidable, not_undoable, claimed, purged or key_exists",
    413: "body_too_large",
    415: "unsupported_media_type: the body must be application/json",
    422: "policy_blocked (with `findings`; nothing stored) or idempotency_key_reused",
    429: "rate_limited (see Retry-After)",
    503: "not_ready, overloaded or store_unavailable (see Retry-After)",
}


def documented(*statuses: int) -> dict[int, ResponseSpec]:
    """The OpenAPI responses for the problems a route can answer with."""
    return {
        status: ResponseSpec(ProblemDetails, description=_MEANINGS[status], media_type=PROBLEM_JSON)
        for status in statuses
    }


class Problem(Exception):
    """An error of the HTTP layer's own that the client should see; ``extra`` members
    are added to the body."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers or {}
        self.extra = extra


def problem_response(
    status: int,
    code: str,
    detail: str,
    extra: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> Response[dict[str, Any]]:
    body = {
        "type": f"urn:moderato:problem:{code}",
        "title": code.replace("_", " ").capitalize(),
        "status": status,
        "code": code,
        "detail": detail,
        **(extra or {}),
    }
    headers = dict(headers or {})
    if extra and "retry_after" in extra:
        headers["Retry-After"] = str(extra["retry_after"])
    return Response(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def problem(reason: refusals.Reason) -> Problem:
    """The problem a client sees for a refusal."""
    match reason:
        case refusals.Invalid(field, detail):
            return Problem(400, "validation_error", detail, field=field)
        case refusals.TooLarge(field, detail):
            return Problem(413, "body_too_large", detail, field=field)
        case refusals.CommentNotFound():
            return Problem(404, "not_found", "No such comment.")
        case refusals.KeyNotFound(name):
            return Problem(404, "not_found", f"No active key named {name!r}.")
        case refusals.ArticleClosed():
            return Problem(403, "article_closed", "Comments on this article are closed.")
        case refusals.PolicyBlocked(findings):
            detail = "The comment contains personal information that cannot be published."
            return Problem(422, "policy_blocked", detail, findings=_author_findings(findings))
        case refusals.IdempotencyKeyReused():
            detail = "This Idempotency-Key was used for a different comment."
            return Problem(422, "idempotency_key_reused", detail, field="Idempotency-Key")
        case refusals.TokenRefused(missing):
            detail = (
                "X-Comment-Token is required to withdraw."
                if missing
                else "The token does not match this comment."
            )
            return Problem(403, "invalid_token", detail)
        case refusals.RateLimited(_, wait, what):
            detail = f"Too many {what}; try again in {wait} seconds."
            return Problem(429, "rate_limited", detail, retry_after=wait)
        case refusals.ArticleSettingsChanging():
            detail = "The article's settings keep changing; try again."
            return Problem(503, "unavailable", detail)
        case refusals.Unauthenticated(detail):
            return Problem(401, "unauthorized", detail, headers={"WWW-Authenticate": "Bearer"})
        case refusals.RoleTooLow(needed):
            return Problem(403, "forbidden", f"this needs an {needed} key")
        case refusals.KeyNameTaken(name):
            detail = f"a key named {name!r} exists already"
            return Problem(409, "key_exists", detail, field="name")
        case refusals.StaleVersion(current):
            detail = f"the comment changed: it is at version {current.version}"
            return Problem(409, "version_conflict", detail, current=_item(current))
        case refusals.NotDecidable(action, current):
            detail = f"cannot {action} a {current.status} comment"
            return Problem(409, "not_decidable", detail, current=_item(current))
        case refusals.NotUndoable(why, current):
            return Problem(409, "not_undoable", why, current=_item(current))
        case refusals.TextPurged():
            detail = "retention purged this comment's text; it cannot be decided"
            return Problem(409, "purged", detail)
        case refusals.ClaimedByOther(claimed_by, claimed_until):
            detail = f"{claimed_by} is working on this comment"
            return Problem(
                409, "claimed", detail, claimed_by=claimed_by, claimed_until=claimed_until
            )
        case refusals.NotReady(detail):
            return Problem(503, "not_ready", detail)
        case _:
            assert_never(reason)


def _author_findings(findings: tuple[records.CommentFinding, ...]) -> Any:
    return msgspec.to_builtins([to_api(finding, AuthorFinding) for finding in findings])


def _item(item: records.QueueItem) -> Any:
    return msgspec.to_builtins(to_api(item, QueueItem))


def _on_problem(_: Request[Any, Any, Any], exc: Problem) -> Response[dict[str, Any]]:
    return problem_response(exc.status, exc.code, exc.detail, exc.extra, exc.headers)


def _on_refused(request: Request[Any, Any, Any], exc: refusals.Refused) -> Response[dict[str, Any]]:
    return _on_problem(request, problem(exc.reason))


def _on_validation(_: Request[Any, Any, Any], exc: ValidationException) -> Response[dict[str, Any]]:
    errors = [_describe(item) for item in exc.extra or []] if isinstance(exc.extra, list) else []
    detail = errors[0]["message"] if errors else str(exc.detail)
    extra: dict[str, Any] = {"errors": errors}
    if errors and errors[0].get("field"):
        extra["field"] = errors[0]["field"]
    return problem_response(400, "validation_error", detail, extra)


def _describe(item: Any) -> dict[str, str]:
    """One validation error as ``{"field": "text", "message": "..."}``."""
    if not isinstance(item, dict):
        return {"message": str(item)}
    field, message = decoding_error(str(item.get("message", "")))
    field = field or str(item.get("key") or "")
    if field == "data":  # Litestar's name for the whole body
        field = ""
    return {"field": field, "message": message} if field else {"message": message}


def _on_http(_: Request[Any, Any, Any], exc: HTTPException) -> Response[dict[str, Any]]:
    status = exc.status_code
    code = _STATUS_CODES.get(status, "error")
    extra = (
        {"retry_after": int(exc.headers["Retry-After"])} if exc.headers and status == 429 else None
    )
    return problem_response(status, code, str(exc.detail), extra)


def _on_overloaded(_: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    return problem_response(503, "overloaded", "Too busy; try again shortly.", {"retry_after": 1})


def _on_store_unavailable(_: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    return problem_response(
        503,
        "store_unavailable",
        "The database cannot take writes right now (full or read-only disk); nothing was "
        "stored. Try again shortly.",
        {"retry_after": 5},
    )


def _on_unexpected(request: Request[Any, Any, Any], exc: Exception) -> Response[dict[str, Any]]:
    # The request may hold personal information, even in its path (an article id can
    # look like a phone number): log the route template, never the content.
    logger.error(
        "unhandled error on %s %s",
        request.method,
        request.scope.get("path_template"),
        exc_info=exc,
    )
    return problem_response(
        HTTP_500_INTERNAL_SERVER_ERROR,
        "internal_error",
        "The server could not handle this request.",
    )


EXCEPTION_HANDLERS: Any = {
    Overloaded: _on_overloaded,
    StoreUnavailable: _on_store_unavailable,
    Problem: _on_problem,
    refusals.Refused: _on_refused,
    ValidationException: _on_validation,
    HTTPException: _on_http,
    Exception: _on_unexpected,
}

__all__ = [
    "EXCEPTION_HANDLERS",
    "PROBLEM_JSON",
    "Problem",
    "ProblemDetails",
    "documented",
    "problem",
    "problem_response",
]
