"""Requests to an in-process app from any peer address (Litestar's test client always
comes from "testclient")."""

from __future__ import annotations

from typing import Any, cast

import httpx
from litestar import Litestar


def from_peer(app: Litestar, address: str) -> httpx.AsyncClient:
    """A client whose requests reach ``app`` from ``address`` (the app must be started
    with ``app.lifespan()`` for routes that use the store)."""
    transport = httpx.ASGITransport(app=cast("Any", app), client=(address, 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://moderato")
