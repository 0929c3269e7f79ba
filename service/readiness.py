"""Whether the service is ready to serve, check by check (``/readyz``)."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from service.times import rfc3339, utc_now

if TYPE_CHECKING:
    from service.store import Store

# Seconds a readiness probe waits for its test write before reporting the store stuck.
WRITABLE_TIMEOUT = 2.0


async def failed_checks(
    *, draining: bool, policy_error: str | None, store: Store | None
) -> dict[str, str]:
    """Readiness checks that fail, by name, with the reason."""
    failed = {}
    if draining:
        failed["shutdown"] = "the service is shutting down"
    if policy_error is not None:
        failed["policies"] = policy_error
    if store is None or not store.writable:
        failed["store"] = "the store is not open"
        return failed
    version, expected = await store.schema_version(), store.expected_schema_version
    if version != expected:
        failed["migrations"] = f"schema version {version}, expected {expected}"
    try:
        # A probe must answer quickly even when the disk or the lock does not.
        await asyncio.wait_for(store.check_writable(rfc3339(utc_now())), WRITABLE_TIMEOUT)
    except TimeoutError:
        failed["store"] = f"a test write did not commit within {WRITABLE_TIMEOUT:g}s"
    except Exception as exc:
        failed["store"] = f"the database is not writable: {exc}"
    return failed
