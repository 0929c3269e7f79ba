"""Retention in SQLite: forget what the service no longer needs to keep about people.

One job purges, in bounded batches inside the writer's transaction (so it shares group
commit and never holds the write lock for long):

- the nickname, text, moderator's note, redaction original and address hash of
  rejected and withdrawn comments whose last status change is older than the cutoff;
  the row stays, marked ``purged_at``, and its version moves on so that a decision
  taken on the old text conflicts instead of publishing an empty comment;
- the unredacted original kept for undoing a redaction, after the same cutoff;
- idempotency keys (and the answers stored with them) older than a day;
- report fingerprints (the reporter's address hash) older than the cutoff; the report
  still counts, under a placeholder that is unique per report.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from service.store.records import Purged
from service.store.sqlite.writer import Job

BATCH = 500
# What an expired reporter hash becomes; address hashes are hex, so this never collides.
EXPIRED_REPORTER = "expired:"


@dataclass(slots=True)
class PurgeExpired(Job[Purged]):
    """One batch of each kind; returns how many rows of each kind it purged."""

    text_before: str
    keys_before: str
    now: str

    def run(self, connection: sqlite3.Connection) -> Purged:
        comments = connection.execute(
            """
            UPDATE comments
               SET author = '', body = NULL, reject_note = NULL, redacted_original = NULL,
                   client_hash = '', claimed_by = NULL, claimed_until = NULL,
                   purged_at = ?, version = version + 1
             WHERE id IN (SELECT id FROM comments INDEXED BY comments_purgeable
                           WHERE purged_at IS NULL AND status IN ('rejected', 'withdrawn')
                             AND updated_at < ?
                           LIMIT ?)
            """,
            (self.now, self.text_before, BATCH),
        ).rowcount
        originals = connection.execute(
            """
            UPDATE comments SET redacted_original = NULL, version = version + 1
             WHERE id IN (SELECT id FROM comments
                           WHERE redacted_original IS NOT NULL AND updated_at < ?
                           LIMIT ?)
            """,
            (self.text_before, BATCH),
        ).rowcount
        keys = connection.execute(
            """
            DELETE FROM idempotency_keys
             WHERE key_hash IN (SELECT key_hash FROM idempotency_keys
                                 WHERE created_at < ? LIMIT ?)
            """,
            (self.keys_before, BATCH),
        ).rowcount
        fingerprints = connection.execute(
            f"""
            UPDATE reports SET reporter_hash = '{EXPIRED_REPORTER}' || rowid
             WHERE rowid IN (SELECT rowid FROM reports
                              WHERE created_at < ? AND reporter_hash NOT GLOB '{EXPIRED_REPORTER}*'
                              LIMIT ?)
            """,
            (self.text_before, BATCH),
        ).rowcount
        return {
            "comment_text": comments,
            "redacted_original": originals,
            "idempotency_key": keys,
            "report_fingerprint": fingerprints,
        }
