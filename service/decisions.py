"""Moderators' decisions as state changes: which decision may start from which status,
what each one sets, and how an undo puts back what a decision changed.

Pure functions: they compute a :class:`Transition` from the comment as the moderator
saw it; the store applies it only if nobody changed the comment since.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

import msgspec

from service.keys import Moderator
from service.redaction import mask_spans
from service.refusals import NotDecidable, NotUndoable, Refused, invalid
from service.store.records import (
    DECISIONS,
    AuditEntry,
    DecisionAction,
    DecisionDetail,
    DecisionState,
    QueueItem,
    Status,
    TextChange,
    Texts,
    Transition,
    UndoDetail,
)
from service.times import parse_rfc3339, rfc3339, utc_now

Action = Literal["approve", "reject", "redact", "blind", "undo"]
REJECT_REASONS: tuple[str, ...] = ("personal_info", "spam", "abuse", "off_topic", "other")
MAX_BLIND = dt.timedelta(days=30)
# Which statuses each decision may start from ("published" for approve only when reported).
_FROM: dict[DecisionAction, frozenset[Status]] = {
    "approve": frozenset(("pending", "blinded", "rejected", "published")),
    "reject": frozenset(("pending", "published", "blinded")),
    "redact": frozenset(("pending", "published", "blinded", "rejected")),
    "blind": frozenset(("published",)),
}


class Span(msgspec.Struct, frozen=True):
    start: int
    end: int


class Decision(msgspec.Struct, frozen=True, kw_only=True):
    action: Action
    version: int
    # For reject: a reason code; for other actions: an optional note for the audit log.
    reason: str | None = None
    # For reject: a note the author can see.
    note: str | None = None
    # For blind: when the comment comes back (RFC 3339, at most 30 days ahead).
    until: str | None = None
    # For redact: the spans of the body to mask (default: every finding).
    spans: list[Span] | None = None


class BulkDecision(Decision, frozen=True, kw_only=True):
    comment_id: str


def transition(moderator: Moderator, current: QueueItem, decision: Decision) -> Transition:
    """The change ``decision`` (not an undo) makes to ``current``."""
    action = decision.action
    assert action != "undo"
    decidable = current.status in _FROM[action]
    if action == "approve" and current.status == "published" and not current.reports:
        decidable = False
    if not decidable:
        raise Refused(NotDecidable(action, current))
    to_status: Status = "published"
    state, text = DecisionState(), None
    if action == "reject":
        if decision.reason not in REJECT_REASONS:
            raise invalid("reason", f"reject needs a reason code: {', '.join(REJECT_REASONS)}")
        to_status = "rejected"
        state = DecisionState(reject_reason=decision.reason, reject_note=decision.note)
    elif action == "blind":
        to_status = "blinded"
        state = DecisionState(blinded_until=_blind_until(decision.until))
    elif action == "redact":
        text = _redaction(current, decision.spans)
    clears_reports = action in ("approve", "reject", "redact") and current.reports > 0
    return Transition(
        comment_id=current.id,
        expected_version=current.version,
        actor=moderator.name,
        action=action,
        to_status=to_status,
        now=rfc3339(utc_now()),
        state=state,
        text=text,
        reason=decision.reason,
        detail=DecisionDetail(
            version=current.version + 1, before=current.state, reports_cleared=clears_reports
        ),
        reports="clear" if clears_reports else "keep",
        override_claim=moderator.is_admin,
    )


def undoable(
    moderator: Moderator, current: QueueItem, last: AuditEntry | None, window: dt.timedelta
) -> DecisionDetail:
    """The detail of ``last`` (the comment's latest audit entry) if ``moderator`` may
    undo it now; else refused with the reason."""
    if (
        last is None
        or last.action not in DECISIONS
        or last.from_status is None
        or not isinstance(last.detail, DecisionDetail)
    ):
        raise _not_undoable(current, "the last change to this comment was not a decision")
    if last.actor != moderator.name:
        raise _not_undoable(current, "only the moderator who decided can undo")
    if utc_now() - parse_rfc3339(last.at) > window:
        raise _not_undoable(current, "the undo window has passed")
    if last.detail.version != current.version:
        raise _not_undoable(current, "the comment changed after that decision")
    return last.detail


def original_needed(current: QueueItem, original: Texts | None) -> Texts:
    """The text a redaction replaced, which its undo must put back."""
    if original is None:
        raise _not_undoable(current, "the original text is no longer kept")
    return original


def reversal(
    moderator: Moderator,
    current: QueueItem,
    last: AuditEntry,
    undone: DecisionDetail,
    original: Texts | None,
) -> Transition:
    """The change that undoes ``last``, a decision whose detail is ``undone``."""
    assert last.from_status is not None
    return Transition(
        comment_id=current.id,
        expected_version=current.version,
        actor=moderator.name,
        action="undo",
        to_status=last.from_status,
        now=rfc3339(utc_now()),
        state=undone.before,
        text=TextChange(texts=original, original=None) if original is not None else None,
        reason=f"undo {last.action}",
        detail=UndoDetail(undoes=last.id, version=current.version + 1),
        reports="restore" if undone.reports_cleared else "keep",
        restore_at=last.at,
        override_claim=moderator.is_admin,
    )


def _redaction(current: QueueItem, spans: list[Span] | None) -> TextChange:
    body_spans = [(f.start, f.end) for f in current.findings if f.field == "body"]
    author_spans = [(f.start, f.end) for f in current.findings if f.field == "author"]
    if spans is not None:
        if any(span.end > len(current.body) or span.start >= span.end for span in spans):
            raise invalid("spans", f"spans must lie inside the body (0-{len(current.body)})")
        body_spans, author_spans = [(s.start, s.end) for s in spans], []
    if not body_spans and not author_spans:
        raise invalid("spans", "nothing to redact: no findings and no spans")
    return TextChange(
        texts=Texts(mask_spans(current.author, author_spans), mask_spans(current.body, body_spans)),
        original=Texts(current.author, current.body),
    )


def _blind_until(until: str | None) -> str:
    if until is None:
        raise invalid("until", "blind needs `until` (RFC 3339, at most 30 days ahead)")
    try:
        moment = parse_rfc3339(until)
    except ValueError:
        raise invalid("until", "until is not an RFC 3339 time") from None
    if moment.tzinfo is None:
        raise invalid("until", "until needs a time zone (e.g. Z)")
    now = utc_now()
    if not now < moment <= now + MAX_BLIND:
        raise invalid("until", "until must be in the future and at most 30 days ahead")
    return rfc3339(moment)


def _not_undoable(current: QueueItem, why: str) -> Refused:
    return Refused(NotUndoable(why, current))
