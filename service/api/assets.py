"""Static files as the service serves them to browsers (the widget, the console): read
and gzipped once, each with a strong ETag, and a version that is a hash of a set of
files so that the set can be cached for a year under a path that names it."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from litestar import Request, Response
from litestar.openapi.datastructures import ResponseSpec

from service.api.conditional import etag_matches

MEDIA_TYPES = {
    ".js": "text/javascript",
    ".css": "text/css",
    ".html": "text/html",
}
VERSIONED_CACHE = "public, max-age=31536000, immutable"
NOT_MODIFIED = ResponseSpec(None, description="Not modified: If-None-Match names the ETag")


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


def read_files(directory: Path) -> dict[str, bytes]:
    """The servable files directly in ``directory``, by name."""
    return {
        path.name: path.read_bytes()
        for path in sorted(directory.iterdir())
        if path.is_file() and path.suffix in MEDIA_TYPES
    }


def versioned(files: Mapping[str, bytes]) -> tuple[str, dict[str, Asset]]:
    """A version naming exactly these files' contents, and the files as assets."""
    digest = hashlib.sha256()
    for name, body in sorted(files.items()):
        digest.update(name.encode() + b"\0" + body + b"\0")
    return digest.hexdigest()[:12], {
        name: Asset.of(body, media_type(name)) for name, body in files.items()
    }


def fill(template: bytes, values: Mapping[str, str]) -> bytes:
    for placeholder, value in values.items():
        template = template.replace(placeholder.encode(), value.encode())
    return template


def media_type(name: str) -> str:
    return MEDIA_TYPES[Path(name).suffix]


def respond(
    request: Request[Any, Any, Any], asset: Asset, headers: Mapping[str, str]
) -> Response[bytes]:
    """``asset`` gzipped if the client takes it, or 304 if the client has it already."""
    chosen = asset.gzipped if accepts_gzip(request.headers.get("accept-encoding")) else asset.plain
    headers = {**headers, "ETag": chosen.etag, "Vary": "Accept-Encoding"}
    if etag_matches(request.headers.get("if-none-match"), chosen.etag):
        return Response(b"", status_code=304, headers=headers)
    if chosen.encoding:
        headers["Content-Encoding"] = chosen.encoding
    return Response(chosen.body, media_type=asset.media_type, headers=headers)


def accepts_gzip(header: str | None) -> bool:
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
