"""How a process learns that SQLite's change feed moved: ``PRAGMA data_version``.

The counter changes whenever another connection (another process's, or this process's
writer) committed; asking costs microseconds and no disk access, so a cached read can
ask first. Between asks, the feed's reader polls it every ``POLL_SECONDS``: waking it
after every commit of this process's own would cost submissions a fifth of their
throughput in reads of the feed, for events this process already acted on.
"""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path

POLL_SECONDS = 0.1


class DataVersionSignal:
    def __init__(self, path: Path) -> None:
        # Used only on the event loop's thread, like the store that owns it.
        self._connection = sqlite3.connect(
            f"file:{path}?mode=ro", uri=True, isolation_level=None, timeout=5
        )
        self._seen = self._version()

    async def moved(self, applied: int) -> bool:
        version = self._version()
        moved, self._seen = version != self._seen, version
        return moved

    async def wait(self) -> None:
        await asyncio.sleep(POLL_SECONDS)

    @property
    def gaps(self) -> int:
        return 0  # the counter misses nothing

    @property
    def live(self) -> bool:
        return True

    def close(self) -> None:
        with closing(self._connection):
            pass

    def _version(self) -> int:
        version: int = self._connection.execute("PRAGMA data_version").fetchone()[0]
        return version
