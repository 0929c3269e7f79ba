"""Screening texts against the policies without stalling the service.

Scanning is CPU work. A comment is short and screened on the event loop; a long text
(``/v1/scan`` takes 64 KB) is screened on a worker thread, so the loop goes on
answering other requests meanwhile (it gets the interpreter back at every switch
interval instead of after the whole scan). One worker: long scans queue behind each
other rather than share the CPU with the loop many ways. ``/v1/scan`` costs nothing to
call and much to answer, so it also has a per-client limit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from service import metrics
from service.ratelimit import Limit, refusal
from service.times import utc_now

if TYPE_CHECKING:
    from service.pii import Scanner, ScanResult
    from service.settings import Settings
    from service.store.records import OverQuota, Quota

# Takes one from each quota in the store, or says which is used up.
Take = Callable[[Sequence["Quota"]], Awaitable["OverQuota | None"]]


class Screening:
    def __init__(
        self,
        scanner: Callable[[], Scanner],
        client_hash: Callable[[str], str],
        settings: Settings,
        take: Take,
    ) -> None:
        self._scanner = scanner
        self._client_hash = client_hash
        self._take = take
        self._inline_chars = settings.scan_inline_chars
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="moderato-scan")
        self._scan_limit = (
            Limit("scan", "checks", settings.scan_limit, settings.scan_limit_seconds)
            if settings.rate_limits == "on"
            else None
        )

    async def scan(self, text: str, source: str) -> ScanResult:
        """``text`` screened, on the worker thread if it is long."""
        scanner = self._scanner()
        if len(text) <= self._inline_chars:
            return metrics.observed_scan(scanner, text, source)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self._worker, metrics.observed_scan, scanner, text, source
        )

    async def check(self, text: str, client_address: str) -> ScanResult:
        """A reader's check of a text before posting (``/v1/scan``): limited per client."""
        if self._scan_limit is not None:
            now = utc_now()
            quota = self._scan_limit.quota(self._client_hash(client_address), "all", now)
            if (over := await self._take([quota])) is not None:
                raise refusal(over, "checks", now)
        return await self.scan(text, "scan")

    def close(self) -> None:
        self._worker.shutdown(wait=True, cancel_futures=True)
