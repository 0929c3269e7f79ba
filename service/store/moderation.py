"""Moderation in SQLite: queue queries and the jobs that change a comment's state.

Every state change is a :class:`Transition` applied only if the comment still has the
version the moderator saw (optimistic concurrency: two moderators acting on one comment
get exactly one success and one conflict), and writes its audit entry in the same
transaction, so the log and the comments can never disagree.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

import aiosqlite
import msgspec

from service.ids import new_id
from service.store import keys
from service.store.records import (
    ApiKey,
    Applied,
    AuditEntry,
    AuditFilter,
    Claim,
    ClaimedByOther,
    ClaimOutcome,
    NotFound,
    Queue,
    QueueCounts,
    QueueFilter,
    QueueItem,
    Role,
    StoredFinding,
    Transition,
    TransitionOutcome,
    VersionConflict,
)
from service.store.writer import Job

_decode_findings = msgspec.json.Decoder(list[StoredFinding]).decode
_encode_detail = msgspec.json.Encoder().encode
_decode_detail = msgspec.json.Decoder(dict[str, Any]).decode

_OPEN_REPORTS = "SELECT COUNT(*) FROM reports r WHERE r.comment_id = c.id AND r.cleared_at IS NULL"
_ITEM_COLUMNS = f"""
    c.id, c.article_id, c.parent_id, c.author, c.body, c.created_at, c.updated_at, c.status,
    c.version, c.findings, c.hold_reason, ({_OPEN_REPORTS}) AS reports, c.claimed_by,
    c.claimed_until, c.blinded_until, c.reject_reason, c.reject_note,
    c.redacted_original IS NOT NULL, c.purged_at
"""
_QUEUES: dict[Queue, str] = {
    "pending": "c.status = 'pending'",
    "reported": f"c.status = 'published' AND ({_OPEN_REPORTS}) > 0",
    # Kept for review until retention purges their text.
    "rejected": "c.status = 'rejected' AND c.purged_at IS NULL",
    "blinded": "c.status = 'blinded'",
}
# The only columns a transition may set besides status, version and updated_at.
_CHANGEABLE = frozenset(
    {"author", "body", "hold_reason", "blinded_until", "reject_reason", "reject_note"}
    | {"redacted_original"}
)


# -- reads (the read-only aiosqlite connection) -----------------------------------------


async def queue_page(
    reader: aiosqlite.Connection, queue: Queue, where: QueueFilter, limit: int, after: str | None
) -> tuple[list[QueueItem], bool]:
    """Oldest first; returns the items and whether there are more."""
    conditions, parameters = [_QUEUES[queue]], []
    if after is not None:
        conditions.append("c.id > ?")
        parameters.append(after)
    if where.article_id is not None:
        conditions.append("c.article_id = ?")
        parameters.append(where.article_id)
    if where.hold_reason is not None:
        conditions.append("c.hold_reason = ?")
        parameters.append(where.hold_reason)
    if where.finding_type is not None:
        conditions.append(
            "EXISTS (SELECT 1 FROM json_each(c.findings) f"
            " WHERE json_extract(f.value, '$.type') = ?)"
        )
        parameters.append(where.finding_type)
    if where.hide_claimed_for is not None:
        conditions.append(
            "NOT (c.claimed_by IS NOT NULL AND c.claimed_by != ? AND c.claimed_until > ?)"
        )
        parameters += [where.hide_claimed_for, where.now]
    rows = list(
        await reader.execute_fetchall(
            f"SELECT {_ITEM_COLUMNS} FROM comments c WHERE {' AND '.join(conditions)}"
            " ORDER BY c.id LIMIT ?",
            (*parameters, limit + 1),
        )
    )
    return await _items(reader, rows[:limit]), len(rows) > limit


async def item(reader: aiosqlite.Connection, comment_id: str) -> QueueItem | None:
    rows = list(
        await reader.execute_fetchall(
            f"SELECT {_ITEM_COLUMNS} FROM comments c WHERE c.id = ?", (comment_id,)
        )
    )
    items = await _items(reader, rows)
    return items[0] if items else None


async def _items(reader: aiosqlite.Connection, rows: list[Any]) -> list[QueueItem]:
    reasons: dict[str, dict[str, int]] = {}
    reported = [row[0] for row in rows if row[11]]
    if reported:
        placeholders = ", ".join("?" * len(reported))
        for comment_id, reason, count in await reader.execute_fetchall(
            f"SELECT comment_id, reason, COUNT(*) FROM reports WHERE cleared_at IS NULL"
            f" AND comment_id IN ({placeholders}) GROUP BY comment_id, reason",
            reported,
        ):
            reasons.setdefault(comment_id, {})[reason] = count
    return [
        QueueItem(
            id=row[0],
            article_id=row[1],
            parent_id=row[2],
            author=row[3],
            body=row[4] or "",
            created_at=row[5],
            updated_at=row[6],
            status=row[7],
            version=row[8],
            findings=_decode_findings(row[9]),
            hold_reason=row[10],
            why=_why(row[7], row[10], row[11]),
            reports=row[11],
            report_reasons=reasons.get(row[0], {}),
            claimed_by=row[12],
            claimed_until=row[13],
            blinded_until=row[14],
            reject_reason=row[15],
            reject_note=row[16],
            redacted=bool(row[17]),
            purged_at=row[18],
        )
        for row in rows
    ]


def _why(status: str, hold_reason: str | None, reports: int) -> str:
    if status == "pending":
        return hold_reason or "pending"
    if status == "published":
        return "reported" if reports else "published"
    return status


async def redacted_original(reader: aiosqlite.Connection, comment_id: str) -> str | None:
    rows = list(
        await reader.execute_fetchall(
            "SELECT redacted_original FROM comments WHERE id = ?", (comment_id,)
        )
    )
    return rows[0][0] if rows else None


async def counts(reader: aiosqlite.Connection, article_id: str | None) -> QueueCounts:
    scope, parameters = ("AND c.article_id = ?", (article_id,)) if article_id else ("", ())
    # One indexed count per queue (each uses the status index).
    [(pending, rejected, blinded, oldest)] = await reader.execute_fetchall(
        f"""
        SELECT (SELECT COUNT(*) FROM comments c WHERE {_QUEUES["pending"]} {scope}),
               (SELECT COUNT(*) FROM comments c WHERE {_QUEUES["rejected"]} {scope}),
               (SELECT COUNT(*) FROM comments c WHERE {_QUEUES["blinded"]} {scope}),
               (SELECT MIN(c.updated_at) FROM comments c WHERE {_QUEUES["pending"]} {scope})
        """,
        parameters * 4,
    )
    [(reported,)] = await reader.execute_fetchall(
        f"""
        SELECT COUNT(DISTINCT r.comment_id) FROM reports r JOIN comments c ON c.id = r.comment_id
         WHERE r.cleared_at IS NULL AND c.status = 'published' {scope}
        """,
        parameters,
    )
    return QueueCounts(pending, reported, rejected, blinded, oldest)


async def audit_page(
    reader: aiosqlite.Connection, where: AuditFilter, limit: int, before: str | None
) -> tuple[list[AuditEntry], bool]:
    """Newest first."""
    conditions, parameters = ["1 = 1"], []
    for column, value in (
        ("comment_id", where.comment_id),
        ("actor", where.actor),
        ("article_id", where.article_id),
    ):
        if value is not None:
            conditions.append(f"{column} = ?")
            parameters.append(value)
    for clause, value in (("at >= ?", where.since), ("at < ?", where.until), ("id < ?", before)):
        if value is not None:
            conditions.append(clause)
            parameters.append(value)
    rows = list(
        await reader.execute_fetchall(
            "SELECT id, at, actor, action, comment_id, article_id, from_status, to_status,"
            f" reason, detail FROM audit_log WHERE {' AND '.join(conditions)}"
            " ORDER BY id DESC LIMIT ?",
            (*parameters, limit + 1),
        )
    )
    entries = [
        AuditEntry(
            id=row[0],
            at=row[1],
            actor=row[2],
            action=row[3],
            comment_id=row[4],
            article_id=row[5],
            from_status=row[6],
            to_status=row[7],
            reason=row[8],
            detail=_decode_detail(row[9]) if row[9] else None,
        )
        for row in rows[:limit]
    ]
    return entries, len(rows) > limit


async def all_keys(reader: aiosqlite.Connection) -> list[ApiKey]:
    return [ApiKey(*row) for row in await reader.execute_fetchall(keys.LIST_KEYS)]


async def key_for_hash(reader: aiosqlite.Connection, key_hash: str) -> tuple[str, Role] | None:
    rows = list(
        await reader.execute_fetchall(
            "SELECT name, role FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL",
            (key_hash,),
        )
    )
    return (rows[0][0], rows[0][1]) if rows else None


# -- write jobs (the writer thread, inside the batch's transaction) ---------------------


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
        if not set(change.changes) <= _CHANGEABLE:
            raise ValueError(
                f"not a changeable column: {sorted(set(change.changes) - _CHANGEABLE)}"
            )
        columns = "".join(f", {column} = ?" for column in sorted(change.changes))
        connection.execute(
            f"""
            UPDATE comments SET status = ?, version = version + 1, updated_at = ?,
                   claimed_by = NULL, claimed_until = NULL{columns}
             WHERE id = ?
            """,
            (
                change.to_status,
                change.now,
                *(change.changes[column] for column in sorted(change.changes)),
                change.comment_id,
            ),
        )
        _update_reports(connection, change)
        audit(connection, change, article_id, status)
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


def audit(
    connection: sqlite3.Connection, change: Transition, article_id: str, from_status: str
) -> None:
    connection.execute(
        """
        INSERT INTO audit_log (id, at, actor, action, comment_id, article_id, from_status,
                               to_status, reason, detail)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """,
        (
            new_id(),
            change.now,
            change.actor,
            change.action,
            change.comment_id,
            article_id,
            from_status,
            change.to_status,
            change.reason,
            _encode_detail(change.detail).decode() if change.detail else None,
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
class SetArticle(Job[tuple[bool, str]]):
    article_id: str
    open: bool
    mode: str
    actor: str
    now: str

    def run(self, connection: sqlite3.Connection) -> tuple[bool, str]:
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
        return (self.open, self.mode)


@dataclass(slots=True)
class ExpireBlinds(Job[list[tuple[str, str]]]):
    """Blinds whose time is up go back to `pending` for a moderator to decide."""

    now: str

    def run(self, connection: sqlite3.Connection) -> list[tuple[str, str]]:
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
            change = Transition(
                comment_id=comment_id,
                expected_version=0,
                actor="system",
                action="blind_expired",
                to_status="pending",
                now=self.now,
            )
            audit(connection, change, article_id, "blinded")
        return [(comment_id, article_id) for comment_id, article_id in expired]


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
