"""Moderators' reads in SQLite (the read-only aiosqlite connection): queues, items,
counts, the audit log and keys."""

from __future__ import annotations

from typing import Any

import aiosqlite
import msgspec

from service.store.records import (
    ApiKey,
    AuditAction,
    AuditDetail,
    AuditEntry,
    AuditFilter,
    CommentFinding,
    Queue,
    QueueCounts,
    QueueFilter,
    QueueItem,
    Role,
    Texts,
    detail_type,
)
from service.store.sqlite.comment_jobs import placeholders
from service.store.sqlite.keys import KEY_FOR_HASH, LIST_KEYS

_decode_findings = msgspec.json.Decoder(list[CommentFinding]).decode
_decode_texts = msgspec.json.Decoder(Texts).decode

OPEN_REPORTS = "SELECT COUNT(*) FROM reports r WHERE r.comment_id = c.id AND r.cleared_at IS NULL"
_ITEM_COLUMNS = f"""
    c.id, c.article_id, c.parent_id, c.author, c.body, c.created_at, c.updated_at, c.status,
    c.version, c.findings, c.hold_reason, ({OPEN_REPORTS}) AS reports, c.claimed_by,
    c.claimed_until, c.blinded_until, c.reject_reason, c.reject_note,
    c.redacted_original IS NOT NULL, c.purged_at
"""
QUEUES: dict[Queue, str] = {
    "pending": "c.status = 'pending'",
    "reported": f"c.status = 'published' AND ({OPEN_REPORTS}) > 0",
    # Kept for review until retention purges their text.
    "rejected": "c.status = 'rejected' AND c.purged_at IS NULL",
    "blinded": "c.status = 'blinded'",
}


async def queue_page(
    reader: aiosqlite.Connection, queue: Queue, where: QueueFilter, limit: int, after: str | None
) -> tuple[list[QueueItem], bool]:
    """Oldest first; returns the items and whether there are more."""
    conditions, parameters = [QUEUES[queue]], []
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
    rows = await _rows(
        reader,
        f"SELECT {_ITEM_COLUMNS} FROM comments c WHERE {' AND '.join(conditions)}"
        " ORDER BY c.id LIMIT ?",
        (*parameters, limit + 1),
    )
    return await _items(reader, rows[:limit]), len(rows) > limit


async def item(reader: aiosqlite.Connection, comment_id: str) -> QueueItem | None:
    rows = await _rows(
        reader, f"SELECT {_ITEM_COLUMNS} FROM comments c WHERE c.id = ?", (comment_id,)
    )
    items = await _items(reader, rows)
    return items[0] if items else None


async def _items(reader: aiosqlite.Connection, rows: list[Any]) -> list[QueueItem]:
    reasons: dict[str, dict[str, int]] = {}
    reported = [row[0] for row in rows if row[11]]
    if reported:
        for comment_id, reason, count in await reader.execute_fetchall(
            f"SELECT comment_id, reason, COUNT(*) FROM reports WHERE cleared_at IS NULL"
            f" AND comment_id IN ({placeholders(reported)}) GROUP BY comment_id, reason",
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


async def redacted_original(reader: aiosqlite.Connection, comment_id: str) -> Texts | None:
    rows = await _rows(reader, "SELECT redacted_original FROM comments WHERE id = ?", (comment_id,))
    return _decode_texts(rows[0][0]) if rows and rows[0][0] else None


async def counts(reader: aiosqlite.Connection, article_id: str | None) -> QueueCounts:
    scope, parameters = ("AND c.article_id = ?", (article_id,)) if article_id else ("", ())
    # One indexed count per queue (each uses the status index).
    [(pending, rejected, blinded, oldest)] = await reader.execute_fetchall(
        f"""
        SELECT (SELECT COUNT(*) FROM comments c WHERE {QUEUES["pending"]} {scope}),
               (SELECT COUNT(*) FROM comments c WHERE {QUEUES["rejected"]} {scope}),
               (SELECT COUNT(*) FROM comments c WHERE {QUEUES["blinded"]} {scope}),
               (SELECT MIN(c.updated_at) FROM comments c WHERE {QUEUES["pending"]} {scope})
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
    rows = await _rows(
        reader,
        "SELECT id, at, actor, action, comment_id, article_id, from_status, to_status,"
        f" reason, detail FROM audit_log WHERE {' AND '.join(conditions)}"
        " ORDER BY id DESC LIMIT ?",
        (*parameters, limit + 1),
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
            detail=_detail(row[3], row[9]),
        )
        for row in rows[:limit]
    ]
    return entries, len(rows) > limit


def _detail(action: AuditAction, stored: str | None) -> AuditDetail | None:
    kind = detail_type(action)
    return msgspec.json.decode(stored, type=kind) if kind is not None and stored else None


async def all_keys(reader: aiosqlite.Connection) -> list[ApiKey]:
    return [ApiKey(*row) for row in await reader.execute_fetchall(LIST_KEYS)]


async def key_for_hash(reader: aiosqlite.Connection, key_hash: str) -> tuple[str, Role] | None:
    rows = await _rows(reader, KEY_FOR_HASH, (key_hash,))
    return (rows[0][0], rows[0][1]) if rows else None


async def _rows(
    reader: aiosqlite.Connection, sql: str, parameters: tuple[Any, ...] = ()
) -> list[Any]:
    return list(await reader.execute_fetchall(sql, parameters))
