"""What only a real server process shows: client addresses behind trusted proxies."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.live_server import live_server

# Real server processes: `pytest -m "not slow"` leaves them out of the inner loop.
pytestmark = pytest.mark.slow

ARTICLE = "/v1/articles/live/comments"


def _post(client: httpx.Client, body: str, forwarded_for: str) -> int:
    response = client.post(
        ARTICLE, json={"author": "독자", "body": body}, headers={"X-Forwarded-For": forwarded_for}
    )
    return response.status_code


def test_forwarded_addresses_count_only_from_trusted_proxies(database: str, tmp_path: Path) -> None:
    (tmp_path / "untrusted").mkdir()
    (tmp_path / "trusted").mkdir()
    with (
        live_server(
            tmp_path / "untrusted", database=database, trusted_proxies="10.9.9.9", article_limit="1"
        ) as server,
        httpx.Client(base_url=server.url) as client,
    ):
        # The direct peer (127.0.0.1) is not trusted: both come from one client.
        assert [
            _post(client, b, a) for b, a in (("하나", "203.0.113.1"), ("둘", "203.0.113.2"))
        ] == [201, 429]
    with (
        live_server(
            tmp_path / "trusted", database=database, trusted_proxies="127.0.0.1", article_limit="1"
        ) as server,
        httpx.Client(base_url=server.url) as client,
    ):
        assert [
            _post(client, b, a) for b, a in (("하나", "203.0.113.1"), ("둘", "203.0.113.2"))
        ] == [201, 201]
        assert _post(client, "셋", "203.0.113.1") == 429


def test_reports_from_distinct_readers_hide_a_comment(database: str, tmp_path: Path) -> None:
    with (
        live_server(
            tmp_path, database=database, trusted_proxies="127.0.0.1", report_threshold="2"
        ) as server,
        httpx.Client(base_url=server.url) as client,
    ):
        created = client.post(ARTICLE, json={"author": "a", "body": "문제의 글"}).json()
        url = f"/v1/comments/{created['id']}/reports"

        def report(address: str) -> int:
            headers = {"X-Forwarded-For": address}
            return client.post(url, json={"reason": "abuse"}, headers=headers).status_code

        assert report("198.51.100.1") == 202
        assert report("198.51.100.1") == 202  # the same reader again: counted once
        assert "문제의 글" in client.get(ARTICLE).text
        assert report("198.51.100.2") == 202
        assert "문제의 글" not in client.get(ARTICLE).text
        assert report("198.51.100.3") == 404
