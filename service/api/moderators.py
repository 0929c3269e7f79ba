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

from service import decisions
from service.api.bulk import bulk_result
from service.api.convert import to_api
from service.api.moderator_types import (
    ApiKey,
    ArticleSettings,
    AuditEntry,
    AuditPage,
    BulkRequest,
    BulkResponse,
    Claim,
    Counts,
    CreatedKey,
    Decision,
    NewKey,
    QueueItem,
    QueuePage,
)
from service.api.moderator_types import Moderator as ModeratorAnswer
from service.api.problems import documented
from service.events import Events, Reset
from service.keys import Keys, Moderator, require
from service.moderation import Moderation
from service.store.records import Article, AuditFilter, HoldReason, Queue, Role

Limit = Annotated[int, QueryParameter(name="limit", ge=1, le=100)]
Cursor = Annotated[str | None, QueryParameter(name="cursor")]
ArticleFilter = Annotated[str | None, QueryParameter(name="article_id")]
KEEPALIVE_SECONDS = 15.0
# How often an open event stream checks that its key is still valid: a revoked key
# (over HTTP or with the CLI, from another process) loses its stream within this time.
KEY_CHECK_SECONDS = 2.0


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
    access: Keys = connection.app.state.runtime.keys
    moderator = await access.authenticate(connection.headers.get("authorization"))
    require(moderator, handler.opt.get("role", "admin"))
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
    async def me(self, moderator: NamedDependency[Moderator]) -> ModeratorAnswer:
        return to_api(moderator, ModeratorAnswer)

    @get("/queues", summary="How many comments wait in each queue", **requires("moderator", 400))
    async def counts(
        self, moderation: NamedDependency[Moderation], article_id: ArticleFilter = None
    ) -> Counts:
        counts = await moderation.counts(article_id)
        return Counts(
            pending=counts.pending,
            reported=counts.reported,
            rejected=counts.rejected,
            blinded=counts.blinded,
            oldest_pending_age_seconds=counts.oldest_pending_age(),
        )

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
        return QueuePage([to_api(item, QueueItem) for item in items], next_cursor)

    @get(
        "/comments/{comment_id:str}",
        summary="One comment with everything moderators see",
        **requires("moderator", 400, 404),
    )
    async def comment(
        self, comment_id: FromPath[str], moderation: NamedDependency[Moderation]
    ) -> QueueItem:
        return to_api(await moderation.item(comment_id), QueueItem)

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
        decided = await moderation.decide(moderator, comment_id, to_api(data, decisions.Decision))
        return to_api(decided, QueueItem)

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
        wanted = [to_api(each, decisions.BulkDecision) for each in data.decisions]
        outcomes = await moderation.decide_many(moderator, wanted)
        return BulkResponse(
            [
                bulk_result(each.comment_id, outcome)
                for each, outcome in zip(data.decisions, outcomes, strict=True)
            ]
        )

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
        return to_api(await moderation.claim(moderator, comment_id, release=False), Claim)

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
        entries, next_cursor = await moderation.audit(where, limit, cursor)
        # Details are open JSON objects in the API, whatever their type in the domain.
        items = [msgspec.convert(msgspec.to_builtins(entry), AuditEntry) for entry in entries]
        return AuditPage(items, next_cursor)

    @get(
        "/articles/{article_id:path}", summary="An article's settings", **requires("moderator", 400)
    )
    async def article(
        self, article_id: FromPath[str], moderation: NamedDependency[Moderation]
    ) -> ArticleSettings:
        return to_api(await moderation.article(article_id.lstrip("/")), ArticleSettings)

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
        settings = Article(article_id.lstrip("/"), data.open, data.mode)
        return to_api(await moderation.set_article(moderator, settings), ArticleSettings)

    @get("/keys", summary="API keys (never the keys themselves)", **requires("admin"))
    async def keys(self, access: NamedDependency[Keys]) -> list[ApiKey]:
        return [to_api(key, ApiKey) for key in await access.listed()]

    @post(
        "/keys", summary="Create a key; it is shown once", **requires("admin", 400, 409, 413, 415)
    )
    async def create_key(
        self,
        data: JSONBody[NewKey],
        access: NamedDependency[Keys],
        moderator: NamedDependency[Moderator],
    ) -> CreatedKey:
        return to_api(await access.create(moderator.name, data.name, data.role), CreatedKey)

    @delete("/keys/{name:str}", status_code=204, summary="Revoke a key", **requires("admin", 404))
    async def revoke_key(
        self,
        name: FromPath[str],
        access: NamedDependency[Keys],
        moderator: NamedDependency[Moderator],
    ) -> None:
        await access.revoke(moderator.name, name)

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
        access: NamedDependency[Keys],
        last_event_id: Annotated[str | None, HeaderParameter(name="last-event-id")] = None,
    ) -> ServerSentEvent:
        authorization = request.headers.get("authorization")
        key_valid = lambda: access.is_valid(authorization)  # noqa: E731
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
