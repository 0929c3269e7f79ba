"""Probes for operators and load balancers."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Response, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec

from service import __version__, metrics
from service.api.problems import documented, problem_response
from service.runtime import Runtime


class Health(msgspec.Struct):
    status: str


class Version(msgspec.Struct):
    version: str
    policy_version: str | None


class Ready(msgspec.Struct):
    status: str
    version: str
    policy_version: str | None


@get("/healthz", tags=["ops"], summary="Liveness: the process is serving (no I/O)")
async def healthz() -> Health:
    return Health(status="ok")


@get(
    "/readyz",
    tags=["ops"],
    summary="Readiness: policies loaded, store writable, not shutting down",
    responses={
        200: ResponseSpec(Ready, description="Ready to serve"),
        **documented(503),
    },
)
async def readyz(runtime: NamedDependency[Runtime]) -> Response[Any]:
    if failed := await runtime.failed_checks():
        detail = "; ".join(f"{name}: {reason}" for name, reason in failed.items())
        return problem_response(503, "not_ready", detail, {"checks": failed})
    return Response(
        Ready(status="ready", version=__version__, policy_version=runtime.policy_version)
    )


@get("/version", tags=["ops"], summary="The package version and the loaded policy set's hash")
async def version(runtime: NamedDependency[Runtime]) -> Version:
    return Version(version=__version__, policy_version=runtime.policy_version)


@get(
    "/metrics",
    tags=["ops"],
    summary="Prometheus metrics (text exposition format)",
    media_type=metrics.CONTENT_TYPE,
)
async def prometheus(runtime: NamedDependency[Runtime]) -> Response[bytes]:
    return Response(await runtime.render_metrics(), media_type=metrics.CONTENT_TYPE)


ROUTES = [healthz, readyz, version, prometheus]
