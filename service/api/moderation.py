"""Moderators' endpoints, all under ``/v1/moderation`` and all behind an API key.

The guard authenticates the ``Authorization: Bearer`` key and checks the route's
role (``opt={"role": "admin"}`` for article settings and key management).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
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
from service.problems import Problem
from service.store.records import (
    ApiKey,
    AuditEntry,
    AuditFilter,
    Claim,
    HoldReason,
    Queue,
    QueueItem,
)

Limit = Annotated[int, QueryParameter(name="limit", ge=1, le=100)]
Cursor = Annotated[str | None, QueryParameter(name="cursor")]
ArticleFilter = Annotated[str | None, QueryParameter(name="article_id")]
KEEPALIVE_SECONDS = 15.0


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


async def require_key(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """401 without a valid key; 403 when the key's role does not allow the route."""
    moderation: Moderation = connection.app.state.runtime.moderation
    moderator = await moderation.authenticate(connection.headers.get("authorization"))
    if handler.opt.get("role") == "admin" and not moderator.is_admin:
        raise Problem(403, "forbidden", "this needs an admin key")
    connection.state.moderator = moderator


def _moderator(request: Request[Any, Any, Any]) -> Moderator:
    moderator: Moderator = request.state.moderator
    return moderator


class ModerationController(Controller):
    path = "/v1/moderation"
    guards = [require_key]
    tags = ["moderation"]
    security = [{"apiKey": []}]
    dependencies = {"moderator": Provide(_moderator, sync_to_thread=False)}

    @get("/me", summary="Whose key this is, and its role")
    async def me(self, moderator: NamedDependency[Moderator]) -> Moderator:
        return moderator

    @get("/queues", summary="How many comments wait in each queue")
    async def counts(
        self, moderation: NamedDependency[Moderation], article_id: ArticleFilter = None
    ) -> Counts:
        return await moderation.counts(article_id)

    @get("/queues/{queue:str}", summary="A queue, oldest first")
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

    @get("/comments/{comment_id:str}", summary="One comment with everything moderators see")
    async def comment(
        self, comment_id: FromPath[str], moderation: NamedDependency[Moderation]
    ) -> QueueItem:
        return await moderation.item(comment_id)

    @post(
        "/comments/{comment_id:str}/decision",
        status_code=200,
        summary="Approve, reject, redact, blind or undo; `version` must be current",
    )
    async def decide(
        self,
        comment_id: FromPath[str],
        data: JSONBody[Decision],
        moderation: NamedDependency[Moderation],
        moderator: NamedDependency[Moderator],
    ) -> QueueItem:
        return await moderation.decide(moderator, comment_id, data)

    @post("/decisions", status_code=200, summary="Many decisions, each applied or not on its own")
    async def decide_many(
        self,
        data: JSONBody[BulkRequest],
        moderation: NamedDependency[Moderation],
        moderator: NamedDependency[Moderator],
    ) -> BulkResponse:
        return BulkResponse(await moderation.decide_many(moderator, data.decisions))

    @post("/comments/{comment_id:str}/claim", status_code=200, summary="Work on a comment")
    async def claim(
        self,
        comment_id: FromPath[str],
        moderation: NamedDependency[Moderation],
        moderator: NamedDependency[Moderator],
    ) -> Claim:
        return await moderation.claim(moderator, comment_id, release=False)

    @delete("/comments/{comment_id:str}/claim", status_code=204, summary="Release a claim")
    async def release(
        self,
        comment_id: FromPath[str],
        moderation: NamedDependency[Moderation],
        moderator: NamedDependency[Moderator],
    ) -> None:
        await moderation.claim(moderator, comment_id, release=True)

    @get("/audit", summary="The moderation log, newest first (never comment text)")
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

    @get("/articles/{article_id:path}", summary="An article's settings")
    async def article(
        self, article_id: FromPath[str], moderation: NamedDependency[Moderation]
    ) -> ArticleSettings:
        return await moderation.article(article_id.lstrip("/"))

    @put(
        "/articles/{article_id:path}",
        summary="Open/close an article; post- or pre-moderation",
        opt={"role": "admin"},
    )
    async def set_article(
        self,
        article_id: FromPath[str],
        data: JSONBody[ArticleSettings],
        moderation: NamedDependency[Moderation],
        moderator: NamedDependency[Moderator],
    ) -> ArticleSettings:
        return await moderation.set_article(moderator, article_id.lstrip("/"), data)

    @get("/keys", summary="API keys (never the keys themselves)", opt={"role": "admin"})
    async def keys(self, moderation: NamedDependency[Moderation]) -> list[ApiKey]:
        return await moderation.keys()

    @post("/keys", summary="Create a key; it is shown once", opt={"role": "admin"})
    async def create_key(
        self,
        data: JSONBody[NewKey],
        moderation: NamedDependency[Moderation],
        moderator: NamedDependency[Moderator],
    ) -> CreatedKey:
        return await moderation.create_key(moderator, data)

    @delete("/keys/{name:str}", status_code=204, summary="Revoke a key", opt={"role": "admin"})
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
    )
    async def events(
        self,
        events: NamedDependency[Events],
        last_event_id: Annotated[str | None, HeaderParameter(name="last-event-id")] = None,
    ) -> ServerSentEvent:
        return ServerSentEvent(_stream(events, last_event_id))


async def _stream(
    events: Events, last_event_id: str | None
) -> AsyncIterator[ServerSentEventMessage]:
    with events.listen(last_event_id) as listener:
        # The id tells a client where it is, so it can resume even before any event.
        yield ServerSentEventMessage(comment="connected", id=events.last_id)
        while True:
            try:
                item = await asyncio.wait_for(listener.get(), KEEPALIVE_SECONDS)
            except TimeoutError:
                yield ServerSentEventMessage(comment="keep-alive")
                continue
            if item is None:  # the service is shutting down
                return
            if isinstance(item, Reset):
                yield ServerSentEventMessage(data="{}", event="reset")
                continue
            yield ServerSentEventMessage(
                data=msgspec.json.encode(item.event).decode(), event="queue", id=item.id
            )
