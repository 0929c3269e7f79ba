"""Input written to get around the rules: trailing newlines in ids, deeply nested JSON,
invisible and bidi-control text, cross-site bodies."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.settings import Settings
from tests.api_keys import make_key

Client = AsyncTestClient[Litestar]
ARTICLE = "/v1/articles/news-1/comments"


def stored(settings: Settings, sql: str = "SELECT COUNT(*) FROM comments") -> Any:
    with sqlite3.connect(settings.database) as db:
        return db.execute(sql).fetchone()[0]


def admin(settings: Settings) -> dict[str, str]:
    key = make_key(settings.database, "editor", "admin")
    return {"Authorization": f"Bearer {key}"}


# -- ids are matched whole ----------------------------------------------------------------


@pytest.mark.parametrize("path", ["/v1/articles/abc%0A/comments", "/v1/articles/a/b%0A/comments"])
async def test_an_article_id_with_a_trailing_newline_is_refused(
    client: Client, settings: Settings, path: str
) -> None:
    response = await client.post(path, json={"author": "a", "body": "b"})
    assert response.status_code == 400
    assert response.json()["field"] == "article_id"
    assert (await client.get(path)).status_code == 400
    assert stored(settings) == 0


async def test_a_parent_id_with_a_trailing_newline_is_refused(client: Client) -> None:
    parent = (await client.post(ARTICLE, json={"author": "a", "body": "b"})).json()["id"]
    reply = {"author": "a", "body": "b", "parent_id": parent + "\n"}
    response = await client.post(ARTICLE, json=reply)
    assert response.status_code == 400
    assert response.json()["field"] == "parent_id"


async def test_a_comment_id_with_a_trailing_newline_is_not_found(client: Client) -> None:
    created = (await client.post(ARTICLE, json={"author": "a", "body": "b"})).json()
    url = f"/v1/comments/{created['id']}%0A/reports"
    assert (await client.post(url, json={"reason": "spam"})).status_code == 404


async def test_a_key_name_with_a_trailing_newline_is_refused(
    client: Client, settings: Settings
) -> None:
    response = await client.post(
        "/v1/moderation/keys", json={"name": "boss\n", "role": "admin"}, headers=admin(settings)
    )
    assert response.status_code == 400
    assert response.json()["field"] == "name"
    assert stored(settings, "SELECT COUNT(*) FROM api_keys WHERE name LIKE 'boss%'") == 0


def test_the_cli_refuses_a_key_name_with_a_trailing_newline(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "service", "keys", "create", "boss\n"],
        env={"MODERATO_DATABASE": str(tmp_path / "db"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    assert "key name" in result.stderr


# -- cross-site requests --------------------------------------------------------------------

SIMPLE_BODIES = [  # what a page can make a browser send anywhere without a preflight
    {"content-type": "text/plain"},
    {"content-type": "application/x-www-form-urlencoded"},
    {"content-type": "multipart/form-data; boundary=x"},
    {},
]


async def json_operations(client: Client) -> list[tuple[str, str]]:
    """Every (method, path) whose OpenAPI operation takes a request body."""
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    found = [
        (method.upper(), path.replace("{article_id}", "news-1").replace("{comment_id}", "0" * 32))
        for path, operations in paths.items()
        for method, operation in operations.items()
        if isinstance(operation, dict) and "requestBody" in operation
    ]
    assert len(found) >= 6
    return found


@pytest.mark.parametrize("headers", SIMPLE_BODIES)
async def test_every_json_route_refuses_other_content_types(
    client: Client, settings: Settings, headers: dict[str, str]
) -> None:
    for method, path in await json_operations(client):
        response = await client.request(method, path, content=b'{"text": "x"}', headers=headers)
        assert response.status_code == 415, (method, path)
        assert response.json()["code"] == "unsupported_media_type"
    assert stored(settings) == 0


async def test_a_hostile_page_cannot_take_a_comment_down(tmp_path: Path) -> None:
    settings = Settings(database=str(tmp_path / "db"), rate_limits="off", report_threshold=3)
    async with AsyncTestClient(app=create_app(settings)) as client:
        created = (await client.post(ARTICLE, json={"author": "a", "body": "좋은 글"})).json()
        url = f"/v1/comments/{created['id']}/reports"
        for visitor in range(3):
            forged = await client.post(
                url,
                content=b'{"reason": "abuse"}',
                headers={"content-type": "text/plain", "x-forwarded-for": f"203.0.113.{visitor}"},
            )
            assert forged.status_code == 415
        assert "좋은 글" in (await client.get(ARTICLE)).text
        assert stored(settings, "SELECT COUNT(*) FROM reports") == 0


async def test_listed_origins_are_the_only_pages_that_may_write(tmp_path: Path) -> None:
    settings = Settings(
        database=str(tmp_path / "db"),
        rate_limits="off",
        cors_origins="https://news.example, https://m.news.example",
    )
    comment = {"author": "a", "body": "b"}
    async with AsyncTestClient(app=create_app(settings), base_url="http://comments.test") as client:

        async def post_from(origin: str | None) -> Any:
            headers = {} if origin is None else {"origin": origin}
            return await client.post(ARTICLE, json=comment, headers=headers)

        refused = await post_from("https://evil.example")
        assert refused.status_code == 403
        assert refused.json()["code"] == "origin_not_allowed"
        assert (await post_from("null")).status_code == 403
        assert (await post_from("https://news.example")).status_code == 201
        assert (await post_from("https://m.news.example")).status_code == 201
        assert (await post_from(None)).status_code == 201  # server to server
        assert (await post_from("http://comments.test")).status_code == 201  # its own pages
        # Reads are not state-changing: any page may send them (CORS governs reading).
        read = await client.get(ARTICLE, headers={"origin": "https://evil.example"})
        assert read.status_code == 200
        assert stored(settings) == 4


async def test_any_origin_may_write_while_the_origins_are_not_listed(client: Client) -> None:
    response = await client.post(
        ARTICLE, json={"author": "a", "body": "b"}, headers={"origin": "https://any.example"}
    )
    assert response.status_code == 201


# -- deeply nested JSON ---------------------------------------------------------------------


async def test_deeply_nested_json_is_400_on_every_route(client: Client, settings: Settings) -> None:
    nested = b'{"text": ' + b"[" * 1000 + b"]" * 1000 + b"}"
    headers = {"content-type": "application/json", **admin(settings)}
    before = submissions(await client.get("/metrics"))
    for method, path in await json_operations(client):
        response = await client.request(method, path, content=nested, headers=headers)
        assert response.status_code == 400, (method, path, response.text)
        assert response.json()["code"] == "validation_error"
    after = submissions(await client.get("/metrics"))
    assert after.get("error", 0) == before.get("error", 0)
    assert after["invalid"] - before.get("invalid", 0) >= 1
    assert stored(settings) == 0


def submissions(metrics: Any) -> dict[str, float]:
    prefix = 'moderato_submissions_total{outcome="'
    return {
        line[len(prefix) :].split('"')[0]: float(line.rsplit(" ", 1)[1])
        for line in metrics.text.splitlines()
        if line.startswith(prefix)
    }


# -- invisible content -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("author", "body", "field"),
    [
        ("민수", "\u200b\u200c\u200d\ufeff", "body"),  # zero-width only
        ("민수", " \u2060\u3164 \u200b\n", "body"),
        ("\u3164", "본문", "author"),  # a Hangul filler: looks like no name at all
        ("민수\u3164", "본문", "author"),  # ...or like someone else's
        ("\u115f\u1160", "본문", "author"),
        ("민수", "좋은 기사 \u202egnp.exe", "body"),  # an override reverses what follows
        ("민수", "\u2067bidi isolate\u2069", "body"),
    ],
)
async def test_invisible_and_reordering_text_is_refused(
    client: Client, settings: Settings, author: str, body: str, field: str
) -> None:
    response = await client.post(ARTICLE, json={"author": author, "body": body})
    assert response.status_code == 400, response.text
    assert response.json()["field"] == field
    assert stored(settings) == 0


async def test_text_with_some_invisible_characters_is_still_accepted(client: Client) -> None:
    # Zero-width joiners belong to emoji sequences; a comment with text besides is fine.
    response = await client.post(ARTICLE, json={"author": "민수", "body": "좋아요 👍🏽\u200d"})
    assert response.status_code == 201
