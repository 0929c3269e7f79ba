"""``POST /v1/scan``: what the policies find in a text, without storing anything."""

from __future__ import annotations

import msgspec
from litestar import Request, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from service.api.requests import client_address
from service.pii import Action, Finding, ScanResult
from service.problems import Problem, documented
from service.runtime import Runtime


class ScanRequest(msgspec.Struct, forbid_unknown_fields=True):
    text: str


class ScanAnswer(msgspec.Struct):
    """The scan's result, with at most ``MODERATO_MAX_SCAN_FINDINGS`` findings (the
    first ones in the text); ``truncated`` says that there were more. ``action`` is
    the strictest of all the findings, listed or not."""

    action: Action
    findings: list[Finding]
    policy_version: str
    truncated: bool

    @classmethod
    def of(cls, result: ScanResult, limit: int) -> ScanAnswer:
        findings = list(result.findings[:limit])
        truncated = len(result.findings) > limit
        return cls(result.action, findings, result.policy_version, truncated)


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
    return ScanAnswer.of(result, runtime.settings.max_scan_findings)
