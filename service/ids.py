"""Opaque ids that sort by creation time (the ULID layout: 48-bit milliseconds, 80 bits
of randomness, Crockford base 32)."""

from __future__ import annotations

import secrets
import threading
import time

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RANDOM_BITS = 80


class _Generator:
    """Monotonic within the process: ids made in the same millisecond still increase."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = 0

    def new(self) -> str:
        with self._lock:
            value = (time.time_ns() // 1_000_000) << _RANDOM_BITS | secrets.randbits(_RANDOM_BITS)
            self._last = value = max(value, self._last + 1)
        return "".join(_ALPHABET[(value >> shift) & 31] for shift in range(125, -1, -5))


new_id = _Generator().new
