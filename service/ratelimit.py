"""Per-client limits, counted in the store.

Litestar's rate-limit middleware counts every request to a route in process memory;
comments need something else: only accepted submissions count (a retry after a network
error or a rejected comment does not use up the reader's allowance), keyed by client
*and* article, and every process and replica must count against the same limit, which
must survive a restart. So each limit is a :class:`Quota` the store takes inside the
transaction of what it limits.

Windows are fixed (a minute from the top of the minute, a UTC day): a counter per
window, so a client may use one window's allowance at its end and the next one's at
the start of the next.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from service import metrics
from service.refusals import RateLimited, Refused
from service.store.records import OverQuota, Quota
from service.times import parse_rfc3339, rfc3339

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Limit:
    """At most ``limit`` per ``seconds`` for each client (and scope)."""

    name: str  # as metrics name it
    what: str  # what a client sends too many of, for the message
    limit: int
    seconds: int

    def quota(self, client: str, scope: str, now: dt.datetime) -> Quota:
        """The counter of the window ``now`` falls in, for ``client`` in ``scope``."""
        start = int((now - _EPOCH).total_seconds()) // self.seconds * self.seconds
        ends = _EPOCH + dt.timedelta(seconds=start + self.seconds)
        return Quota(self.name, f"{self.name}:{scope}:{client}:{start}", self.limit, rfc3339(ends))


def refusal(over: OverQuota, what: str, now: dt.datetime) -> Refused:
    """The refusal for a client over a limit, counted: how long until its window ends."""
    metrics.RATE_LIMITED.labels(over.name).inc()
    wait = max(1, math.ceil((parse_rfc3339(over.expires_at) - now).total_seconds()))
    return Refused(RateLimited(over.name, wait, what))
