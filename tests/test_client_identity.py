"""Who a client is: its address as a trusted proxy forwards it, an IPv6 host as its /64,
and the limits and idempotency keys that hang on it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from litestar import Litestar

from service.app import create_app
from service.settings import Settings, SettingsError
from tests.peers import from_peer

ARTICLE = "/v1/articles/news-1/comments"
From = Callable[[str], httpx.AsyncClient]


@asynccontextmanager
async def service(database: str, **settings: Any) -> AsyncIterator[tuple[Litestar, From]]:
    """The app, started, and a way to send it requests from any peer address."""
    app = create_app(Settings(database=database, **settings))

    async with app.lifespan():  # the store is open
        yield app, lambda address: from_peer(app, address)


async def post(client: httpx.AsyncClient, body: str, **headers: str) -> int:
    response = await client.post(ARTICLE, json={"author": "독자", "body": body}, headers=headers)
    return response.status_code


def test_any_proxy_is_refused_with_a_hint() -> None:
    with pytest.raises(SettingsError, match="CIDR allowed"):
        Settings.from_env({"MODERATO_TRUSTED_PROXIES": "*"})
    with pytest.raises(SettingsError, match="MODERATO_TRUSTED_PROXIES"):
        Settings.from_env({"MODERATO_TRUSTED_PROXIES": "10.0.0.1, proxy.internal"})


async def test_proxies_may_be_named_as_networks(database: str) -> None:
    async with service(
        database, rate_limits="on", article_limit=1, trusted_proxies="10.0.0.0/8, fd00::/8"
    ) as (_, peer):
        proxy, other_proxy, stranger = peer("10.20.30.40"), peer("fd00::7"), peer("192.0.2.9")
        assert await post(proxy, "하나", **{"X-Forwarded-For": "203.0.113.1"}) == 201
        assert await post(proxy, "둘", **{"X-Forwarded-For": "203.0.113.2"}) == 201
        assert await post(other_proxy, "셋", **{"X-Forwarded-For": "203.0.113.2"}) == 429
        # Not a proxy: what it forwards is its own invention, and it is one client.
        assert await post(stranger, "넷", **{"X-Forwarded-For": "203.0.113.3"}) == 201
        assert await post(stranger, "다섯", **{"X-Forwarded-For": "203.0.113.4"}) == 429


async def test_an_ipv6_host_is_one_client_across_its_64(database: str) -> None:
    async with service(database, rate_limits="on", article_limit=1) as (_, peer):
        assert await post(peer("2001:db8:1:2::1"), "하나") == 201
        assert await post(peer("2001:db8:1:2:ffff:ffff:ffff:fffe"), "둘") == 429
        assert await post(peer("2001:db8:1:3::1"), "셋") == 201  # another /64
        assert await post(peer("192.0.2.1"), "넷") == 201
        assert await post(peer("::ffff:192.0.2.1"), "다섯") == 429  # the same IPv4 client


async def test_one_ipv6_host_reports_a_comment_once(database: str) -> None:
    async with service(database, rate_limits="on", report_threshold=2) as (_, peer):
        author = peer("192.0.2.1")
        created = (await author.post(ARTICLE, json={"author": "a", "body": "좋은 글"})).json()
        url = f"/v1/comments/{created['id']}/reports"
        for address in ("2001:db8:9::1", "2001:db8:9::2", "2001:db8:9::3"):
            response = await peer(address).post(url, json={"reason": "abuse"})
            assert response.status_code == 202
        assert "좋은 글" in (await author.get(ARTICLE)).text


async def test_reports_have_a_per_client_limit(database: str) -> None:
    async with service(database, rate_limits="on", report_limit=2) as (_, peer):
        reader = peer("192.0.2.1")
        urls = []
        for n in range(3):
            created = await reader.post(ARTICLE, json={"author": "a", "body": f"글 {n}"})
            urls.append(f"/v1/comments/{created.json()['id']}/reports")
        reporter = peer("198.51.100.5")
        answers = [await reporter.post(url, json={"reason": "spam"}) for url in urls]
        assert [a.status_code for a in answers] == [202, 202, 429]
        assert answers[2].json()["code"] == "rate_limited"
        assert int(answers[2].headers["Retry-After"]) >= 1
        assert (
            await peer("198.51.100.6").post(urls[2], json={"reason": "spam"})
        ).status_code == 202


async def test_a_replay_answers_the_comment_as_it_is_now(database: str) -> None:
    async with service(database, rate_limits="off") as (_, peer):
        reader, key = peer("192.0.2.1"), {"Idempotency-Key": "draft-7f3a"}
        payload = {"author": "민수", "body": "한 번만 올라가야 할 글"}
        first = (await reader.post(ARTICLE, json=payload, headers=key)).json()
        assert first["status"] == "published"
        withdrawn = await reader.delete(
            f"/v1/comments/{first['id']}", headers={"X-Comment-Token": first["token"]}
        )
        assert withdrawn.status_code == 204
        replay = await reader.post(ARTICLE, json=payload, headers=key)
        assert replay.status_code == 201
        assert replay.json()["id"] == first["id"]
        assert replay.json()["status"] == "withdrawn"
        assert first["token"] not in replay.text
        assert "한 번만" not in replay.text


async def test_an_idempotency_key_is_scoped_to_its_client(database: str) -> None:
    async with service(database, rate_limits="off") as (_, peer):
        key, payload = {"Idempotency-Key": "post-1"}, {"author": "독자", "body": "같은 글"}
        mine = (await peer("192.0.2.1").post(ARTICLE, json=payload, headers=key)).json()
        theirs = await peer("198.51.100.2").post(ARTICLE, json=payload, headers=key)
        assert theirs.status_code == 201
        assert theirs.json()["id"] != mine["id"]
        assert mine["token"] not in theirs.text
