"""Opaque ids that sort by creation time: 48-bit milliseconds then 80 random bits (the
ULID layout), as 32 lowercase hex digits, so that text order is time order."""

from __future__ import annotations

import os
import threading
import time

ID_PATTERN = r"^[0-9a-f]{32}$"


class _Generator:
    """Monotonic within the process: ids made in the same millisecond still increase."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = 0

    def new(self) -> str:
        random = int.from_bytes(os.urandom(10), "big")
        with self._lock:
            value = (time.time_ns() // 1_000_000) << 80 | random
            self._last = value = max(value, self._last + 1)
        return f"{value:032x}"


new_id = _Generator().new
