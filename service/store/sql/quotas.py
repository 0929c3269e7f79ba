"""Per-client rate limits as counters in the store, so that every process and every
replica counts against the same limit, and a restart forgets none of it.

A counter is taken inside the transaction of what it limits: a submission or report
that is refused or rolled back uses up nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from service.store.records import OverQuota, Quota
from service.store.sql.steps import Query, Steps


def take(quotas: Sequence[Quota]) -> Steps[OverQuota | None]:
    """One from each quota, or none if any is used up (which one is said)."""
    for index, quota in enumerate(quotas):
        # The conditional upsert reads and counts in one statement: concurrent
        # transactions wait for each other's row rather than both see the last one free.
        counted = yield Query(
            "INSERT INTO rate_counts (bucket, count, expires_at) VALUES (?, 1, ?)"
            " ON CONFLICT (bucket) DO UPDATE SET count = rate_counts.count + 1"
            " WHERE rate_counts.count < ? RETURNING count",
            (quota.bucket, quota.expires_at, quota.limit),
        )
        if not counted:
            for taken in quotas[:index]:
                yield Query(
                    "UPDATE rate_counts SET count = count - 1 WHERE bucket = ?", (taken.bucket,)
                )
            return OverQuota(quota.name, quota.expires_at)
    return None


def purge(now: str, batch: int) -> Steps[int]:
    """Counters of windows that have ended."""
    rows = yield Query(
        "DELETE FROM rate_counts WHERE bucket IN"
        " (SELECT bucket FROM rate_counts WHERE expires_at <= ? LIMIT ?) RETURNING bucket",
        (now, batch),
    )
    return len(rows)
