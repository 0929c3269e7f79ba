"""Logs are JSON lines with a request id, and never a copy of what readers sent."""

from __future__ import annotations

import json
import logging
import re
import sqlite3
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.logs import JsonFormatter, request_id
from service.settings import Settings
from tests.api_keys import make_key
from tests.live_server import live_server, stop_server
from tests.peers import from_peer

Client = AsyncTestClient[Litestar]

# -- the formatter ---------------------------------------------------------------------


def record(message: str, exc: BaseException | None = None, **extra: Any) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    made = logging.LogRecord("moderato.test", logging.ERROR, __file__, 1, message, (), exc_info)
    made.__dict__.update(extra)
    return made


def raised(exc: BaseException) -> BaseException:
    try:
        raise exc
    except BaseException as caught:
        return caught


def test_a_line_is_one_json_object_with_the_request_id_and_extras() -> None:
    token = request_id.set("req-12345678")
    try:
        line = JsonFormatter().format(record("request", route="/x", status=201))
    finally:
        request_id.reset(token)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == "req-12345678"
    assert (entry["level"], entry["logger"], entry["message"]) == (
        "error",
        "moderato.test",
        "request",
    )
    assert (entry["route"], entry["status"]) == ("/x", 201)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", entry["time"])


def test_exception_messages_are_kept_only_where_they_cannot_quote_input() -> None:
    quoting = raised(ValueError("bad value '010-1234-5678'"))
    entry = json.loads(JsonFormatter().format(record("failed", quoting)))
    assert entry["exception"]["type"] == "builtins.ValueError"
    assert entry["exception"]["stack"] and "010-1234-5678" not in json.dumps(entry)

    locked = raised(sqlite3.OperationalError("database is locked"))
    entry = json.loads(JsonFormatter().format(record("failed", locked)))
    assert entry["exception"]["message"] == "database is locked"


# -- request ids -----------------------------------------------------------------------


async def test_request_ids_are_returned_honoured_or_replaced(client: Client) -> None:
    made = (await client.get("/healthz")).headers["x-request-id"]
    again = (await client.get("/healthz")).headers["x-request-id"]
    assert made != again and re.fullmatch(r"[0-9a-f]{32}", made)

    for opaque in ("4bf92f3577b34da6a3ce929d0e0e4736", "0f8fad5b-d9cb-469f-a165-70867728950e"):
        response = await client.get("/healthz", headers={"X-Request-ID": opaque})
        assert response.headers["x-request-id"] == opaque
    for chosen in ("req-010-9876-5432", "a@b.example", "short", "has spaces in it", "x" * 200):
        response = await client.get("/no-such-page", headers={"X-Request-ID": chosen})
        assert response.status_code == 404
        assert response.headers["x-request-id"] != chosen


async def test_a_trusted_proxy_may_name_the_request_id(tmp_path: Path) -> None:
    app = create_app(Settings(database=str(tmp_path / "db"), trusted_proxies="192.0.2.0/24"))

    async def request_id(peer: str, sent: str) -> str:
        async with from_peer(app, peer) as client:
            response = await client.get("/healthz", headers={"X-Request-ID": sent})
            return response.headers["x-request-id"]

    assert await request_id("192.0.2.10", "lb-trace:1f2e3d4c") == "lb-trace:1f2e3d4c"
    assert await request_id("198.51.100.7", "lb-trace:1f2e3d4c") != "lb-trace:1f2e3d4c"
    assert await request_id("192.0.2.10", "has spaces in it") != "has spaces in it"


# -- nothing personal in any line, at DEBUG, errors included --------------------------

PHONE = "010-9876-5432"
EMAIL = "minsu.kim@example.com"
RRN = "900101-1234568"
NAME = "홍길동"
ADDRESS = "203.0.113.77"  # the reader's address, as a trusted proxy forwards it
ARTICLE_PHONE = "010-5555-4444"  # a valid article id that is also a phone number
IDEMPOTENCY = "retry-010-1111-2222"
NOTE = "연락처 010-3333-7777 삭제 요청"


def test_no_personal_information_reaches_the_logs(tmp_path: Path) -> None:
    key = make_key(tmp_path / "moderato.db", "desk", "admin")
    secrets: list[str] = [PHONE, EMAIL, RRN, NAME, ADDRESS, ARTICLE_PHONE, IDEMPOTENCY, NOTE, key]
    reader = {"X-Forwarded-For": ADDRESS}
    moderator = {"Authorization": f"Bearer {key}"}
    article = f"/v1/articles/{ARTICLE_PHONE}/comments"
    nested = f"/v1/articles/news/{ARTICLE_PHONE}/comments"
    text = f"{NAME}입니다. 전화 {PHONE}, 메일 {EMAIL}"

    server = live_server(tmp_path, log_level="debug", trusted_proxies="127.0.0.1")
    with server as live, httpx.Client(base_url=live.url, headers=reader) as client:
        seen: list[int] = []

        def call(method: str, url: str, **kwargs: Any) -> httpx.Response:
            response = client.request(method, url, **kwargs)
            seen.append(response.status_code)
            return response

        call("POST", "/v1/scan", json={"text": text})
        held = call("POST", article, json={"author": NAME, "body": text}).json()
        published = call(
            "POST",
            nested,
            json={"author": NAME, "body": "좋은 기사"},
            headers={"Idempotency-Key": IDEMPOTENCY, "X-Request-ID": EMAIL},
        ).json()
        call("POST", article, json={"author": NAME, "body": f"주민번호 {RRN}"})  # 422
        call("POST", article, json={"author": NAME, "body": f"{PHONE}\x00"})  # 400
        call("POST", article, json={"author": NAME, "body": PHONE * 1000})  # 413
        call("POST", article, content=f'{{"author": "{NAME}", "body": "{PHONE}"')  # bad JSON
        call("POST", article, json={"author": NAME, "body": PHONE, "extra": EMAIL})  # 400
        call("GET", article, params={"cursor": PHONE})  # 400
        call("GET", nested)
        call("GET", f"/{EMAIL}/{PHONE}")  # no such route
        call("GET", f"/v1/comments/{held['id']}", headers={"X-Comment-Token": held["token"]})
        call("POST", f"/v1/comments/{published['id']}/reports", json={"reason": "personal_info"})
        call("POST", f"/v1/comments/{published['id']}/reports", json={"reason": EMAIL})
        call("DELETE", f"/v1/comments/{published['id']}", headers={"X-Comment-Token": "wrong"})
        call("DELETE", f"/v1/comments/{published['id']}", headers={"X-Comment-Token": EMAIL})
        call("DELETE", f"/v1/comments/{published['id']}")
        withdraw = f"/v1/comments/{published['id']}"
        call("DELETE", withdraw, headers={"X-Comment-Token": published["token"]})
        call("GET", "/v1/moderation/queues", headers={"Authorization": f"Bearer {EMAIL}"})
        call("GET", "/v1/moderation/queues/pending", headers=moderator)
        item = call("GET", f"/v1/moderation/comments/{held['id']}", headers=moderator).json()
        decide = f"/v1/moderation/comments/{held['id']}/decision"
        decision = {"action": "reject", "version": item["version"]}
        call("POST", decide, json={**decision, "reason": EMAIL}, headers=moderator)  # 400
        decision |= {"reason": "personal_info", "note": NOTE}
        call("POST", decide, json=decision, headers=moderator)
        call("GET", "/v1/moderation/audit", headers=moderator)
        settings = {"open": True, "mode": "pre"}
        call("PUT", f"/v1/moderation/articles/{ARTICLE_PHONE}", json=settings, headers=moderator)
        call("GET", "/metrics")
        # A failing dependency: the database refuses every new comment.
        with sqlite3.connect(tmp_path / "moderato.db") as db:
            db.execute(
                "CREATE TRIGGER refuse BEFORE INSERT ON comments"
                " BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
            )
        call("POST", article, json={"author": NAME, "body": text})
        stop_server(live)

    assert {201, 200, 202, 204, 400, 401, 403, 404, 413, 422, 500} <= set(seen), seen
    lines = live.log.read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line) for line in lines]  # every line is JSON
    assert any(e["level"] == "debug" for e in entries)
    assert any("injected failure" in json.dumps(e) for e in entries if e["level"] == "error")
    routes = {e.get("route") for e in entries if e["logger"] == "moderato.access"}
    assert "/v1/moderation/comments/{comment_id}/decision" in routes and "unmatched" in routes
    assert len([e for e in entries if e["logger"] == "moderato.access"]) >= len(seen)
    for secret in [*secrets, held["token"], published["token"], held["body"]]:
        leaked = [line for line in lines if secret in line]
        assert not leaked, (secret, leaked[:3])


@pytest.mark.parametrize(("setting", "level"), [("on", logging.INFO), ("off", logging.DEBUG)])
async def test_access_lines_are_info_only_when_asked_for(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, setting: str, level: int
) -> None:
    settings = Settings(database=str(tmp_path / "db"), access_log=setting)  # type: ignore[arg-type]
    with caplog.at_level(logging.DEBUG, logger="moderato.access"):
        async with AsyncTestClient(app=create_app(settings)) as client:
            await client.get("/v1/articles/a/comments")
    [line] = [r for r in caplog.records if getattr(r, "route", "").startswith("/v1/articles")]
    assert line.levelno == level
