"""``POST /v1/scan``: what the policies find in a text, without storing anything."""

from __future__ import annotations

from litestar import Request, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from service.api.convert import to_api
from service.api.problems import Problem, documented
from service.api.reader_types import ScanAnswer, ScanFinding, ScanRequest
from service.api.requests import client_address
from service.pii import ScanResult
from service.runtime import Runtime


@post(
    "/v1/scan",
    status_code=200,
    tags=["policies"],
    summary="Check a text against the policies",
    responses=documented(400, 403, 413, 415, 429, 503),
)
async def scan(
    data: JSONBody[ScanRequest],
    request: Request,  # type: ignore[type-arg]
    runtime: NamedDependency[Runtime],
) -> ScanAnswer:
    """Findings in code-point offsets of the text as sent; the matched text is never echoed."""
    limit = runtime.settings.max_scan_bytes
    if len(data.text) > limit or len(data.text.encode()) > limit:
        raise Problem(413, "body_too_large", f"text is longer than {limit} bytes", field="text")
    result = await runtime.comments.screening.check(data.text, client_address(request))
    return answer(result, runtime.settings.max_scan_findings)


def answer(result: ScanResult, limit: int) -> ScanAnswer:
    """Offsets only: the first ``limit`` findings, without how each was made."""
    findings = [to_api(finding, ScanFinding) for finding in result.findings[:limit]]
    return ScanAnswer(result.action, findings, result.policy_version, len(result.findings) > limit)
