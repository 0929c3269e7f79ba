"""Configuration from ``MODERATO_*`` environment variables.

Every setting has a working default, so the service starts with none set. An unknown
``MODERATO_`` variable is an error rather than silently ignored: a typo in a deployment
should stop start-up, not run with a default the operator did not choose.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

import msgspec

PREFIX = "MODERATO_"
PROJECT_POLICIES = Path(__file__).resolve().parent.parent / "policies"

Port = Annotated[int, msgspec.Meta(ge=1, le=65535)]
Positive = Annotated[int, msgspec.Meta(ge=1)]
CorsOrigins = Annotated[
    str, msgspec.Meta(pattern=r"\A(\*|https?://[^/,\s]+(\s*,\s*https?://[^/,\s]+)*)\Z")
]


class SettingsError(ValueError):
    """A ``MODERATO_*`` variable is unknown or has a value that cannot be used."""


class Settings(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Service configuration; field ``x`` is read from ``MODERATO_X``."""

    host: str = "127.0.0.1"
    port: Port = 8000
    database: str = "data/moderato.db"
    policies: str = str(PROJECT_POLICIES)
    rate_limits: Literal["on", "off"] = "on"
    # FULL: a 201 survives power loss. NORMAL: survives a process crash only.
    synchronous: Literal["FULL", "NORMAL"] = "FULL"
    # Largest text accepted by /v1/scan, in UTF-8 bytes.
    max_scan_bytes: Positive = 64 * 1024
    max_comment_chars: Positive = 5000
    max_author_chars: Positive = 40
    # Distinct readers' reports that take a published comment down into `pending`.
    report_threshold: Positive = 3
    # Accepted comments per client: per article per window, and per day.
    article_limit: Positive = 5
    article_limit_seconds: Positive = 60
    daily_limit: Positive = 100
    # Comma-separated proxy addresses whose X-Forwarded-For is believed.
    trusted_proxies: str = "127.0.0.1"
    # How long a moderator may undo their own decision, and how long a claim holds.
    undo_seconds: Positive = 300
    claim_seconds: Positive = 300
    # How often housekeeping runs (blind expiry, retention purges), in seconds.
    maintenance_seconds: Annotated[float, msgspec.Meta(gt=0)] = 60.0
    log_level: Literal["debug", "info", "warning", "error"] = "info"
    # One JSON line per request at INFO ("on"), or only at DEBUG ("off").
    access_log: Literal["on", "off"] = "off"
    # After SIGTERM: seconds /readyz answers 503 while requests are still served, so
    # load balancers stop sending before the listener closes (0: stop at once).
    drain_seconds: Annotated[float, msgspec.Meta(ge=0, le=300)] = 5.0
    # Days after which the text of rejected and withdrawn comments (and other personal
    # traces: report fingerprints, redacted originals) is purged.
    retention_days: Positive = 30
    # Origins of the pages that may embed the widget (it calls the API from them):
    # "*" for any, or a comma-separated list such as "https://news.example,https://m.news.example".
    cors_origins: CorsOrigins = "*"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read settings from ``environ`` (default: the process environment)."""
        environ = os.environ if environ is None else environ
        raw = {
            name[len(PREFIX) :].lower(): value
            for name, value in environ.items()
            if name.startswith(PREFIX)
        }
        known = set(cls.__struct_fields__)
        if unknown := sorted(set(raw) - known):
            names = ", ".join(PREFIX + name.upper() for name in unknown)
            raise SettingsError(f"unknown setting {names}")
        try:
            return msgspec.convert(raw, cls, strict=False)
        except msgspec.ValidationError as exc:
            raise SettingsError(_describe(exc)) from None


def _describe(exc: msgspec.ValidationError) -> str:
    """Turn msgspec's ``... - at `$.port` `` into ``MODERATO_PORT: ...``."""
    message, _, path = str(exc).partition(" - at `$.")
    if not path:
        return message
    return f"{PREFIX}{path.rstrip('`').upper()}: {message}"
