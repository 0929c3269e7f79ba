"""``POST /v1/scan``: what the policies find in a text, without storing anything."""

from __future__ import annotations

import msgspec
from litestar import post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from service import metrics
from service.pii import ScanResult
from service.problems import Problem
from service.runtime import Runtime


class ScanRequest(msgspec.Struct, forbid_unknown_fields=True):
    text: str


@post("/v1/scan", status_code=200, tags=["policies"], summary="Check a text against the policies")
async def scan(data: JSONBody[ScanRequest], runtime: NamedDependency[Runtime]) -> ScanResult:
    """Findings in code-point offsets of the text as sent; the matched text is never echoed."""
    limit = runtime.settings.max_scan_bytes
    if len(data.text) > limit or len(data.text.encode()) > limit:
        raise Problem(413, "body_too_large", f"text is longer than {limit} bytes", field="text")
    return metrics.observed_scan(runtime.scanner, data.text, "scan")
