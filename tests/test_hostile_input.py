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

from service.moderation import new_key
from service.settings import Settings
from service.store import keys
from service.store.sqlite import admin_connection

Client = AsyncTestClient[Litestar]
ARTICLE = "/v1/articles/news-1/comments"


def stored(settings: Settings, sql: str = "SELECT COUNT(*) FROM comments") -> Any:
    with sqlite3.connect(settings.database) as db:
        return db.execute(sql).fetchone()[0]


def admin(settings: Settings) -> dict[str, str]:
    key, hashed = new_key()
    with admin_connection(Path(settings.database)) as connection:
        keys.create_key(connection, "editor", "admin", hashed, "test", "2026-01-01T00:00:00.000Z")
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
