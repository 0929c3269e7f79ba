"""The readers' writes in SQLite: jobs for the writer thread, each run inside the open
transaction of its batch (see :mod:`service.store.sqlite.writer`)."""

from __future__ import annotations

import hmac
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
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
    Replayed,
    Reported,
    ReportOutcome,
    Withdrawn,
    WithdrawOutcome,
    WrongToken,
)
from service.store.sqlite.writer import Job

_encode_findings = msgspec.json.Encoder().encode


def placeholders(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))


def _fetch_by_ids(connection: sqlite3.Connection, sql: str, ids: Iterable[str]) -> dict[str, Any]:
    """``{row[0]: row}`` for ``sql`` whose ``IN ({ids})`` is filled in."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = connection.execute(sql.format(ids=placeholders(wanted)), wanted).fetchall()
    return {row[0]: row for row in rows}


@dataclass(slots=True)
class CreateComment(Job[CreateOutcome]):
    """A submission; a burst of them is checked and inserted with a few statements."""

    draft: Draft

    @classmethod
    def apply(
        cls, connection: sqlite3.Connection, jobs: Sequence[CreateComment]
    ) -> list[CreateOutcome]:
        drafts = [job.draft for job in jobs]
        articles = _fetch_by_ids(
            connection,
            "SELECT id, open, mode FROM articles WHERE id IN ({ids})",
            (d.article_id for d in drafts),
        )
        parents = _fetch_by_ids(
            connection,
            "SELECT id, article_id, status, parent_id FROM comments WHERE id IN ({ids})",
            (d.parent_id for d in drafts if d.parent_id),
        )
        replays = _fetch_by_ids(
            connection,
            "SELECT key_hash, request_hash, response FROM idempotency_keys"
            " WHERE key_hash IN ({ids})",
            (d.idempotency.key_hash for d in drafts if d.idempotency),
        )
        batch = _SubmissionBatch(articles, parents, replays)
        outcomes = [batch.decide(draft) for draft in drafts]
        batch.insert(connection)
        return outcomes


class _SubmissionBatch:
    """Decides each draft of a batch against the database and the drafts before it."""

    def __init__(
        self, articles: dict[str, Any], parents: dict[str, Any], replays: dict[str, Any]
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

    def decide(self, draft: Draft) -> CreateOutcome:
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
        if draft.article_id not in self.articles:
            self.articles[draft.article_id] = article
            self.new_articles.append((draft.article_id, draft.created_at))
        self.comments.append(draft)
        if key is not None:
            self.replays[key.key_hash] = key
        return Created(draft)

    def insert(self, connection: sqlite3.Connection) -> None:
        _insert_rows(
            connection,
            "INSERT INTO articles (id, created_at, updated_at)",
            [(article_id, now, now) for article_id, now in self.new_articles],
        )
        _insert_rows(
            connection,
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
        _insert_rows(
            connection,
            "INSERT INTO idempotency_keys (key_hash, request_hash, response, created_at)",
            [
                (key.key_hash, key.request_hash, key.response, d.created_at)
                for d in self.comments
                if (key := d.idempotency) is not None
            ],
        )


# Rows per multi-row INSERT: 64 rows of 13 values stay under the 999 bound variables
# of the most conservative SQLite builds.
_ROWS_PER_INSERT = 64


def _insert_rows(connection: sqlite3.Connection, insert: str, rows: list[tuple[Any, ...]]) -> None:
    """``insert`` followed by one ``VALUES`` list for many rows.

    One statement per batch rather than ``executemany``'s one step per row: the
    writer thread gives up the GIL at every step and, with the event loop busy, waits
    to get it back, which made those waits most of a commit's time.
    """
    for start in range(0, len(rows), _ROWS_PER_INSERT):
        chunk = rows[start : start + _ROWS_PER_INSERT]
        row = f"({placeholders(chunk[0])})"
        connection.execute(
            f"{insert} VALUES {', '.join([row] * len(chunk))}",
            [value for values in chunk for value in values],
        )


@dataclass(slots=True)
class Withdraw(Job[WithdrawOutcome]):
    comment_id: str
    token_hash: str
    now: str

    def run(self, connection: sqlite3.Connection) -> WithdrawOutcome:
        row = connection.execute(
            "SELECT article_id, status, token_hash FROM comments WHERE id = ?", (self.comment_id,)
        ).fetchone()
        if row is None:
            return NotFound()
        article_id, status, token_hash = row
        if not hmac.compare_digest(token_hash, self.token_hash):
            return WrongToken()
        if status != "withdrawn":
            connection.execute(
                """
                UPDATE comments SET status = 'withdrawn', hold_reason = NULL,
                       version = version + 1, updated_at = ?
                 WHERE id = ?
                """,
                (self.now, self.comment_id),
            )
        return Withdrawn(article_id)


@dataclass(slots=True)
class Report(Job[ReportOutcome]):
    comment_id: str
    reporter_hash: str
    reason: str
    threshold: int
    now: str

    def run(self, connection: sqlite3.Connection) -> ReportOutcome:
        row = connection.execute(
            "SELECT article_id, status FROM comments WHERE id = ?", (self.comment_id,)
        ).fetchone()
        if row is None or row[1] != "published":
            return NotFound()
        article_id = row[0]
        inserted = connection.execute(
            """
            INSERT INTO reports (comment_id, reporter_hash, reason, created_at)
            VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING comment_id
            """,
            (self.comment_id, self.reporter_hash, self.reason, self.now),
        ).fetchall()
        if not inserted:
            return Reported(article_id, counted=False, hidden=False)
        [(count,)] = connection.execute(
            "SELECT COUNT(*) FROM reports WHERE comment_id = ? AND cleared_at IS NULL",
            (self.comment_id,),
        )
        hidden = count >= self.threshold
        if hidden:
            connection.execute(
                """
                UPDATE comments SET status = 'pending', hold_reason = 'reports',
                       version = version + 1, updated_at = ?
                 WHERE id = ?
                """,
                (self.now, self.comment_id),
            )
        return Reported(article_id, counted=True, hidden=hidden)


@dataclass(slots=True)
class Heartbeat(Job[None]):
    now: str

    def run(self, connection: sqlite3.Connection) -> None:
        connection.execute(
            """
            INSERT INTO meta (key, value) VALUES ('heartbeat', ?)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """,
            (self.now,),
        )
