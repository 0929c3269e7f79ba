"""The application factory: wiring only, no logic."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from litestar import Litestar
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Components, SecurityScheme
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from service import __version__
from service.api import console, embed, moderators, ops, policies, readers, scan
from service.api.bodies import JsonRequest, require_json
from service.api.failed_submissions import count_failed_submission
from service.api.origins import allowed_origins, only_from
from service.api.problems import EXCEPTION_HANDLERS
from service.api.telemetry import RequestTelemetry
from service.runtime import Runtime
from service.settings import Settings, proxy_networks

if TYPE_CHECKING:
    from litestar.types import ASGIApp
    from uvicorn._types import ASGI3Application


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the service for ``settings`` (default: from ``MODERATO_*`` variables)."""
    settings = settings or Settings.from_env()
    runtime = Runtime(settings, readers.render_thread)
    origins = allowed_origins(settings.cors_origins)
    app = Litestar(
        route_handlers=[
            *ops.ROUTES,
            scan.scan,
            *readers.ROUTES,
            moderators.ModerationController,
            policies.list_policies,
            embed.router(settings),
            console.router(),
        ],
        lifespan=[runtime.lifespan],
        # Cross-site writes: only JSON bodies (browsers preflight those), and when the
        # embedding pages are listed, only from them.
        guards=[require_json] if origins is None else [require_json, only_from(origins)],
        request_class=JsonRequest,
        # The moderators' guard runs before dependency injection, so it finds the
        # runtime on the application state.
        state=State({"runtime": runtime}),
        dependencies={
            "runtime": Provide(lambda: runtime, sync_to_thread=False),
            "comments": Provide(lambda: runtime.comments, sync_to_thread=False),
            "moderation": Provide(lambda: runtime.moderation, sync_to_thread=False),
            "access": Provide(lambda: runtime.keys, sync_to_thread=False),
            "events": Provide(lambda: runtime.events, sync_to_thread=False),
        },
        exception_handlers=EXCEPTION_HANDLERS,
        after_exception=[count_failed_submission],
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
            components=Components(
                security_schemes={
                    "apiKey": SecurityScheme(
                        type="http", scheme="bearer", description="A moderator or admin key"
                    )
                }
            ),
        ),
        # Logging is configured once per process by the server (service.logs), not here.
        logging_config=None,
        debug=False,
    )
    # The client's address from X-Forwarded-For, only when a trusted proxy sent it.
    proxies = proxy_networks(settings.trusted_proxies)
    behind_proxies = ProxyHeadersMiddleware(
        cast("ASGI3Application", app.asgi_handler), [str(network) for network in proxies]
    )
    # Outside Litestar's own handler, so that requests matching no route are counted too.
    app.asgi_handler = RequestTelemetry(
        cast("ASGIApp", behind_proxies),
        runtime.client_hash,
        proxies=proxies,
        access_lines=settings.access_log == "on",
    )
    return app
