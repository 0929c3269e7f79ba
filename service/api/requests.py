"""What a handler may need to know about the request beyond its parameters."""

from __future__ import annotations

from typing import Any

from litestar import Request


def client_address(request: Request[Any, Any, Any]) -> str:
    """The client's address (from X-Forwarded-For when a trusted proxy sent the request)."""
    return request.client.host if request.client else ""
