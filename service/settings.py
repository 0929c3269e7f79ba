"""Configuration from ``MODERATO_*`` environment variables.

Every setting has a working default, so the service starts with none set. An unknown
``MODERATO_`` variable is an error rather than silently ignored: a typo in a deployment
should stop start-up, not run with a default the operator did not choose.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

import msgspec

from service.validation import decoding_error

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
    # Reports per client per window (each reader's report counts once per comment anyway).
    report_limit: Positive = 30
    report_limit_seconds: Positive = 3600
    # /v1/scan calls per client per window (the widget checks the text as it is typed).
    scan_limit: Positive = 120
    scan_limit_seconds: Positive = 60
    # Findings one /v1/scan answer lists at most (the rest are counted in `truncated`).
    max_scan_findings: Positive = 100
    # Texts longer than this (code points) are screened on a worker thread, so that the
    # event loop keeps answering other requests meanwhile.
    scan_inline_chars: Positive = 2000
    # Comma-separated proxy addresses or networks (CIDR) whose X-Forwarded-For is believed.
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
    # Bytes of encoded thread pages kept in memory, all articles together.
    thread_cache_bytes: Positive = 64 * 1024 * 1024
    # Slow clients: seconds to send a request's headers, and then its body, before the
    # connection is closed with 408; and connections served at once before new
    # requests get 503.
    header_timeout: Annotated[float, msgspec.Meta(gt=0)] = 10.0
    body_timeout: Annotated[float, msgspec.Meta(gt=0)] = 30.0
    max_connections: Positive = 512

    def __post_init__(self) -> None:
        proxy_networks(self.trusted_proxies)

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


Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def proxy_networks(value: str) -> tuple[Network, ...]:
    """``MODERATO_TRUSTED_PROXIES`` as networks (an address is a network of one).

    ``*`` is refused: X-Forwarded-For is written by whoever sends the request, so
    believing it from anyone lets every client choose its own address, and with it
    escape every per-client limit."""
    items = [item.strip() for item in value.split(",") if item.strip()]
    if "*" in items:
        raise SettingsError(
            "MODERATO_TRUSTED_PROXIES: '*' would believe any client's X-Forwarded-For; "
            "list the proxies' addresses or networks instead (CIDR allowed, e.g. 10.0.0.0/8)"
        )
    try:
        return tuple(ipaddress.ip_network(item, strict=False) for item in items)
    except ValueError as exc:
        raise SettingsError(f"MODERATO_TRUSTED_PROXIES: {exc}") from None


def _describe(exc: msgspec.ValidationError) -> str:
    """Turn msgspec's ``... - at `$.port` `` into ``MODERATO_PORT: ...``."""
    field, message = decoding_error(str(exc))
    return f"{PREFIX}{field.upper()}: {message}" if field else message
