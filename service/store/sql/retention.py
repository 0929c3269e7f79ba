"""Retention: forget what the service no longer needs to keep about people, and what
no process needs any more.

One transaction purges a bounded batch of each kind (the store repeats it until no
batch is full), so it never holds the database for long:

- the nickname, text, moderator's note, redaction original and address hash of
  rejected and withdrawn comments whose last status change is older than the cutoff;
  the row stays, marked ``purged_at``, and its version moves on so that a decision
  taken on the old text conflicts instead of publishing an empty comment;
- the unredacted original kept for undoing a redaction, after the same cutoff;
- idempotency keys (and the answers stored with them) older than a day;
- report fingerprints (the reporter's address hash) older than the cutoff; the report
  still counts, under a placeholder that is unique per report;
- rate-limit counters of windows that have ended, and feed events older than
  ``events_before``.

On PostgreSQL every replica runs it and one does the work: the others find the chore
taken (``{chore_lock}``) and purge nothing.
"""

from __future__ import annotations

from typing import get_args

from service.store.records import Purged, PurgeKind
from service.store.sql import feed, quotas
from service.store.sql.steps import Query, Steps

BATCH = 500
# What an expired reporter hash becomes; address hashes are hex, so this never collides.
EXPIRED_REPORTER = "expired:"


def purge_expired(
    text_before: str, keys_before: str, events_before: str, now: str
) -> Steps[Purged]:
    """One batch of each kind; how many rows of each kind it purged."""
    taken = yield Query("{chore_lock}", (2,))
    if taken and not taken[0][0]:
        return {kind: 0 for kind in KINDS}
    comments = yield Query(
        """
        UPDATE comments
           SET author = '', body = NULL, reject_note = NULL, redacted_original = NULL,
               client_hash = '', claimed_by = NULL, claimed_until = NULL,
               purged_at = ?, version = version + 1
         WHERE id IN (SELECT id FROM {purgeable_comments}
                       WHERE purged_at IS NULL AND status IN ('rejected', 'withdrawn')
                         AND updated_at < ?
                       LIMIT ?)
        RETURNING id
        """,
        (now, text_before, BATCH),
    )
    originals = yield Query(
        """
        UPDATE comments SET redacted_original = NULL, version = version + 1
         WHERE id IN (SELECT id FROM comments
                       WHERE redacted_original IS NOT NULL AND updated_at < ?
                       LIMIT ?)
        RETURNING id
        """,
        (text_before, BATCH),
    )
    keys = yield Query(
        """
        DELETE FROM idempotency_keys
         WHERE key_hash IN (SELECT key_hash FROM idempotency_keys
                             WHERE created_at < ? LIMIT ?)
        RETURNING key_hash
        """,
        (keys_before, BATCH),
    )
    fingerprints = yield Query(
        f"""
        UPDATE reports SET reporter_hash = '{EXPIRED_REPORTER}' || {{report_key}}
         WHERE {{report_row}} IN (SELECT {{report_columns}} FROM reports
                                   WHERE created_at < ?
                                     AND reporter_hash NOT LIKE '{EXPIRED_REPORTER}%'
                                   LIMIT ?)
        RETURNING comment_id
        """,
        (text_before, BATCH),
    )
    return {
        "comment_text": len(comments),
        "redacted_original": len(originals),
        "idempotency_key": len(keys),
        "report_fingerprint": len(fingerprints),
        "rate_counter": (yield from quotas.purge(now, BATCH)),
        "feed_event": (yield from feed.purge(events_before, BATCH)),
    }


KINDS: tuple[PurgeKind, ...] = get_args(PurgeKind)
