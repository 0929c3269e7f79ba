"""The change feed in SQL: every write records what it changed in ``events``, in the
same transaction, and every process reads the table from where it got to.

Ids are the moderators' event stream ids, so a stream resumes on any process. Queue
events (what moderators' streams carry) must commit in the order of their ids, or a
reader could pass an id whose transaction commits later: SQLite has one writer at a
time; PostgreSQL takes a transaction-scoped advisory lock (``{order_events}``) before
it draws their ids and holds it until commit. The other events only tell processes
which article's caches to drop, which any order does; they take no lock, so
submissions keep committing together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from service.store.records import QUEUE_EVENTS, EventType, FeedBounds, FeedEvent, Status
from service.store.sql.reading import Read
from service.store.sql.steps import Query, Steps, placeholders

# A step that changes nothing: it tells the driver the feed's newest id after this
# transaction (PostgreSQL wakes the other processes with it once it committed).
FEED_MOVED = "-- the feed moved"
_COLUMNS = "id, kind, article_id, comment_id, status, action, version"


class Change(NamedTuple):
    type: EventType
    article_id: str
    comment_id: str | None = None
    status: Status | None = None
    action: str | None = None
    version: int | None = None


def record(changes: Sequence[Change], at: str) -> Steps[None]:
    """Insert ``changes`` as events (the last statements of their transaction)."""
    if not changes:
        return
    if any(change.type in QUEUE_EVENTS for change in changes):
        yield Query("{order_events}")
    row = f"({placeholders(range(7))})"
    rows = yield Query(
        "INSERT INTO events (kind, article_id, comment_id, status, action, version, at)"
        f" VALUES {', '.join([row] * len(changes))} RETURNING id",
        [value for change in changes for value in (*change, at)],
    )
    yield Query(FEED_MOVED, (max(row[0] for row in rows),))


async def events(read: Read, after: int, limit: int, *, queue_only: bool) -> list[FeedEvent]:
    kinds = sorted(QUEUE_EVENTS) if queue_only else []
    only = f" AND kind IN ({placeholders(kinds)})" if kinds else ""
    rows = await read(
        f"SELECT {_COLUMNS} FROM events WHERE id > ?{only} ORDER BY id LIMIT ?",
        (after, *kinds, limit),
    )
    return [
        FeedEvent(
            id=row[0],
            type=row[1],
            article_id=row[2],
            comment_id=row[3],
            status=row[4],
            action=row[5],
            version=row[6],
        )
        for row in rows
    ]


async def bounds(read: Read) -> FeedBounds:
    [(oldest, newest)] = await read("SELECT MIN(id), MAX(id) FROM events", ())
    return FeedBounds(oldest - 1, newest) if newest is not None else FeedBounds(0, 0)


def purge(before: str, batch: int) -> Steps[int]:
    """Events older than ``before``, but never the newest: its id is where the feed is."""
    rows = yield Query(
        "DELETE FROM events WHERE id IN (SELECT id FROM events WHERE at < ?"
        " AND id < (SELECT MAX(id) FROM events) ORDER BY id LIMIT ?) RETURNING id",
        (before, batch),
    )
    return len(rows)
