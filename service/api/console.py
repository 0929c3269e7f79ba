"""The moderator console: ``/console`` and the modules it loads from
``/console/<version>/``.

The page is a shell that names the version; the modules under it are cached for a year,
like the widget's. It runs under a policy that admits only this service's own scripts
and styles (nothing inline, no ``eval``, no HTML from strings), since it handles API
keys and readers' personal information.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Request, Response, Router, get
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
from service.api.embed import STATIC
from service.api.problems import Problem, documented

DIRECTORY = STATIC / "console"
PAGE = "console.html"
# The widget's modules that the console imports as they are: building elements from
# text only, relative times, and the policies' names for each finding type.
SHARED = ("dom.js", "strings.js", "api.js")
PAGE_HEADERS = {
    # The page is small and names the current version: always revalidated.
    "Cache-Control": "no-cache",
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
        "img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; "
        "require-trusted-types-for 'script'; trusted-types 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class Console:
    """The console's files, read once: its own directory and the shared modules."""

    def __init__(self, directory: Path = DIRECTORY, shared_from: Path = STATIC) -> None:
        files = read_files(directory)
        page = files.pop(PAGE)
        files |= {name: (shared_from / name).read_bytes() for name in SHARED}
        self.version, self.versioned = versioned(files)
        self.page = Asset.of(fill(page, {"__VERSION__": self.version}), media_type(PAGE))


@get(
    "/console",
    tags=["console"],
    summary="The moderator console (`?lang=ko|en`)",
    media_type=MEDIA_TYPES[".html"],
    responses={
        304: NOT_MODIFIED,
        308: ResponseSpec(None, description="/console/ sent to /console"),
    },
)
async def page(
    request: Request[Any, Any, Any], console: NamedDependency[Console]
) -> Response[bytes]:
    raw_path: bytes = request.scope.get("raw_path") or b""
    if raw_path.partition(b"?")[0].endswith(b"/"):
        # The page names its modules relative to itself, which /console/ would skew.
        query = f"?{request.url.query}" if request.url.query else ""
        return Response(b"", status_code=308, headers={"Location": f"../console{query}"})
    return respond(request, console.page, PAGE_HEADERS)


@get(
    "/console/{version:str}/{name:str}",
    tags=["console"],
    summary="A module or stylesheet of the console, under the version the page names",
    responses={
        # JavaScript modules and CSS, hence text/* in the document.
        200: ResponseSpec(str, description="The file", media_type="text/*"),
        304: NOT_MODIFIED,
        **documented(404),
    },
)
async def versioned_file(
    request: Request[Any, Any, Any],
    version: FromPath[str],
    name: FromPath[str],
    console: NamedDependency[Console],
) -> Response[bytes]:
    asset = console.versioned.get(name)
    # The page is never cached, so only a page open across a release asks for an old
    # version, and it has loaded every module already.
    if asset is None or version != console.version:
        raise Problem(404, "not_found", f"the console has no file {name!r} in {version!r}")
    return respond(request, asset, {"Cache-Control": VERSIONED_CACHE})


def router(directory: Path = DIRECTORY) -> Router:
    """The console's routes, serving the files in ``directory``."""
    console = Console(directory)
    return Router(
        path="/",
        route_handlers=[page, versioned_file],
        dependencies={"console": Provide(lambda: console, sync_to_thread=False)},
    )
