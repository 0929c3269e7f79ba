"""The embeddable widget: ``/embed.js``, the files it loads, and the ``/demo`` page.

``/embed.js`` is a small loader that browsers keep for minutes. It loads the widget from
``/embed/<version>/``, where ``<version>`` is a hash of every file served there, so those
files can be kept for a year: a release reaches readers within minutes, and nobody
downloads an unchanged widget twice. Every file is read and gzipped once, at start-up.
"""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response, Router, get
from litestar.config.cors import CORSConfig
from litestar.di import NamedDependency, Provide
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath

from service.api.conditional import etag_matches
from service.api.origins import allowed_origins
from service.problems import Problem, documented
from service.settings import Settings

STATIC = Path(__file__).resolve().parent.parent / "static"
# Templates: ``__VERSION__`` in them becomes the widget's version, and ``__CONFIG__`` in
# the loader the service's limits that the widget shows and enforces.
LOADER = "loader.js"
DEMO = "demo.html"

MEDIA_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".html": "text/html",
}
NOT_MODIFIED = ResponseSpec(None, description="Not modified: If-None-Match names the ETag")
LOADER_CACHE = "public, max-age=300"
VERSIONED_CACHE = "public, max-age=31536000, immutable"
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


@dataclass(frozen=True, slots=True)
class Representation:
    body: bytes
    etag: str
    encoding: str | None


@dataclass(frozen=True, slots=True)
class Asset:
    """One file as served: plain and gzipped, each with its own strong ETag."""

    media_type: str
    plain: Representation
    gzipped: Representation

    @classmethod
    def of(cls, body: bytes, media_type: str) -> Asset:
        tag = hashlib.sha256(body).hexdigest()[:20]
        return cls(
            media_type=media_type,
            plain=Representation(body, f'"{tag}"', None),
            # mtime=0: the same file always gives the same bytes.
            gzipped=Representation(gzip.compress(body, 9, mtime=0), f'"{tag}-gz"', "gzip"),
        )


class Embed:
    """The widget's files, read from ``directory`` once."""

    def __init__(self, settings: Settings, directory: Path = STATIC) -> None:
        files = {
            path.name: path.read_bytes()
            for path in sorted(directory.iterdir())
            if path.is_file() and path.suffix in MEDIA_TYPES
        }
        versioned = {name: body for name, body in files.items() if name not in (LOADER, DEMO)}
        digest = hashlib.sha256()
        for name, body in versioned.items():
            digest.update(name.encode() + b"\0" + body + b"\0")
        self.version = digest.hexdigest()[:12]
        self.versioned = {
            name: Asset.of(body, _media_type(name)) for name, body in versioned.items()
        }
        limits = {"max_body": settings.max_comment_chars, "max_author": settings.max_author_chars}
        values = {"__VERSION__": self.version, "__CONFIG__": urlencode(limits)}
        self.loader = Asset.of(_fill(files[LOADER], values), _media_type(LOADER))
        self.demo = Asset.of(_fill(files[DEMO], values), _media_type(DEMO))


def _fill(template: bytes, values: Mapping[str, str]) -> bytes:
    for placeholder, value in values.items():
        template = template.replace(placeholder.encode(), value.encode())
    return template


def _media_type(name: str) -> str:
    return MEDIA_TYPES[Path(name).suffix]


def _respond(
    request: Request[Any, Any, Any], asset: Asset, headers: dict[str, str]
) -> Response[bytes]:
    """``asset`` gzipped if the client takes it, or 304 if the client has it already."""
    chosen = asset.gzipped if _accepts_gzip(request.headers.get("accept-encoding")) else asset.plain
    headers = {**headers, "ETag": chosen.etag, "Vary": "Accept-Encoding"}
    if etag_matches(request.headers.get("if-none-match"), chosen.etag):
        return Response(b"", status_code=304, headers=headers)
    if chosen.encoding:
        headers["Content-Encoding"] = chosen.encoding
    return Response(chosen.body, media_type=asset.media_type, headers=headers)


def _accepts_gzip(header: str | None) -> bool:
    """Whether an ``Accept-Encoding`` header admits gzip (``gzip;q=0`` refuses it)."""
    for item in (header or "").split(","):
        coding, _, parameters = item.partition(";")
        if coding.strip().lower() not in ("gzip", "*"):
            continue
        _, _, weight = parameters.replace(" ", "").partition("q=")
        try:
            return float(weight or 1) > 0
        except ValueError:
            return False
    return False


@get(
    "/embed.js",
    tags=["embed"],
    summary="The widget loader for article pages",
    media_type=MEDIA_TYPES[".js"],
    responses={304: NOT_MODIFIED},
)
async def loader(request: Request[Any, Any, Any], embed: NamedDependency[Embed]) -> Response[bytes]:
    return _respond(request, embed.loader, {"Cache-Control": LOADER_CACHE})


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
    return _respond(request, asset, {"Cache-Control": VERSIONED_CACHE})


@get(
    "/demo",
    tags=["embed"],
    summary="A demo article page with the widget under it",
    media_type=MEDIA_TYPES[".html"],
    responses={304: NOT_MODIFIED},
)
async def demo(request: Request[Any, Any, Any], embed: NamedDependency[Embed]) -> Response[bytes]:
    return _respond(request, embed.demo, DEMO_HEADERS)


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
