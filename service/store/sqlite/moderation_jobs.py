"""Moderators' writes in SQLite: jobs for the writer thread.

Every state change is a :class:`Transition` applied only if the comment still has the
version the moderator saw (optimistic concurrency: two moderators acting on one comment
get exactly one success and one conflict), and writes its audit entry in the same
transaction, so the log and the comments can never disagree.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import msgspec

from service.ids import new_id
from service.store.records import (
    ApiKey,
    Applied,
    AuditAction,
    AuditDetail,
    Claim,
    ClaimedByOther,
    ClaimOutcome,
    ExpiredBlind,
    Mode,
    NotFound,
    Role,
    Status,
    Transition,
    TransitionOutcome,
    VersionConflict,
)
from service.store.sqlite import keys
from service.store.sqlite.writer import Job

_encode = msgspec.json.Encoder().encode


@dataclass(slots=True)
class ApplyTransition(Job[TransitionOutcome]):
    transition: Transition

    def run(self, connection: sqlite3.Connection) -> TransitionOutcome:
        change = self.transition
        row = connection.execute(
            "SELECT article_id, status, version, claimed_by, claimed_until FROM comments"
            " WHERE id = ?",
            (change.comment_id,),
        ).fetchone()
        if row is None:
            return NotFound()
        article_id, status, version, claimed_by, claimed_until = row
        if version != change.expected_version:
            return VersionConflict(version)
        held = _held_by_other(claimed_by, claimed_until, change.actor, change.now)
        if held and not change.override_claim:
            return ClaimedByOther(claimed_by, claimed_until)
        state = change.state
        connection.execute(
            """
            UPDATE comments SET status = ?, version = version + 1, updated_at = ?,
                   claimed_by = NULL, claimed_until = NULL, hold_reason = ?,
                   blinded_until = ?, reject_reason = ?, reject_note = ?
             WHERE id = ?
            """,
            (
                *(change.to_status, change.now, state.hold_reason, state.blinded_until),
                *(state.reject_reason, state.reject_note, change.comment_id),
            ),
        )
        if (text := change.text) is not None:
            original = _encode(text.original).decode() if text.original is not None else None
            connection.execute(
                "UPDATE comments SET author = ?, body = ?, redacted_original = ? WHERE id = ?",
                (text.texts.author, text.texts.body, original, change.comment_id),
            )
        _update_reports(connection, change)
        audit(
            connection,
            Audited(change.now, change.actor, change.action, change.comment_id, article_id),
            (status, change.to_status),
            change.reason,
            change.detail,
        )
        return Applied(article_id, status, version + 1)


def _held_by_other(claimed_by: str | None, until: str | None, actor: str, now: str) -> bool:
    return claimed_by is not None and claimed_by != actor and until is not None and until > now


def _update_reports(connection: sqlite3.Connection, change: Transition) -> None:
    if change.reports == "clear":
        connection.execute(
            "UPDATE reports SET cleared_at = ? WHERE comment_id = ? AND cleared_at IS NULL",
            (change.now, change.comment_id),
        )
    elif change.reports == "restore":
        connection.execute(
            "UPDATE reports SET cleared_at = NULL WHERE comment_id = ? AND cleared_at = ?",
            (change.comment_id, change.restore_at),
        )


@dataclass(slots=True, frozen=True)
class Audited:
    """Who did what, when, to which comment or article."""

    at: str
    actor: str
    action: AuditAction
    comment_id: str | None
    article_id: str


def audit(
    connection: sqlite3.Connection,
    what: Audited,
    statuses: tuple[Status | None, Status | None],
    reason: str | None,
    detail: AuditDetail | None,
) -> None:
    connection.execute(
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


@dataclass(slots=True)
class ChangeClaim(Job[ClaimOutcome]):
    comment_id: str
    actor: str
    until: str | None  # None releases the claim
    now: str
    override: bool

    def run(self, connection: sqlite3.Connection) -> ClaimOutcome:
        row = connection.execute(
            "SELECT claimed_by, claimed_until FROM comments WHERE id = ?", (self.comment_id,)
        ).fetchone()
        if row is None:
            return NotFound()
        if _held_by_other(row[0], row[1], self.actor, self.now) and not self.override:
            return ClaimedByOther(row[0], row[1])
        holder = self.actor if self.until is not None else None
        connection.execute(
            "UPDATE comments SET claimed_by = ?, claimed_until = ? WHERE id = ?",
            (holder, self.until, self.comment_id),
        )
        return Claim(holder, self.until)


@dataclass(slots=True)
class SetArticle(Job[None]):
    article_id: str
    open: bool
    mode: Mode
    actor: str
    now: str

    def run(self, connection: sqlite3.Connection) -> None:
        connection.execute(
            """
            INSERT INTO articles (id, open, mode, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET open = excluded.open, mode = excluded.mode,
                                           updated_at = excluded.updated_at
            """,
            (self.article_id, int(self.open), self.mode, self.now, self.now),
        )
        connection.execute(
            """
            INSERT INTO audit_log (id, at, actor, action, article_id, detail)
            VALUES (?, ?, ?, 'article_settings', ?, json_object('open', json(?), 'mode', ?))
            """,
            (
                new_id(),
                self.now,
                self.actor,
                self.article_id,
                "true" if self.open else "false",
                self.mode,
            ),
        )


@dataclass(slots=True)
class ExpireBlinds(Job[list[ExpiredBlind]]):
    """Blinds whose time is up go back to `pending` for a moderator to decide."""

    now: str

    def run(self, connection: sqlite3.Connection) -> list[ExpiredBlind]:
        expired = connection.execute(
            """
            UPDATE comments SET status = 'pending', hold_reason = 'blind_expired',
                   blinded_until = NULL, version = version + 1, updated_at = ?
             WHERE status = 'blinded' AND blinded_until <= ?
            RETURNING id, article_id
            """,
            (self.now, self.now),
        ).fetchall()
        for comment_id, article_id in expired:
            what = Audited(self.now, "system", "blind_expired", comment_id, article_id)
            audit(connection, what, ("blinded", "pending"), None, None)
        return [ExpiredBlind(comment_id, article_id) for comment_id, article_id in expired]


@dataclass(slots=True)
class CreateKey(Job[ApiKey]):
    name: str
    role: Role
    key_hash: str
    actor: str
    now: str

    def run(self, connection: sqlite3.Connection) -> ApiKey:
        return keys.create_key(
            connection, self.name, self.role, self.key_hash, self.actor, self.now
        )


@dataclass(slots=True)
class RevokeKey(Job[bool]):
    name: str
    actor: str
    now: str

    def run(self, connection: sqlite3.Connection) -> bool:
        return keys.revoke_key(connection, self.name, self.actor, self.now)
