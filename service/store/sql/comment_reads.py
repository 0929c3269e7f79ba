"""The readers' reads, for either SQL store: articles, replays, own comments, threads."""

from __future__ import annotations

from service.store.records import Article, IdempotencyRecord, OwnComment, ThreadComment, ThreadRows
from service.store.sql.reading import Read
from service.store.sql.steps import placeholders


async def article(read: Read, article_id: str) -> Article | None:
    rows = await read("SELECT id, open, mode FROM articles WHERE id = ?", (article_id,))
    return Article(rows[0][0], bool(rows[0][1]), rows[0][2]) if rows else None


async def replay(read: Read, key_hash: str) -> IdempotencyRecord | None:
    rows = await read(
        "SELECT key_hash, request_hash, response FROM idempotency_keys WHERE key_hash = ?",
        (key_hash,),
    )
    return IdempotencyRecord(rows[0][0], rows[0][1], bytes(rows[0][2])) if rows else None


async def own_comment(read: Read, comment_id: str) -> tuple[str, OwnComment] | None:
    rows = await read(
        "SELECT token_hash, id, article_id, status, reject_reason, reject_note"
        " FROM comments WHERE id = ?",
        (comment_id,),
    )
    return (rows[0][0], OwnComment(*rows[0][1:])) if rows else None


async def thread_root(read: Read, comment_id: str) -> str | None:
    rows = await read("SELECT parent_id FROM comments WHERE id = ?", (comment_id,))
    return (rows[0][0] or comment_id) if rows else None


async def thread(
    read: Read, article_id: str, *, newest_first: bool, limit: int, after: str | None, replies: int
) -> ThreadRows:
    order, compare = ("DESC", "<") if newest_first else ("ASC", ">")
    after_cursor, parameters = (f"AND c.id {compare} ?", (after,)) if after else ("", ())
    top = await read(
        f"""
        SELECT c.id, c.author, c.body, c.created_at, c.status,
               (SELECT COUNT(*) FROM comments r
                 WHERE r.parent_id = c.id AND r.status = 'published') AS reply_count
          FROM comments c
         WHERE c.article_id = ? AND c.parent_id IS NULL {after_cursor}
           AND (c.status = 'published'
                OR (c.status = 'withdrawn' AND EXISTS (
                    SELECT 1 FROM comments r
                     WHERE r.parent_id = c.id AND r.status = 'published')))
         ORDER BY c.id {order}
         LIMIT ?
        """,
        (article_id, *parameters, limit + 1),
    )
    page = [
        ThreadComment(
            id=row[0],
            article_id=article_id,
            parent_id=None,
            author="" if row[4] == "withdrawn" else row[1],
            body="" if row[4] == "withdrawn" else row[2],
            created_at=row[3],
            withdrawn=row[4] == "withdrawn",
            reply_count=row[5],
        )
        for row in top[:limit]
    ]
    reply_rows = await _replies(read, article_id, [c.id for c in page if c.reply_count], replies)
    total = await read(
        "SELECT COUNT(*) FROM comments WHERE status = 'published' AND article_id = ?",
        (article_id,),
    )
    return ThreadRows(
        top_level=page, replies=reply_rows, total=total[0][0], has_more=len(top) > limit
    )


async def is_thread_cursor(read: Read, article_id: str, comment_id: str) -> bool:
    rows = await read(
        "SELECT 1 FROM comments WHERE id = ? AND article_id = ? AND parent_id IS NULL",
        (comment_id, article_id),
    )
    return bool(rows)


async def _replies(
    read: Read, article_id: str, parent_ids: list[str], limit: int
) -> list[ThreadComment]:
    if not parent_ids:
        return []
    rows = await read(
        f"""
        SELECT id, parent_id, author, body, created_at FROM (
            SELECT id, parent_id, author, body, created_at,
                   ROW_NUMBER() OVER (PARTITION BY parent_id ORDER BY id) AS rank_in_thread
              FROM comments
             WHERE parent_id IN ({placeholders(parent_ids)}) AND status = 'published'
        ) numbered WHERE rank_in_thread <= ? ORDER BY parent_id, id
        """,
        (*parent_ids, limit),
    )
    return [
        ThreadComment(
            id=row[0],
            article_id=article_id,
            parent_id=row[1],
            author=row[2],
            body=row[3],
            created_at=row[4],
        )
        for row in rows
    ]
