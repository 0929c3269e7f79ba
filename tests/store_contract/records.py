"""Records for the store contract suite to store: drafts of comments and the like."""

from __future__ import annotations

from typing import Any, Literal

from service.ids import new_id
from service.pii import Explanation
from service.store.records import (
    CommentFinding,
    DecisionDetail,
    DecisionState,
    Draft,
    Field,
    QueueItem,
    Status,
    Transition,
)
from service.times import rfc3339, utc_now


def draft(article_id: str = "a1", **fields: object) -> Draft:
    values: dict[str, object] = {
        "id": new_id(),
        "article_id": article_id,
        "parent_id": None,
        "author": "민수",
        "body": "본문",
        "status": "published",
        "hold_reason": None,
        "findings": (),
        "policy_version": "test",
        "created_at": rfc3339(utc_now()),
        "token_hash": "0" * 64,
        "client_hash": "1" * 32,
        "expected_mode": "post",
        **fields,
    }
    return Draft(**values)  # type: ignore[arg-type]


OLD = "2026-01-01T00:00:00.000Z"
RECENT = "2026-11-27T00:00:00.000Z"
NOW = "2026-11-28T00:00:00.000Z"
LATER = "2026-11-29T00:00:00.000Z"


def finding(
    field: Field = "body", start: int = 0, end: int = 2, **explained: Any
) -> CommentFinding:
    return CommentFinding(
        field=field,
        type="phone",
        start=start,
        end=end,
        policy="phone",
        action="hold",
        confidence=0.9,
        explanation=Explanation(**explained),
    )


def held(article_id: str = "a1", **fields: object) -> Draft:
    """A draft held by a policy for a moderator."""
    values: dict[str, object] = {"findings": (finding(),), **fields}
    return draft(article_id, status="pending", hold_reason="policy", **values)


def decision(
    current: QueueItem,
    action: Literal["approve", "reject", "redact", "blind", "undo"],
    *,
    actor: str = "alice",
    now: str = NOW,
    **fields: Any,
) -> Transition:
    """A transition as the domain makes one for ``action`` on ``current``."""
    to_status: Status = "rejected" if action == "reject" else "published"
    to_status = "blinded" if action == "blind" else to_status
    values: dict[str, Any] = {
        "comment_id": current.id,
        "expected_version": current.version,
        "actor": actor,
        "action": action,
        "to_status": to_status,
        "now": now,
        "state": DecisionState(),
        "detail": DecisionDetail(
            version=current.version + 1, before=current.state, reports_cleared=False
        ),
        **fields,
    }
    return Transition(**values)
