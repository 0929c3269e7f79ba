"""The application factory: wiring only, no logic."""

from __future__ import annotations

from litestar import Litestar
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin

from service import __version__
from service.api import comments, embed, ops, policies, scan
from service.problems import EXCEPTION_HANDLERS
from service.runtime import Runtime
from service.settings import Settings


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the service for ``settings`` (default: from ``MODERATO_*`` variables)."""
    settings = settings or Settings.from_env()
    runtime = Runtime(settings)
    return Litestar(
        route_handlers=[
            ops.healthz,
            ops.readyz,
            scan.scan,
            *comments.ROUTES,
            policies.list_policies,
            embed.router(settings),
        ],
        lifespan=[runtime.lifespan],
        dependencies={
            "runtime": Provide(lambda: runtime, sync_to_thread=False),
            "comments": Provide(lambda: runtime.comments, sync_to_thread=False),
        },
        exception_handlers=EXCEPTION_HANDLERS,
        cors_config=embed.cors_config(settings),
        # JSON escapes can make a body several times the size of the text it carries;
        # handlers enforce their own, tighter limits on the decoded fields.
        request_max_body_size=8 * settings.max_scan_bytes,
        openapi_config=OpenAPIConfig(
            title="moderato",
            version=__version__,
            description="Comment moderation for news sites: PII policies, queues, a widget.",
            path="/schema",
            render_plugins=[JsonRenderPlugin(), SwaggerRenderPlugin(path="/")],
        ),
        # Logging is configured once per process by the server (service.logs), not here.
        logging_config=None,
        debug=False,
    )
