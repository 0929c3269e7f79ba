"""Moderators' endpoints, all under ``/v1/moderation`` and all behind an API key.

The guard authenticates the ``Authorization: Bearer`` key and checks the route's
role (``requires("admin")`` for article settings and key management).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any

import msgspec
from litestar import Controller, Request, delete, get, post, put
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency, Provide
from litestar.handlers import BaseRouteHandler
from litestar.params import FromPath, HeaderParameter, JSONBody, QueryParameter
from litestar.response import ServerSentEvent, ServerSentEventMessage

from service.events import Events, Reset
from service.moderation import (
    ArticleSettings,
    BulkDecision,
    BulkResult,
    Counts,
    CreatedKey,
    Decision,
    Moderation,
    Moderator,
    NewKey,
)
from service.problems import Problem, documented
from service.store.records import (
    ApiKey,
    AuditEntry,
    AuditFilter,
    Claim,
    HoldReason,
    Queue,
    QueueItem,
    Role,
)

Limit = Annotated[int, QueryParameter(name="limit", ge=1, le=100)]
Cursor = Annotated[str | None, QueryParameter(name="cursor")]
ArticleFilter = Annotated[str | None, QueryParameter(name="article_id")]
KEEPALIVE_SECONDS = 15.0
# How often an open event stream checks that its key is still valid: a revoked key
# (over HTTP or with the CLI, from another process) loses its stream within this time.
KEY_CHECK_SECONDS = 2.0


class QueuePage(msgspec.Struct):
    items: list[QueueItem]
    next_cursor: str | None


class AuditPage(msgspec.Struct):
    items: list[AuditEntry]
    next_cursor: str | None


class BulkRequest(msgspec.Struct, forbid_unknown_fields=True):
    decisions: list[BulkDecision]


class BulkResponse(msgspec.Struct):
    results: list[BulkResult]


def requires(role: Role, *problems: int) -> dict[str, Any]:
    """A route's keyword arguments for the role it needs: the guard reads ``opt``, the
    OpenAPI document shows ``security`` (OpenAPI 3.1 lists roles there) and the
    problems the route can answer with besides 401, 403 and 503."""
    return {
        "opt": {"role": role},
        "security": [{"apiKey": [role]}],
        "responses": documented(401, 403, 503, *problems),
    }


async def require_key(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """401 without a valid key; 403 when the key's role does not allow the route (a
    route that names no role is taken to need the highest)."""
    moderation: Moderation = connection.app.state.runtime.moderation
    moderator = await moderation.authenticate(connection.headers.get("authorization"))
    if handler.opt.get("role", "admin") == "admin" and not moderator.is_admin:
        raise Problem(403, "forbidden", "this needs an admin key")
    connection.state.moderator = moderator


def _moderator(request: Request[Any, Any, Any]) -> Moderator:
    moderator: Moderator = request.state.moderator
    return moderator


class ModerationController(Controller):
    path = "/v1/moderation"
    guards = [require_key]
    tags = ["moderation"]
    dependencies = {"moderator": Provide(_moderator, sync_to_thread=False)}

    @get("/me", summary="Whose key this is, and its role", **requires("moderator"))
    async def me(self, moderator: NamedDependency[Moderator]) -> Moderator:
        return moderator

    @get("/queues", summary="How many comments wait in each queue", **requires("moderator", 400))
    async def counts(
        self, moderation: NamedDependency[Moderation], article_id: ArticleFilter = None
    ) -> Counts:
        return await moderation.counts(article_id)

    @get("/queues/{queue:str}", summary="A queue, oldest first", **requires("moderator", 400))
    async def queue(
        self,
        queue: FromPath[Queue],
        moderation: NamedDependency[Moderation],
        moderator: NamedDependency[Moderator],
        article_id: ArticleFilter = None,
        finding_type: Annotated[str | None, QueryParameter(name="type")] = None,
        reason: Annotated[HoldReason | None, QueryParameter(name="reason")] = None,
        hide_claimed: Annotated[bool, QueryParameter(name="hide_claimed")] = False,
        limit: Limit = 20,
        cursor: Cursor = None,
    ) -> QueuePage:
        items, next_cursor = await moderation.queue(
            moderator,
            queue,
            article_id=article_id,
            finding_type=finding_type,
            hold_reason=reason,
            hide_claimed=hide_claimed,
            limit=limit,
            cursor=cursor,
        )
        return QueuePage(items, next_cursor)

    @get(
        "/comments/{comment_id:str}",
        summary="One comment with everything moderators see",
        **requires("moderator", 400, 404),
    )
    async def comment(
        self, comment_id: FromPath[str], moderation: NamedDependency[Moderation]
    ) -> QueueItem:
        return await moderation.item(comment_id)

    @post(
        "/comments/{comment_id:str}/decision",
        status_code=200,
        summary="Approve, reject, redact, blind or undo; `version` must be current",
        **requires("moderator", 400, 404, 409, 413, 415),
    )
    async def decide(
        self,
        comment_id: FromPath[str],
        data: JSONBody[Decision],
        moderation: NamedDependency[Moderation],
        moderator: NamedDependency[Moderator],
    ) -> QueueItem:
        return await moderation.decide(moderator, comment_id, data)

    @post(
        "/decisions",
        status_code=200,
        summary="Many decisions, each applied or not on its own",
        **requires("moderator", 400, 413, 415),
    )
    async def decide_many(
        self,
        data: JSONBody[BulkRequest],
        moderation: NamedDependency[Moderation],
        moderator: NamedDependency[Moderator],
    ) -> BulkResponse:
        return BulkResponse(await moderation.decide_many(moderator, data.decisions))

    @post(
        "/comments/{comment_id:str}/claim",
        status_code=200,
        summary="Work on a comment",
        **requires("moderator", 400, 404, 409),
    )
    async def claim(
        self,
        comment_id: FromPath[str],
        moderation: NamedDependency[Moderation],
        moderator: NamedDependency[Moderator],
    ) -> Claim:
        return await moderation.claim(moderator, comment_id, release=False)

    @delete(
        "/comments/{comment_id:str}/claim",
        status_code=204,
        summary="Release a claim",
        **requires("moderator", 400, 404, 409),
    )
    async def release(
        self,
        comment_id: FromPath[str],
        moderation: NamedDependency[Moderation],
        moderator: NamedDependency[Moderator],
    ) -> None:
        await moderation.claim(moderator, comment_id, release=True)

    @get(
        "/audit",
        summary="The moderation log, newest first (never comment text)",
        **requires("moderator", 400),
    )
    async def audit(
        self,
        moderation: NamedDependency[Moderation],
        comment_id: Annotated[str | None, QueryParameter(name="comment_id")] = None,
        moderator_name: Annotated[str | None, QueryParameter(name="moderator")] = None,
        article_id: ArticleFilter = None,
        since: Annotated[str | None, QueryParameter(name="since")] = None,
        until: Annotated[str | None, QueryParameter(name="until")] = None,
        limit: Limit = 50,
        cursor: Cursor = None,
    ) -> AuditPage:
        where = AuditFilter(
            comment_id=comment_id,
            actor=moderator_name,
            article_id=article_id,
            since=since,
            until=until,
        )
        return AuditPage(*await moderation.audit(where, limit, cursor))

    @get(
        "/articles/{article_id:path}", summary="An article's settings", **requires("moderator", 400)
    )
    async def article(
        self, article_id: FromPath[str], moderation: NamedDependency[Moderation]
    ) -> ArticleSettings:
        return await moderation.article(article_id.lstrip("/"))

    @put(
        "/articles/{article_id:path}",
        summary="Open/close an article; post- or pre-moderation",
        **requires("admin", 400, 413, 415),
    )
    async def set_article(
        self,
        article_id: FromPath[str],
        data: JSONBody[ArticleSettings],
        moderation: NamedDependency[Moderation],
        moderator: NamedDependency[Moderator],
    ) -> ArticleSettings:
        return await moderation.set_article(moderator, article_id.lstrip("/"), data)

    @get("/keys", summary="API keys (never the keys themselves)", **requires("admin"))
    async def keys(self, moderation: NamedDependency[Moderation]) -> list[ApiKey]:
        return await moderation.keys()

    @post(
        "/keys", summary="Create a key; it is shown once", **requires("admin", 400, 409, 413, 415)
    )
    async def create_key(
        self,
        data: JSONBody[NewKey],
        moderation: NamedDependency[Moderation],
        moderator: NamedDependency[Moderator],
    ) -> CreatedKey:
        return await moderation.create_key(moderator, data)

    @delete("/keys/{name:str}", status_code=204, summary="Revoke a key", **requires("admin", 404))
    async def revoke_key(
        self,
        name: FromPath[str],
        moderation: NamedDependency[Moderation],
        moderator: NamedDependency[Moderator],
    ) -> None:
        await moderation.revoke_key(moderator, name)

    @get(
        "/events",
        summary="Server-sent events: every change to the queues",
        description="Send `Last-Event-ID` to get the events missed since that one first; "
        "an event `reset` says they are no longer kept (load the queues afresh).",
        **requires("moderator"),
    )
    async def events(
        self,
        request: Request[Any, Any, Any],
        events: NamedDependency[Events],
        moderation: NamedDependency[Moderation],
        last_event_id: Annotated[str | None, HeaderParameter(name="last-event-id")] = None,
    ) -> ServerSentEvent:
        authorization = request.headers.get("authorization")
        key_valid = lambda: moderation.is_valid_key(authorization)  # noqa: E731
        return ServerSentEvent(_stream(events, last_event_id, key_valid))


async def _stream(
    events: Events, last_event_id: str | None, key_valid: Callable[[], Awaitable[bool]]
) -> AsyncIterator[ServerSentEventMessage]:
    loop = asyncio.get_running_loop()
    with events.listen(last_event_id) as listener:
        # The id tells a client where it is, so it can resume even before any event.
        yield ServerSentEventMessage(comment="connected", id=events.last_id)
        last_sent = loop.time()
        check_at = last_sent + KEY_CHECK_SECONDS
        while True:
            try:
                item = await asyncio.wait_for(listener.get(), max(0, check_at - loop.time()))
            except TimeoutError:  # time to check the key (events wait in the queue)
                if not await key_valid():
                    return
                check_at = loop.time() + KEY_CHECK_SECONDS
                if loop.time() - last_sent >= KEEPALIVE_SECONDS:
                    last_sent = loop.time()
                    yield ServerSentEventMessage(comment="keep-alive")
                continue
            if item is None:  # the service is shutting down
                return
            last_sent = loop.time()
            if isinstance(item, Reset):
                yield ServerSentEventMessage(data="{}", event="reset")
                continue
            yield ServerSentEventMessage(
                data=msgspec.json.encode(item.event).decode(), event="queue", id=item.id
            )
