"""Probes for operators and load balancers."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Response, get
from litestar.di import NamedDependency

from service import __version__
from service.problems import problem_response
from service.runtime import Runtime


class Health(msgspec.Struct):
    status: str


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
    responses={},
)
async def readyz(runtime: NamedDependency[Runtime]) -> Response[Any]:
    if failed := await runtime.failed_checks():
        detail = "; ".join(f"{name}: {reason}" for name, reason in failed.items())
        return problem_response(503, "not_ready", detail, {"checks": failed})
    return Response(
        Ready(status="ready", version=__version__, policy_version=runtime.policy_version)
    )
