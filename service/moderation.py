"""Moderators' work: API keys, queues, decisions without lost updates, claims, the audit
log and article settings.

A decision is computed from the comment as the moderator saw it (its ``version``) and
applied only if nobody changed the comment since; otherwise the moderator gets a 409
with the current state. Each applied decision writes its audit entry in the same
transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from typing import TYPE_CHECKING, Annotated, Any, Literal

import msgspec

from service import metrics
from service.events import Events, QueueEvent
from service.models import COMMENT_ID_PATTERN, is_article_id, is_comment_id
from service.problems import Problem
from service.redaction import mask_spans
from service.store.keys import KeyExists
from service.store.records import (
    ApiKey,
    Applied,
    AuditEntry,
    AuditFilter,
    Claim,
    ClaimedByOther,
    HoldReason,
    NotFound,
    Queue,
    QueueFilter,
    QueueItem,
    Role,
    Status,
    Transition,
    VersionConflict,
)
from service.times import parse_rfc3339, rfc3339, utc_now

if TYPE_CHECKING:
    from service.comments import Comments
    from service.settings import Settings
    from service.store.base import ModerationStore

Action = Literal["approve", "reject", "redact", "blind", "undo"]
REJECT_REASONS: tuple[str, ...] = ("personal_info", "spam", "abuse", "off_topic", "other")
MAX_BLIND = dt.timedelta(days=30)
BULK_LIMIT = 100
# Which statuses each decision may start from ("published" for approve only when reported).
_FROM: dict[str, frozenset[Status]] = {
    "approve": frozenset(("pending", "blinded", "rejected", "published")),
    "reject": frozenset(("pending", "published", "blinded")),
    "redact": frozenset(("pending", "published", "blinded", "rejected")),
    "blind": frozenset(("published",)),
}
_encode = msgspec.json.Encoder().encode


class Moderator(msgspec.Struct, frozen=True):
    name: str
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


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


class BulkResult(msgspec.Struct, omit_defaults=True):
    comment_id: str
    outcome: Literal["applied", "conflict", "not_found", "invalid"]
    code: str | None = None
    detail: str | None = None
    item: QueueItem | None = None


class Counts(msgspec.Struct):
    pending: int
    reported: int
    rejected: int
    blinded: int
    oldest_pending_age_seconds: float | None


class ArticleSettings(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    open: bool
    mode: Literal["post", "pre"]


KEY_NAME_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"
_KEY_NAME = re.compile(KEY_NAME_PATTERN)


def is_key_name(name: str) -> bool:
    """Whole names only: msgspec's pattern check lets a trailing newline through."""
    return _KEY_NAME.fullmatch(name) is not None


class NewKey(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(pattern=KEY_NAME_PATTERN)]
    role: Role


class CreatedKey(msgspec.Struct, frozen=True):
    name: str
    role: Role
    key: str


def new_key() -> tuple[str, str]:
    """A fresh API key and the hash that is stored in its place."""
    key = "mdr_" + secrets.token_urlsafe(32)
    return key, key_hash(key)


def key_hash(key: str) -> str:
    # Keys are 256 random bits: a plain SHA-256 is as good as a slow hash here, and the
    # lookup compares fixed-length digests rather than the secret itself.
    return hashlib.sha256(key.encode()).hexdigest()


class Moderation:
    def __init__(
        self, store: ModerationStore, comments: Comments, events: Events, settings: Settings
    ) -> None:
        self._store = store
        self._comments = comments
        self._events = events
        self._settings = settings

    # -- who is asking ----------------------------------------------------------------------

    async def authenticate(self, authorization: str | None) -> Moderator:
        scheme, _, key = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise _unauthorized("an API key is required: Authorization: Bearer <key>")
        found = await self._store.key_for_hash(key_hash(key.strip()))
        if found is None:
            raise _unauthorized("the API key is not valid")
        return Moderator(*found)

    async def is_valid_key(self, authorization: str | None) -> bool:
        """Whether ``authorization`` still names a key that is not revoked."""
        try:
            await self.authenticate(authorization)
        except Problem:
            return False
        return True

    # -- queues -----------------------------------------------------------------------------

    async def counts(self, article_id: str | None) -> Counts:
        counts = await self._store.queue_counts(article_id)
        oldest = counts.oldest_pending_at
        age = (utc_now() - parse_rfc3339(oldest)).total_seconds() if oldest else None
        return Counts(counts.pending, counts.reported, counts.rejected, counts.blinded, age)

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
        items, more = await self._store.queue(queue, where, limit, _cursor(cursor))
        return items, items[-1].id if more and items else None

    async def item(self, comment_id: str) -> QueueItem:
        found = await self._store.queue_item(comment_id) if is_comment_id(comment_id) else None
        if found is None:
            raise Problem(404, "not_found", "No such comment.")
        return found

    # -- decisions ----------------------------------------------------------------------------

    async def decide(self, moderator: Moderator, comment_id: str, decision: Decision) -> QueueItem:
        current = await self.item(comment_id)
        if decision.version != current.version:
            raise _conflict(current)
        if current.purged_at is not None:
            raise Problem(
                409, "purged", "retention purged this comment's text; it cannot be decided"
            )
        if decision.action == "undo":
            change = await self._undo(moderator, current)
        else:
            change = _transition(moderator, current, decision)
        outcome = await self._store.transition(change)
        if isinstance(outcome, Applied):
            self._applied(change, outcome)
            return await self.item(comment_id)
        if isinstance(outcome, VersionConflict):
            raise _conflict(await self.item(comment_id))
        if isinstance(outcome, ClaimedByOther):
            raise _claimed(outcome)
        raise Problem(404, "not_found", "No such comment.")

    async def decide_many(
        self, moderator: Moderator, decisions: list[BulkDecision]
    ) -> list[BulkResult]:
        """Each decision on its own: applied, or the reason it was not (nothing half-done)."""
        if len(decisions) > BULK_LIMIT:
            raise Problem(
                400, "validation_error", f"at most {BULK_LIMIT} decisions", field="decisions"
            )
        results = []
        for bulk in decisions:
            try:
                item = await self.decide(moderator, bulk.comment_id, bulk)
            except Problem as problem:
                results.append(_bulk_failure(bulk.comment_id, problem))
            else:
                results.append(BulkResult(bulk.comment_id, "applied", item=item))
        return results

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
        if last is None or last.action not in _FROM or last.from_status is None:
            raise _not_undoable(current, "the last change to this comment was not a decision")
        if last.actor != moderator.name:
            raise _not_undoable(current, "only the moderator who decided can undo")
        window = dt.timedelta(seconds=self._settings.undo_seconds)
        if utc_now() - parse_rfc3339(last.at) > window:
            raise _not_undoable(current, "the undo window has passed")
        detail = last.detail or {}
        if detail.get("version") != current.version:
            raise _not_undoable(current, "the comment changed after that decision")
        original = None
        if last.action == "redact":
            original = await self._store.redacted_original(current.id)
            if original is None:
                raise _not_undoable(current, "the original text is no longer kept")
        return _reversal(moderator, current, last, detail, original)

    # -- claims -------------------------------------------------------------------------------

    async def claim(self, moderator: Moderator, comment_id: str, *, release: bool) -> Claim:
        await self.item(comment_id)
        now = utc_now()
        until = (
            None if release else rfc3339(now + dt.timedelta(seconds=self._settings.claim_seconds))
        )
        outcome = await self._store.claim(
            comment_id, moderator.name, until, rfc3339(now), override=moderator.is_admin
        )
        if isinstance(outcome, ClaimedByOther):
            raise _claimed(outcome)
        if isinstance(outcome, NotFound):
            raise Problem(404, "not_found", "No such comment.")
        return outcome

    # -- audit, articles, keys ----------------------------------------------------------------

    async def audit(
        self, where: AuditFilter, limit: int, cursor: str | None
    ) -> tuple[list[AuditEntry], str | None]:
        entries, more = await self._store.audit(where, limit, _cursor(cursor))
        return entries, entries[-1].id if more and entries else None

    async def article(self, article_id: str) -> ArticleSettings:
        found = await self._store.article(_article_id(article_id))
        return ArticleSettings(found.open, found.mode) if found else ArticleSettings(True, "post")

    async def set_article(
        self, moderator: Moderator, article_id: str, settings: ArticleSettings
    ) -> ArticleSettings:
        await self._store.set_article(
            _article_id(article_id), settings.open, settings.mode, moderator.name, _now()
        )
        self._comments.forget_article(article_id)
        return settings

    async def keys(self) -> list[ApiKey]:
        return await self._store.keys()

    async def create_key(self, moderator: Moderator, new: NewKey) -> CreatedKey:
        if not is_key_name(new.name):
            raise _invalid("name", "a key name is 1-64 characters of A-Z a-z 0-9 . _ -")
        key, hashed = new_key()
        try:
            await self._store.create_key(new.name, new.role, hashed, moderator.name, _now())
        except KeyExists as exc:
            raise Problem(409, "key_exists", str(exc), field="name") from None
        return CreatedKey(new.name, new.role, key)

    async def revoke_key(self, moderator: Moderator, name: str) -> None:
        if not await self._store.revoke_key(name, moderator.name, _now()):
            raise Problem(404, "not_found", f"No active key named {name!r}.")

    # -- housekeeping ---------------------------------------------------------------------------

    async def expire_blinds(self) -> None:
        """Blinds whose time is up go back to `pending` (a maintenance chore)."""
        for comment_id, article_id in await self._store.expire_blinds(_now()):
            self._comments.forget_article(article_id)
            self._events.publish(
                QueueEvent(
                    type="blind_expired",
                    comment_id=comment_id,
                    article_id=article_id,
                    status="pending",
                )
            )


def _transition(moderator: Moderator, current: QueueItem, decision: Decision) -> Transition:
    action = decision.action
    decidable = current.status in _FROM[action]
    if action == "approve" and current.status == "published" and not current.reports:
        decidable = False
    if not decidable:
        raise Problem(
            409,
            "not_decidable",
            f"cannot {action} a {current.status} comment",
            current=_encode_item(current),
        )
    now = _now()
    changes: dict[str, object] = {
        "hold_reason": None,
        "blinded_until": None,
        "reject_reason": None,
        "reject_note": None,
    }
    to_status: Status = "published"
    reason = decision.reason
    if action == "reject":
        if decision.reason not in REJECT_REASONS:
            raise _invalid("reason", f"reject needs a reason code: {', '.join(REJECT_REASONS)}")
        to_status = "rejected"
        changes |= {"reject_reason": decision.reason, "reject_note": decision.note}
    elif action == "blind":
        to_status = "blinded"
        changes["blinded_until"] = _blind_until(decision.until)
    elif action == "redact":
        changes |= _redaction(current, decision.spans)
    clears_reports = action in ("approve", "reject", "redact") and current.reports > 0
    return Transition(
        comment_id=current.id,
        expected_version=current.version,
        actor=moderator.name,
        action=action,
        to_status=to_status,
        now=now,
        changes=changes,
        reason=reason,
        detail={
            "version": current.version + 1,
            "before": _state(current),
            "reports_cleared": clears_reports,
        },
        reports="clear" if clears_reports else "keep",
        override_claim=moderator.is_admin,
    )


def _reversal(
    moderator: Moderator,
    current: QueueItem,
    last: AuditEntry,
    detail: dict[str, Any],
    original: str | None,
) -> Transition:
    changes: dict[str, object] = dict(detail.get("before") or {})
    if original is not None:
        texts = msgspec.json.decode(original)
        changes |= {"author": texts["author"], "body": texts["body"], "redacted_original": None}
    return Transition(
        comment_id=current.id,
        expected_version=current.version,
        actor=moderator.name,
        action="undo",
        to_status=last.from_status,  # type: ignore[arg-type]
        now=_now(),
        changes=changes,
        reason=f"undo {last.action}",
        detail={"undoes": last.id, "version": current.version + 1},
        reports="restore" if detail.get("reports_cleared") else "keep",
        restore_at=last.at,
        override_claim=moderator.is_admin,
    )


def _redaction(current: QueueItem, spans: list[Span] | None) -> dict[str, object]:
    body_spans = [(f.start, f.end) for f in current.findings if f.field == "body"]
    author_spans = [(f.start, f.end) for f in current.findings if f.field == "author"]
    if spans is not None:
        if any(span.end > len(current.body) or span.start >= span.end for span in spans):
            raise _invalid("spans", f"spans must lie inside the body (0-{len(current.body)})")
        body_spans, author_spans = [(s.start, s.end) for s in spans], []
    if not body_spans and not author_spans:
        raise _invalid("spans", "nothing to redact: no findings and no spans")
    return {
        "body": mask_spans(current.body, body_spans),
        "author": mask_spans(current.author, author_spans),
        "redacted_original": _encode({"author": current.author, "body": current.body}).decode(),
    }


def _state(current: QueueItem) -> dict[str, object]:
    """What a decision overwrites and an undo puts back (no comment text)."""
    return {
        "hold_reason": current.hold_reason,
        "blinded_until": current.blinded_until,
        "reject_reason": current.reject_reason,
        "reject_note": current.reject_note,
    }


def _blind_until(until: str | None) -> str:
    if until is None:
        raise _invalid("until", "blind needs `until` (RFC 3339, at most 30 days ahead)")
    try:
        moment = parse_rfc3339(until)
    except ValueError:
        raise _invalid("until", "until is not an RFC 3339 time") from None
    if moment.tzinfo is None:
        raise _invalid("until", "until needs a time zone (e.g. Z)")
    now = utc_now()
    if not now < moment <= now + MAX_BLIND:
        raise _invalid("until", "until must be in the future and at most 30 days ahead")
    return rfc3339(moment)


def _bulk_failure(comment_id: str, problem: Problem) -> BulkResult:
    outcome: Literal["conflict", "not_found", "invalid"] = (
        "not_found" if problem.status == 404 else "conflict" if problem.status == 409 else "invalid"
    )
    return BulkResult(comment_id, outcome, code=problem.code, detail=problem.detail)


def _conflict(current: QueueItem) -> Problem:
    return Problem(
        409,
        "version_conflict",
        f"the comment changed: it is at version {current.version}",
        current=_encode_item(current),
    )


def _claimed(claim: ClaimedByOther) -> Problem:
    return Problem(
        409,
        "claimed",
        f"{claim.claimed_by} is working on this comment",
        claimed_by=claim.claimed_by,
        claimed_until=claim.claimed_until,
    )


def _not_undoable(current: QueueItem, why: str) -> Problem:
    return Problem(409, "not_undoable", why, current=_encode_item(current))


def _encode_item(item: QueueItem) -> Any:
    return msgspec.to_builtins(item)


def _unauthorized(detail: str) -> Problem:
    return Problem(401, "unauthorized", detail, headers={"WWW-Authenticate": "Bearer"})


def _invalid(field: str, detail: str) -> Problem:
    return Problem(400, "validation_error", detail, field=field)


def _cursor(cursor: str | None) -> str | None:
    if cursor is not None and not is_comment_id(cursor):
        raise _invalid("cursor", "cursor is not one this service gave out")
    return cursor


def _article_id(article_id: str) -> str:
    if not is_article_id(article_id):
        raise _invalid("article_id", "article_id must be 1-200 of A-Z a-z 0-9 . _ : / -")
    return article_id


def _now() -> str:
    return rfc3339(utc_now())
