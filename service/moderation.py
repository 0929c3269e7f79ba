"""Moderators' work on comments: queues, decisions without lost updates, claims, the
audit log and article settings.

A decision is computed from the comment as the moderator saw it (its ``version``) and
applied only if nobody changed the comment since; otherwise the moderator learns the
current state. Each applied decision writes its audit entry in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, assert_never

from service import metrics, validation
from service.decisions import (
    BulkDecision,
    Decision,
    original_needed,
    reversal,
    transition,
    undoable,
)
from service.events import Events, QueueEvent
from service.keys import Moderator
from service.refusals import (
    ClaimedByOther,
    CommentNotFound,
    Reason,
    Refused,
    StaleVersion,
    TextPurged,
    invalid,
)
from service.store import records
from service.store.records import (
    Applied,
    Article,
    AuditEntry,
    AuditFilter,
    Claim,
    HoldReason,
    NotFound,
    Queue,
    QueueCounts,
    QueueFilter,
    QueueItem,
    Transition,
    VersionConflict,
)
from service.times import rfc3339, utc_now

if TYPE_CHECKING:
    from service.comments import Comments
    from service.settings import Settings
    from service.store import Store

BULK_LIMIT = 100


# One decision of many: the item as it is after it, or why it was not applied.
BulkOutcome = QueueItem | Reason


class Moderation:
    def __init__(
        self, store: Store, comments: Comments, events: Events, settings: Settings
    ) -> None:
        self._store = store
        self._comments = comments
        self._events = events
        self._settings = settings

    # -- queues -----------------------------------------------------------------------------

    async def counts(self, article_id: str | None) -> QueueCounts:
        return await self._store.queue_counts(article_id)

    async def queue(
        self,
        moderator: Moderator,
        queue: Queue,
        *,
        article_id: str | None,
        finding_type: str | None,
        hold_reason: HoldReason | None,
        hide_claimed: bool,
        limit: int,
        cursor: str | None,
    ) -> tuple[list[QueueItem], str | None]:
        where = QueueFilter(
            article_id=article_id,
            finding_type=finding_type,
            hold_reason=hold_reason,
            hide_claimed_for=moderator.name if hide_claimed else None,
            now=_now(),
        )
        items, more = await self._store.queue(queue, where, limit, validation.cursor(cursor))
        return items, items[-1].id if more and items else None

    async def item(self, comment_id: str) -> QueueItem:
        found = await self._store.queue_item(validation.comment_id(comment_id))
        if found is None:
            raise Refused(CommentNotFound())
        return found

    # -- decisions ----------------------------------------------------------------------------

    async def decide(self, moderator: Moderator, comment_id: str, decision: Decision) -> QueueItem:
        current = await self.item(comment_id)
        if decision.version != current.version:
            raise Refused(StaleVersion(current))
        if current.purged_at is not None:
            raise Refused(TextPurged())
        if decision.action == "undo":
            change = await self._undo(moderator, current)
        else:
            change = transition(moderator, current, decision)
        match outcome := await self._store.transition(change):
            case Applied() as applied:
                self._applied(change, applied)
                return await self.item(comment_id)
            case VersionConflict():
                raise Refused(StaleVersion(await self.item(comment_id)))
            case records.ClaimedByOther() | NotFound():
                raise _not_done(outcome)
            case _:
                assert_never(outcome)

    async def decide_many(
        self, moderator: Moderator, decisions: list[BulkDecision]
    ) -> list[BulkOutcome]:
        """Each decision on its own: applied, or the reason it was not (nothing half-done)."""
        if len(decisions) > BULK_LIMIT:
            raise invalid("decisions", f"at most {BULK_LIMIT} decisions")
        outcomes: list[BulkOutcome] = []
        for bulk in decisions:
            try:
                outcomes.append(await self.decide(moderator, bulk.comment_id, bulk))
            except Refused as refused:
                outcomes.append(refused.reason)
        return outcomes

    def _applied(self, change: Transition, applied: Applied) -> None:
        metrics.DECISIONS.labels(change.action).inc()
        self._comments.forget_article(applied.article_id)
        self._events.publish(
            QueueEvent(
                type="decided",
                comment_id=change.comment_id,
                article_id=applied.article_id,
                status=change.to_status,
                action=change.action,
                version=applied.version,
            )
        )

    async def _undo(self, moderator: Moderator, current: QueueItem) -> Transition:
        entries, _ = await self._store.audit(AuditFilter(comment_id=current.id), 1, None)
        last = entries[0] if entries else None
        window = dt.timedelta(seconds=self._settings.undo_seconds)
        undone = undoable(moderator, current, last, window)
        assert last is not None
        original = None
        if last.action == "redact":
            original = original_needed(current, await self._store.redacted_original(current.id))
        return reversal(moderator, current, last, undone, original)

    # -- claims -------------------------------------------------------------------------------

    async def claim(self, moderator: Moderator, comment_id: str, *, release: bool) -> Claim:
        await self.item(comment_id)
        now = utc_now()
        until = (
            None if release else rfc3339(now + dt.timedelta(seconds=self._settings.claim_seconds))
        )
        match outcome := await self._store.claim(
            comment_id, moderator.name, until, rfc3339(now), override=moderator.is_admin
        ):
            case Claim() as claim:
                return claim
            case records.ClaimedByOther() | NotFound():
                raise _not_done(outcome)
            case _:
                assert_never(outcome)

    # -- audit, articles ------------------------------------------------------------------------

    async def audit(
        self, where: AuditFilter, limit: int, cursor: str | None
    ) -> tuple[list[AuditEntry], str | None]:
        entries, more = await self._store.audit(where, limit, validation.cursor(cursor))
        return entries, entries[-1].id if more and entries else None

    async def article(self, article_id: str) -> Article:
        found = await self._store.article(validation.article_id(article_id))
        return found or Article(article_id)

    async def set_article(self, moderator: Moderator, settings: Article) -> Article:
        await self._store.set_article(
            validation.article_id(settings.id), settings.open, settings.mode, moderator.name, _now()
        )
        self._comments.forget_article(settings.id)
        return settings

    # -- housekeeping ---------------------------------------------------------------------------

    async def expire_blinds(self) -> None:
        """Blinds whose time is up go back to `pending` (a maintenance chore)."""
        for expired in await self._store.expire_blinds(_now()):
            self._comments.forget_article(expired.article_id)
            self._events.publish(
                QueueEvent(
                    type="blind_expired",
                    comment_id=expired.comment_id,
                    article_id=expired.article_id,
                    status="pending",
                )
            )


def _not_done(outcome: records.ClaimedByOther | NotFound) -> Refused:
    """Why the store did not apply a transition or a claim, as a refusal."""
    match outcome:
        case records.ClaimedByOther(claimed_by, claimed_until):
            return Refused(ClaimedByOther(claimed_by, claimed_until))
        case NotFound():
            return Refused(CommentNotFound())
        case _:
            assert_never(outcome)


def _now() -> str:
    return rfc3339(utc_now())
