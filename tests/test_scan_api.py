"""``POST /v1/scan`` over HTTP: the contract and every kind of bad input."""

from __future__ import annotations

import threading
from collections.abc import Sequence

from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.pii import Scanner, ScanResult
from service.screening import Screening
from service.settings import Settings
from service.store.records import OverQuota, Quota

Client = AsyncTestClient[Litestar]


async def test_scan_reports_findings_without_the_text(client: Client) -> None:
    text = "제 번호는 ０１０-２３４５-６７８９ 입니다"
    response = await client.post("/v1/scan", json={"text": text})
    assert response.status_code == 200
    body = response.json()
    assert body["action"] == "hold"
    [finding] = body["findings"]
    assert finding["type"] == "phone"
    assert text[finding["start"] : finding["end"]] == "０１０-２３４５-６７８９"
    assert {"policy", "action", "confidence"} <= set(finding)
    assert "２３４５" not in response.text
    assert len(body["policy_version"]) == 12


async def test_clean_text_is_allowed(client: Client) -> None:
    response = await client.post("/v1/scan", json={"text": "380억 달러 계약이라니"})
    assert response.json()["action"] == "allow"
    assert response.json()["findings"] == []


async def test_blocking_findings_make_the_action_block(client: Client) -> None:
    response = await client.post("/v1/scan", json={"text": "주민번호 900101-1234568"})
    assert response.json()["action"] == "block"


async def _problem(client: Client, content: bytes, status: int = 400) -> dict[str, object]:
    response = await client.post(
        "/v1/scan", content=content, headers={"content-type": "application/json"}
    )
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, object] = response.json()
    assert body["status"] == status
    assert "Traceback" not in response.text
    return body


async def test_malformed_json(client: Client) -> None:
    body = await _problem(client, b'{"text": ')
    assert body["code"] == "validation_error"


async def test_missing_text_names_the_field(client: Client) -> None:
    body = await _problem(client, b"{}")
    assert body["code"] == "validation_error"
    assert body["field"] == "text"


async def test_non_string_text_names_the_field(client: Client) -> None:
    body = await _problem(client, b'{"text": 12}')
    assert body["field"] == "text"


async def test_unknown_fields_are_named(client: Client) -> None:
    body = await _problem(client, b'{"text": "hi", "lang": "ko"}')
    assert body["field"] == "lang"


async def test_text_over_the_limit_is_413(client: Client) -> None:
    body = await _problem(client, b'{"text": "' + "가".encode() * 22000 + b'"}', status=413)
    assert body["code"] == "body_too_large"


async def test_openapi_describes_the_scan(client: Client) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    assert schema["openapi"].startswith("3.1")
    assert "/v1/scan" in schema["paths"]


# -- /v1/scan is not an amplifier --------------------------------------------------------


async def test_a_scan_lists_a_bounded_number_of_findings(client: Client) -> None:
    text = "a@b.co " * (65536 // 7)
    response = await client.post("/v1/scan", json={"text": text})
    assert response.status_code == 200
    answer = response.json()
    assert len(answer["findings"]) == 100
    assert answer["truncated"] is True
    assert answer["action"] == "hold"
    assert len(response.content) < len(text.encode())  # before: 1 MB for 64 KB sent
    few = (await client.post("/v1/scan", json={"text": "a@b.co 만"})).json()
    assert (len(few["findings"]), few["truncated"]) == (1, False)


async def test_scans_have_a_per_client_limit(database: str) -> None:
    settings = Settings(database=database, rate_limits="on", scan_limit=2)
    async with AsyncTestClient(app=create_app(settings)) as client:
        answers = [await client.post("/v1/scan", json={"text": "안녕"}) for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 429]
        assert answers[2].json()["code"] == "rate_limited"
        assert int(answers[2].headers["Retry-After"]) >= 1


async def _no_limit(quotas: Sequence[Quota]) -> OverQuota | None:
    return None


class _WhereScanned:
    """A scanner that notes which thread each scan ran on."""

    def __init__(self, real: Scanner) -> None:
        self.real = real
        self.threads: list[str] = []

    def scan(self, text: str) -> ScanResult:
        self.threads.append(threading.current_thread().name)
        return self.real.scan(text)


async def test_long_texts_are_screened_off_the_event_loop(scanner: Scanner) -> None:
    noted = _WhereScanned(scanner)
    screening = Screening(
        lambda: noted,  # type: ignore[arg-type,return-value]
        lambda address: address,
        Settings(scan_inline_chars=100),
        take=_no_limit,
    )
    try:
        await screening.scan("짧은 글", "scan")
        await screening.scan("긴 글 " * 100, "scan")
    finally:
        screening.close()
    assert noted.threads[0] == threading.current_thread().name
    assert noted.threads[1].startswith("moderato-scan")
