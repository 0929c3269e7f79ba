"""The embeddable widget: ``/embed.js``, the files it loads, and the ``/demo`` page.

``/embed.js`` is a small loader that browsers keep for minutes. It loads the widget from
``/embed/<version>/``, where ``<version>`` is a hash of every file served there, so those
files can be kept for a year: a release reaches readers within minutes, and nobody
downloads an unchanged widget twice. Every file is read and gzipped once, at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response, Router, get
from litestar.config.cors import CORSConfig
from litestar.di import NamedDependency, Provide
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath

from service.api.assets import (
    MEDIA_TYPES,
    NOT_MODIFIED,
    VERSIONED_CACHE,
    Asset,
    fill,
    media_type,
    read_files,
    respond,
    versioned,
)
from service.api.origins import allowed_origins
from service.api.problems import Problem, documented
from service.settings import Settings

STATIC = Path(__file__).resolve().parent.parent / "static"
# Templates: ``__VERSION__`` in them becomes the widget's version, and ``__CONFIG__`` in
# the loader the service's limits that the widget shows and enforces.
LOADER = "loader.js"
DEMO = "demo.html"

LOADER_CACHE = "public, max-age=300"
# The demo is a page of this service: it shows the widget under the strictest policy
# that still lets it work, which is what a careful news site would set.
DEMO_HEADERS = {
    "Cache-Control": "no-cache",
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    ),
    "Referrer-Policy": "no-referrer",
}


class Embed:
    """The widget's files, read from ``directory`` once."""

    def __init__(self, settings: Settings, directory: Path = STATIC) -> None:
        files = read_files(directory)
        self.version, self.versioned = versioned(
            {name: body for name, body in files.items() if name not in (LOADER, DEMO)}
        )
        limits = {"max_body": settings.max_comment_chars, "max_author": settings.max_author_chars}
        values = {"__VERSION__": self.version, "__CONFIG__": urlencode(limits)}
        self.loader = Asset.of(fill(files[LOADER], values), media_type(LOADER))
        self.demo = Asset.of(fill(files[DEMO], values), media_type(DEMO))


@get(
    "/embed.js",
    tags=["embed"],
    summary="The widget loader for article pages",
    media_type=MEDIA_TYPES[".js"],
    responses={304: NOT_MODIFIED},
)
async def loader(request: Request[Any, Any, Any], embed: NamedDependency[Embed]) -> Response[bytes]:
    return respond(request, embed.loader, {"Cache-Control": LOADER_CACHE})


@get(
    "/embed/{version:str}/{name:str}",
    tags=["embed"],
    summary="A file of the widget, under the version the loader names",
    responses={
        # JavaScript modules and CSS, hence text/* in the document.
        200: ResponseSpec(str, description="The file", media_type="text/*"),
        304: NOT_MODIFIED,
        307: ResponseSpec(None, description="The same file under the current version"),
        **documented(404),
    },
)
async def versioned_file(
    request: Request[Any, Any, Any],
    version: FromPath[str],
    name: FromPath[str],
    embed: NamedDependency[Embed],
) -> Response[bytes]:
    asset = embed.versioned.get(name)
    if asset is None:
        raise Problem(404, "not_found", f"the widget has no file {name!r}")
    if version != embed.version:
        # A loader cached before a release still names the old version for a few
        # minutes: send it to the current file instead of failing the widget.
        location = f"../{embed.version}/{name}"
        return Response(
            b"", status_code=307, headers={"Location": location, "Cache-Control": "no-cache"}
        )
    return respond(request, asset, {"Cache-Control": VERSIONED_CACHE})


@get(
    "/demo",
    tags=["embed"],
    summary="A demo article page with the widget under it",
    media_type=MEDIA_TYPES[".html"],
    responses={304: NOT_MODIFIED},
)
async def demo(request: Request[Any, Any, Any], embed: NamedDependency[Embed]) -> Response[bytes]:
    return respond(request, embed.demo, DEMO_HEADERS)


def router(settings: Settings, directory: Path = STATIC) -> Router:
    """The widget's routes, serving the files in ``directory``."""
    embed = Embed(settings, directory)
    return Router(
        path="/",
        route_handlers=[loader, versioned_file, demo],
        dependencies={"embed": Provide(lambda: embed, sync_to_thread=False)},
    )


def cors_config(settings: Settings) -> CORSConfig:
    """Which pages may embed the widget: it calls the API from their origin."""
    origins = allowed_origins(settings.cors_origins)
    return CORSConfig(
        allow_origins=["*"] if origins is None else sorted(origins),
        allow_methods=["GET", "POST", "DELETE"],
        allow_headers=["content-type", "idempotency-key", "x-comment-token"],
        # Retry-After tells the widget how long a rate-limited reader must wait.
        expose_headers=["retry-after", "etag"],
        allow_credentials=False,
        max_age=3600,
    )
