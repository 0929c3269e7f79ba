"""The readers' writes: submissions, withdrawals, reports and the heartbeat, as
transactions for either SQL store (see :mod:`service.store.sql.steps`)."""

from __future__ import annotations

import hmac
from collections.abc import Iterable, Sequence
from typing import Any

import msgspec

from service.store.records import (
    Article,
    ArticleChanged,
    ArticleClosed,
    BadParent,
    Created,
    CreateOutcome,
    Draft,
    IdempotencyRecord,
    NotFound,
    OverQuota,
    Quota,
    Replayed,
    Reported,
    ReportOutcome,
    Status,
    Withdrawn,
    WithdrawOutcome,
    WrongToken,
)
from service.store.sql import feed, quotas
from service.store.sql.feed import Change
from service.store.sql.steps import Query, Row, Steps, one, placeholders

_encode_findings = msgspec.json.Encoder().encode


def create(drafts: Sequence[Draft]) -> Steps[list[CreateOutcome]]:
    """Submissions, decided in order against the database and the drafts before them;
    a burst of them is checked and inserted with a few statements."""
    articles = yield from _by_id(
        "SELECT id, open, mode FROM articles WHERE id IN ({ids}){for_share}",
        (d.article_id for d in drafts),
    )
    parents = yield from _by_id(
        "SELECT id, article_id, status, parent_id FROM comments WHERE id IN ({ids}){for_share}",
        (d.parent_id for d in drafts if d.parent_id),
    )
    replays = yield from _by_id(
        "SELECT key_hash, request_hash, response FROM idempotency_keys WHERE key_hash IN ({ids})",
        (d.idempotency.key_hash for d in drafts if d.idempotency),
    )
    batch = _SubmissionBatch(articles, parents, replays)
    outcomes = []
    for draft in drafts:
        outcomes.append((yield from batch.decide(draft)))
    yield from batch.insert()
    return outcomes


def _by_id(template: str, ids: Iterable[str]) -> Steps[dict[str, Row]]:
    """``{row[0]: row}`` for ``template`` whose ``IN ({ids})`` is filled in."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = yield Query(template.replace("{ids}", placeholders(wanted)), wanted)
    return {row[0]: row for row in rows}


class _SubmissionBatch:
    """Decides each draft of a batch against the database and the drafts before it."""

    def __init__(
        self, articles: dict[str, Row], parents: dict[str, Row], replays: dict[str, Row]
    ) -> None:
        self.articles = {
            key: Article(row[0], bool(row[1]), row[2]) for key, row in articles.items()
        }
        self.parents = parents
        self.replays = {
            key: IdempotencyRecord(row[0], row[1], bytes(row[2])) for key, row in replays.items()
        }
        self.new_articles: list[tuple[str, str]] = []
        self.comments: list[Draft] = []

    def decide(self, draft: Draft) -> Steps[CreateOutcome]:
        key = draft.idempotency
        if key is not None and key.key_hash in self.replays:
            return Replayed(self.replays[key.key_hash])
        # Articles come into being with their first comment, and only with it.
        article = self.articles.get(draft.article_id) or Article(draft.article_id)
        if not article.open:
            return ArticleClosed()
        if article.mode != draft.expected_mode:
            return ArticleChanged(article)
        if draft.parent_id is not None:
            parent = self.parents.get(draft.parent_id)
            if parent is None or parent[2] != "published" or parent[3] is not None:
                return BadParent("parent_id does not name a published top-level comment")
            if parent[1] != draft.article_id:
                return BadParent("parent_id belongs to another article")
        if (over := (yield from quotas.take(draft.quotas))) is not None:
            return over
        if draft.article_id not in self.articles:
            self.articles[draft.article_id] = article
            self.new_articles.append((draft.article_id, draft.created_at))
        self.comments.append(draft)
        if key is not None:
            self.replays[key.key_hash] = key
        return Created(draft)

    def insert(self) -> Steps[None]:
        # A concurrent first comment (PostgreSQL) makes this a unique violation: the
        # store runs the transaction again, and then finds the article.
        yield from _insert_rows(
            "INSERT INTO articles (id, created_at, updated_at)",
            [(article_id, now, now) for article_id, now in self.new_articles],
        )
        yield from _insert_rows(
            """
            INSERT INTO comments (id, article_id, parent_id, author, body, status, hold_reason,
                                  findings, policy_version, created_at, updated_at, token_hash,
                                  client_hash)
            """,
            [
                (
                    *(d.id, d.article_id, d.parent_id, d.author, d.body, d.status),
                    *(d.hold_reason, _encode_findings(d.findings).decode(), d.policy_version),
                    *(d.created_at, d.created_at, d.token_hash, d.client_hash),
                )
                for d in self.comments
            ],
        )
        yield from _insert_rows(
            "INSERT INTO idempotency_keys (key_hash, request_hash, response, created_at)",
            [
                (key.key_hash, key.request_hash, key.response, d.created_at)
                for d in self.comments
                if (key := d.idempotency) is not None
            ],
        )
        if self.comments:
            changes = [
                Change("published", d.article_id, d.id, "published")
                if d.status == "published"
                else Change("held", d.article_id, d.id, d.status)
                for d in self.comments
            ]
            yield from feed.record(changes, self.comments[-1].created_at)


# Rows per multi-row INSERT: 64 rows of 13 values stay under the 999 bound variables
# of the most conservative SQLite builds.
_ROWS_PER_INSERT = 64


def _insert_rows(insert: str, rows: list[tuple[Any, ...]]) -> Steps[None]:
    """``insert`` followed by one ``VALUES`` list for many rows.

    One statement per batch rather than one per row: SQLite's writer thread gives up
    the GIL at every step and, with the event loop busy, waits to get it back, which
    made those waits most of a commit's time.
    """
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        chunk = rows[start : start + _ROWS_PER_INSERT]
        row = f"({placeholders(chunk[0])})"
        yield Query(
            f"{insert} VALUES {', '.join([row] * len(chunk))}",
            [value for values in chunk for value in values],
        )


def withdraw(comment_id: str, token_hash: str, now: str) -> Steps[WithdrawOutcome]:
    found = one(
        (
            yield Query(
                "SELECT article_id, status, token_hash FROM comments WHERE id = ?{for_update}",
                (comment_id,),
            )
        )
    )
    if found is None:
        return NotFound()
    article_id, status, stored_hash = found
    if not hmac.compare_digest(stored_hash, token_hash):
        return WrongToken()
    if status != "withdrawn":
        yield Query(
            """
            UPDATE comments SET status = 'withdrawn', hold_reason = NULL,
                   version = version + 1, updated_at = ?
             WHERE id = ?
            """,
            (now, comment_id),
        )
        yield from feed.record([Change("withdrawn", article_id, comment_id, "withdrawn")], now)
    return Withdrawn(article_id)


def report(
    comment_id: str,
    reporter_hash: str,
    reason: str,
    threshold: int,
    now: str,
    limits: Sequence[Quota],
) -> Steps[ReportOutcome]:
    """One report per reporter counts; at ``threshold`` the comment goes to ``pending``.
    The comment's row is locked first, so concurrent reports count one after another."""
    found = one(
        (
            yield Query(
                "SELECT article_id, status FROM comments WHERE id = ?{for_update}", (comment_id,)
            )
        )
    )
    if found is None or found[1] != "published":
        return NotFound()
    article_id = found[0]
    over: OverQuota | None = yield from quotas.take(limits)
    if over is not None:
        return over
    inserted = yield Query(
        """
        INSERT INTO reports (comment_id, reporter_hash, reason, created_at)
        VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING comment_id
        """,
        (comment_id, reporter_hash, reason, now),
    )
    if not inserted:
        return Reported(article_id, counted=False, hidden=False)
    [(count,)] = yield Query(
        "SELECT COUNT(*) FROM reports WHERE comment_id = ? AND cleared_at IS NULL", (comment_id,)
    )
    hidden = count >= threshold
    if hidden:
        yield Query(
            """
            UPDATE comments SET status = 'pending', hold_reason = 'reports',
                   version = version + 1, updated_at = ?
             WHERE id = ?
            """,
            (now, comment_id),
        )
    status: Status = "pending" if hidden else "published"
    yield from feed.record([Change("reported", article_id, comment_id, status)], now)
    return Reported(article_id, counted=True, hidden=hidden)


def heartbeat(now: str) -> Steps[None]:
    yield Query(
        """
        INSERT INTO meta (key, value) VALUES ('heartbeat', ?)
        ON CONFLICT (key) DO UPDATE SET value = excluded.value
        """,
        (now,),
    )
