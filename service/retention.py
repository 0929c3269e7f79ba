"""Retention (a maintenance chore): forget personal traces past their time, and count."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

from service import metrics
from service.times import rfc3339, utc_now

if TYPE_CHECKING:
    from service.store import Store

logger = logging.getLogger("moderato")

# A client retries a lost answer within seconds or minutes; a day is generous.
IDEMPOTENCY_KEY_LIFETIME = dt.timedelta(days=1)


async def purge_expired(store: Store, retention_days: int) -> None:
    """Text of rejected and withdrawn comments, redaction originals and report
    fingerprints after ``retention_days``; idempotency keys after a day."""
    now = utc_now()
    purged = await store.purge_expired(
        text_before=rfc3339(now - dt.timedelta(days=retention_days)),
        keys_before=rfc3339(now - IDEMPOTENCY_KEY_LIFETIME),
        now=rfc3339(now),
    )
    for kind, count in purged.items():
        metrics.PURGED.labels(kind).inc(count)
    if any(purged.values()):
        logger.info("retention purged %s", purged)
