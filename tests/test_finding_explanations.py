"""Why each finding was made reaches moderators, and only moderators: queue items and
item reads carry the engine's explanation; the author's 201 and 422 and ``/v1/scan``
give offsets only. Comments stored before explanations existed still load."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.pii import Scanner
from service.settings import Settings
from tests.api_keys import make_key

Client = AsyncTestClient[Litestar]
COMMENTS = "/v1/articles/explained/comments"
# A phone number with a zero-width space in it: normalisation undoes it.
DISGUISED = "제 번호 010\u200b-2345-6789 로 연락주세요"
OFFSETS = {"type", "start", "end", "policy", "action", "confidence"}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database=str(tmp_path / "moderato.db"), rate_limits="off")


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[Client]:
    key = make_key(settings.database, "desk", "moderator")
    async with AsyncTestClient(app=create_app(settings)) as test_client:
        test_client.headers["Authorization"] = f"Bearer {key}"
        yield test_client


async def held(client: Client, body: str) -> dict[str, Any]:
    response = await client.post(COMMENTS, json={"author": "독자", "body": body})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    assert created["status"] == "pending"
    return created


async def test_moderators_see_the_engines_explanation(client: Client, scanner: Scanner) -> None:
    created = await held(client, DISGUISED)
    [expected] = scanner.scan(DISGUISED).findings
    explanation = msgspec.to_builtins(expected.explanation)
    assert explanation["undone"]  # the zero-width space was undone, and it says so

    [queued] = (await client.get("/v1/moderation/queues/pending")).json()["items"]
    read = (await client.get(f"/v1/moderation/comments/{created['id']}")).json()
    for item in (queued, read):
        [finding] = item["findings"]
        assert finding["explanation"] == {
            "undone": list(explanation["undone"]),
            "assembled": explanation.get("assembled"),
            "verdicts": explanation.get("verdicts", {}),
            "context": explanation.get("context"),
            "negative": explanation.get("negative"),
        }
        assert "2345" not in str(finding["explanation"])


async def test_authors_and_scans_get_offsets_only(client: Client) -> None:
    created = await held(client, DISGUISED)
    [finding] = created["findings"]
    assert set(finding) == OFFSETS | {"field"}

    blocked = await client.post(
        COMMENTS, json={"author": "독자", "body": "주민번호 900101-1234568"}
    )
    assert blocked.status_code == 422
    [finding] = blocked.json()["findings"]
    assert set(finding) == OFFSETS | {"field"}

    scanned = (await client.post("/v1/scan", json={"text": DISGUISED})).json()
    [finding] = scanned["findings"]
    assert set(finding) == OFFSETS


async def test_a_comment_stored_before_explanations_still_loads(
    client: Client, settings: Settings
) -> None:
    created = await held(client, DISGUISED)
    with sqlite3.connect(settings.database) as db:
        db.execute(
            "UPDATE comments SET findings = json_remove(findings, '$[0].explanation') WHERE id = ?",
            (created["id"],),
        )
        [(stored,)] = db.execute("SELECT findings FROM comments WHERE id = ?", (created["id"],))
    assert "explanation" not in stored
    read = await client.get(f"/v1/moderation/comments/{created['id']}")
    assert read.status_code == 200
    [finding] = read.json()["findings"]
    assert finding["explanation"] == {
        "undone": [],
        "assembled": None,
        "verdicts": {},
        "context": None,
        "negative": None,
    }
