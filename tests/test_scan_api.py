"""``POST /v1/scan`` over HTTP: the contract and every kind of bad input."""

from __future__ import annotations

from litestar import Litestar
from litestar.testing import AsyncTestClient

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
