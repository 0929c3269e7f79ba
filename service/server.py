"""Run the app under uvicorn, the production ASGI server Litestar documents."""

from __future__ import annotations

import uvicorn

from service.app import create_app
from service.settings import Settings


def serve(settings: Settings) -> int:
    config = uvicorn.Config(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        # One process: SQLite has one writer, and rate limits and metrics live in memory.
        workers=1,
        # Access logs would print client addresses; requests are logged by the app.
        access_log=False,
        # The client address comes from X-Forwarded-For only when a trusted proxy sent it.
        proxy_headers=True,
        forwarded_allow_ips=settings.trusted_proxies,
        timeout_graceful_shutdown=20,
        timeout_keep_alive=75,
        log_level=settings.log_level,
    )
    uvicorn.Server(config).run()
    return 0
