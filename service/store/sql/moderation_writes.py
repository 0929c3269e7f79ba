"""Moderators' writes, as transactions for either SQL store.

Every state change is a :class:`Transition` applied only if the comment still has the
version the moderator saw (optimistic concurrency: two moderators acting on one comment
get exactly one success and one conflict, on one process or on several), and writes
its audit entry and its event in the same transaction, so the log, the feed and the
comments can never disagree.
"""

from __future__ import annotations

import msgspec

from service.ids import new_id
from service.store.records import (
    Applied,
    ArticleDetail,
    AuditAction,
    AuditDetail,
    Claim,
    ClaimedByOther,
    ClaimOutcome,
    ExpiredBlind,
    Mode,
    NotFound,
    Status,
    Transition,
    TransitionOutcome,
    VersionConflict,
)
from service.store.sql import feed
from service.store.sql.feed import Change
from service.store.sql.steps import Query, Steps, one

_encode = msgspec.json.Encoder().encode


def transition(change: Transition) -> Steps[TransitionOutcome]:
    found = one(
        (
            yield Query(
                "SELECT article_id, status, version, claimed_by, claimed_until FROM comments"
                " WHERE id = ?{for_update}",
                (change.comment_id,),
            )
        )
    )
    if found is None:
        return NotFound()
    article_id, status, version, claimed_by, claimed_until = found
    if version != change.expected_version:
        return VersionConflict(version)
    held = _held_by_other(claimed_by, claimed_until, change.actor, change.now)
    if held and not change.override_claim:
        return ClaimedByOther(claimed_by, claimed_until)
    state = change.state
    updated = yield Query(
        """
        UPDATE comments SET status = ?, version = version + 1, updated_at = ?,
               claimed_by = NULL, claimed_until = NULL, hold_reason = ?,
               blinded_until = ?, reject_reason = ?, reject_note = ?
         WHERE id = ? AND version = ?
        RETURNING version
        """,
        (
            *(change.to_status, change.now, state.hold_reason, state.blinded_until),
            *(state.reject_reason, state.reject_note, change.comment_id, version),
        ),
    )
    if not updated:
        return VersionConflict(version + 1)
    if (text := change.text) is not None:
        original = _encode(text.original).decode() if text.original is not None else None
        yield Query(
            "UPDATE comments SET author = ?, body = ?, redacted_original = ? WHERE id = ?",
            (text.texts.author, text.texts.body, original, change.comment_id),
        )
    yield from _update_reports(change)
    yield from audit(
        Audited(change.now, change.actor, change.action, change.comment_id, article_id),
        (status, change.to_status),
        change.reason,
        change.detail,
    )
    decided = Change(
        "decided", article_id, change.comment_id, change.to_status, change.action, version + 1
    )
    yield from feed.record([decided], change.now)
    return Applied(article_id, status, version + 1)


def _held_by_other(claimed_by: str | None, until: str | None, actor: str, now: str) -> bool:
    return claimed_by is not None and claimed_by != actor and until is not None and until > now


def _update_reports(change: Transition) -> Steps[None]:
    if change.reports == "clear":
        yield Query(
            "UPDATE reports SET cleared_at = ? WHERE comment_id = ? AND cleared_at IS NULL",
            (change.now, change.comment_id),
        )
    elif change.reports == "restore":
        yield Query(
            "UPDATE reports SET cleared_at = NULL WHERE comment_id = ? AND cleared_at = ?",
            (change.comment_id, change.restore_at),
        )


class Audited(msgspec.Struct, frozen=True):
    """Who did what, when, to which comment or article."""

    at: str
    actor: str
    action: AuditAction
    comment_id: str | None
    article_id: str | None


def audit(
    what: Audited,
    statuses: tuple[Status | None, Status | None],
    reason: str | None,
    detail: AuditDetail | None,
) -> Steps[None]:
    yield Query(
        """
        INSERT INTO audit_log (id, at, actor, action, comment_id, article_id, from_status,
                               to_status, reason, detail)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (
            *(new_id(), what.at, what.actor, what.action, what.comment_id, what.article_id),
            *statuses,
            reason,
            _encode(detail).decode() if detail is not None else None,
        ),
    )


def change_claim(
    comment_id: str, actor: str, until: str | None, now: str, override: bool
) -> Steps[ClaimOutcome]:
    """Claim the comment for ``actor`` until ``until``; None releases the claim."""
    found = one(
        (
            yield Query(
                "SELECT claimed_by, claimed_until FROM comments WHERE id = ?{for_update}",
                (comment_id,),
            )
        )
    )
    if found is None:
        return NotFound()
    if _held_by_other(found[0], found[1], actor, now) and not override:
        return ClaimedByOther(found[0], found[1])
    holder = actor if until is not None else None
    yield Query(
        "UPDATE comments SET claimed_by = ?, claimed_until = ? WHERE id = ?",
        (holder, until, comment_id),
    )
    return Claim(holder, until)


def set_article(article_id: str, open: bool, mode: Mode, actor: str, now: str) -> Steps[None]:
    yield Query(
        """
        INSERT INTO articles (id, open, mode, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET open = excluded.open, mode = excluded.mode,
                                       updated_at = excluded.updated_at
        """,
        (article_id, int(open), mode, now, now),
    )
    what = Audited(now, actor, "article_settings", None, article_id)
    yield from audit(what, (None, None), None, ArticleDetail(open=open, mode=mode))
    yield from feed.record([Change("article", article_id)], now)


def expire_blinds(now: str) -> Steps[list[ExpiredBlind]]:
    """Blinds whose time is up go back to `pending` for a moderator to decide (on
    PostgreSQL, by one replica of many: the others find the chore taken)."""
    taken = yield Query("{chore_lock}", (1,))
    if taken and not taken[0][0]:
        return []
    expired = yield Query(
        """
        UPDATE comments SET status = 'pending', hold_reason = 'blind_expired',
               blinded_until = NULL, version = version + 1, updated_at = ?
         WHERE status = 'blinded' AND blinded_until <= ?
        RETURNING id, article_id, version
        """,
        (now, now),
    )
    for comment_id, article_id, _ in expired:
        what = Audited(now, "system", "blind_expired", comment_id, article_id)
        yield from audit(what, ("blinded", "pending"), None, None)
    changes = [
        Change("blind_expired", article_id, comment_id, "pending", None, version)
        for comment_id, article_id, version in expired
    ]
    yield from feed.record(changes, now)
    return [ExpiredBlind(comment_id, article_id) for comment_id, article_id, _ in expired]
