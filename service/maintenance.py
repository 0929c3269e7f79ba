"""Periodic housekeeping: one background task that runs each chore in turn.

Chores are small, idempotent and safe to run at any time (expire blinds, purge text
past retention, drop old idempotency keys); a failing chore is logged and retried on
the next round, never allowed to stop the others.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager

from service.background import in_background

logger = logging.getLogger("moderato.maintenance")

Chore = Callable[[], Awaitable[object]]


@asynccontextmanager
async def run_periodically(chores: Sequence[Chore], interval: float) -> AsyncIterator[None]:
    """Run every chore now and then every ``interval`` seconds until the block exits."""
    async with in_background(_loop(chores, interval), "moderato-maintenance"):
        yield


async def _loop(chores: Sequence[Chore], interval: float) -> None:
    while True:
        for chore in chores:
            try:
                await chore()
            except Exception:
                logger.exception("maintenance chore %s failed", getattr(chore, "__name__", chore))
        await asyncio.sleep(interval)
