"""Times are UTC, stored and sent as RFC 3339 strings that sort as text."""

from __future__ import annotations

import datetime as dt


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def rfc3339(moment: dt.datetime) -> str:
    """``2026-11-28T00:55:04.726Z``: fixed width, so string order is time order."""
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


def parse_rfc3339(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
