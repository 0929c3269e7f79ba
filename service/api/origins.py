"""Writes from pages that may embed the widget, and from nowhere else.

With ``MODERATO_CORS_ORIGINS`` a list, browsers keep other pages from *reading* the
API's answers, but a request can still be sent. Every state-changing request that a
browser sends carries ``Origin``; one from a page not on the list is refused here.
Requests without ``Origin`` come from servers, not browsers, and pass. So do the
service's own pages (the demo, the moderators' console): their ``Origin`` names the
host the request was sent to.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar.connection import ASGIConnection
from litestar.handlers import BaseRouteHandler
from litestar.types import Guard

from service.api.problems import Problem

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def allowed_origins(cors_origins: str) -> frozenset[str] | None:
    """The listed origins, or None when any origin may embed the widget (``*``)."""
    origins = frozenset(origin.strip() for origin in cors_origins.split(","))
    return None if "*" in origins else origins


def only_from(origins: frozenset[str]) -> Guard:
    """A guard: 403 ``origin_not_allowed`` for a write from a page not in ``origins``."""

    # Async, as every guard here: Litestar runs a plain function guard on a worker
    # thread, which cost a cached thread read a sixth of its time.
    async def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        if connection.scope.get("method", "GET") in SAFE_METHODS:
            return
        origin = connection.headers.get("origin")
        if origin is None or origin in origins or _same_host(origin, connection):
            return
        raise Problem(403, "origin_not_allowed", "requests from this page's origin are refused")

    return guard


def _same_host(origin: str, connection: ASGIConnection[Any, Any, Any, Any]) -> bool:
    host = connection.headers.get("host")
    return host is not None and urlsplit(origin).netloc.lower() == host.lower()
