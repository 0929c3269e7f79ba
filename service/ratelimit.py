"""Per-client submission limits, in process memory.

Litestar's rate-limit middleware counts every request to a route; comments need
something else: only accepted submissions count (a retry after a network error or a
rejected comment does not use up the reader's allowance), keyed by client *and*
article. One process serves a SQLite store, so process memory is the right place.
"""

from __future__ import annotations

import math
import time
from collections import deque
from collections.abc import Callable

from service import metrics
from service.refusals import RateLimited, Refused

_SWEEP_EVERY = 1024


class SlidingWindowLimiter:
    """At most ``limit`` events per ``window`` seconds for each key."""

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._events: dict[str, deque[float]] = {}
        self._calls = 0

    def reserve(self, key: str) -> int | None:
        """Count one event for ``key``; or, if over the limit, the seconds to wait."""
        now = self._clock()
        self._calls += 1
        if self._calls % _SWEEP_EVERY == 0:
            self._sweep(now)
        events = self._events.setdefault(key, deque())
        while events and events[0] <= now - self.window:
            events.popleft()
        if len(events) >= self.limit:
            return max(1, math.ceil(events[0] + self.window - now))
        events.append(now)
        return None

    def release(self, key: str) -> None:
        """Give back the last event counted for ``key`` (the submission did not happen)."""
        events = self._events.get(key)
        if events:
            events.pop()

    def _sweep(self, now: float) -> None:
        stale = [
            key
            for key, events in self._events.items()
            if not events or events[-1] <= now - self.window
        ]
        for key in stale:
            del self._events[key]


def rate_limited(limit: str, wait: int, what: str) -> Refused:
    """The refusal for a client over ``limit`` (as metrics name it), counted."""
    metrics.RATE_LIMITED.labels(limit).inc()
    return Refused(RateLimited(limit, wait, what))


class ClientLimit:
    """One per-client limit, or none at all when rate limits are off."""

    def __init__(self, name: str, what: str, limiter: SlidingWindowLimiter | None) -> None:
        self._name = name
        self._what = what
        self._limiter = limiter

    def reserve(self, client: str) -> None:
        """Count one event for ``client``, or refuse it if the client is over the limit."""
        if self._limiter is not None and (wait := self._limiter.reserve(client)) is not None:
            raise rate_limited(self._name, wait, self._what)

    def release(self, client: str) -> None:
        if self._limiter is not None:
            self._limiter.release(client)
