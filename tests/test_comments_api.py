"""Readers' endpoints over HTTP: every status, every kind of bad input."""

from __future__ import annotations

import asyncio
import gc
import sqlite3
import weakref
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.runtime import Runtime
from service.settings import Settings
from service.threads import PAGE_OVERHEAD, Page, PageKey, ThreadCache

Client = AsyncTestClient[Litestar]
ARTICLE = "/v1/articles/news-2026-11-28/comments"


async def post(client: Client, body: str = "좋은 기사네요", **fields: Any) -> Any:
    return await client.post(ARTICLE, json={"author": "민수", "body": body, **fields})


def rows(settings: Settings, sql: str = "SELECT id, status FROM comments") -> list[Any]:
    with sqlite3.connect(settings.database) as db:
        return db.execute(sql).fetchall()


async def test_a_clean_comment_is_published(client: Client) -> None:
    response = await post(client)
    assert response.status_code == 201
    created = response.json()
    assert created["status"] == "published"
    assert created["findings"] == []
    assert len(created["token"]) >= 24
    thread = (await client.get(ARTICLE)).json()
    assert [item["id"] for item in thread["items"]] == [created["id"]]
    assert thread["total"] == 1


async def test_a_comment_with_a_phone_number_is_held(client: Client, settings: Settings) -> None:
    body = "연락은 공일공-1234-오육칠팔 로 주세요"
    response = await post(client, body)
    assert response.status_code == 201
    created = response.json()
    assert created["status"] == "pending"
    [finding] = created["findings"]
    assert (finding["field"], finding["type"]) == ("body", "phone")
    assert body[finding["start"] : finding["end"]] == "공일공-1234-오육칠팔"
    assert (await client.get(ARTICLE)).json()["items"] == []
    assert rows(settings) == [(created["id"], "pending")]


async def test_a_blocked_comment_is_not_stored(client: Client, settings: Settings) -> None:
    response = await post(client, "제 주민번호 900101-1234568 입니다")
    assert response.status_code == 422
    problem = response.json()
    assert problem["code"] == "policy_blocked"
    assert [(f["field"], f["type"], f["start"], f["end"]) for f in problem["findings"]] == [
        ("body", "kr_rrn", 7, 21)
    ]
    assert "1234568" not in response.text
    assert rows(settings) == []


async def test_a_nickname_is_screened_too(client: Client) -> None:
    response = await client.post(ARTICLE, json={"author": "010-9876-5432", "body": "안녕하세요"})
    assert response.status_code == 201
    assert response.json()["status"] == "pending"
    assert response.json()["findings"][0]["field"] == "author"


async def test_pre_moderated_articles_hold_everything(client: Client, settings: Settings) -> None:
    await post(client)
    with sqlite3.connect(settings.database) as db:
        db.execute("UPDATE articles SET mode = 'pre'")
    response = await post(client, "두 번째 댓글")
    assert response.json()["status"] == "pending"
    assert len((await client.get(ARTICLE)).json()["items"]) == 1


async def test_a_closed_article_refuses_comments(client: Client, settings: Settings) -> None:
    await post(client)
    with sqlite3.connect(settings.database) as db:
        db.execute("UPDATE articles SET open = 0")
    response = await post(client, "늦은 댓글")
    assert response.status_code == 403
    assert response.json()["code"] == "article_closed"
    assert len(rows(settings)) == 1


async def test_replies_nest_under_their_thread(client: Client) -> None:
    parent = (await post(client, "원 댓글")).json()
    reply = (await post(client, "답글", parent_id=parent["id"])).json()
    reply_to_reply = (await post(client, "답글의 답글", parent_id=reply["id"])).json()
    assert reply_to_reply["parent_id"] == parent["id"]
    [item] = (await client.get(ARTICLE)).json()["items"]
    assert item["reply_count"] == 2
    assert [r["body"] for r in item["replies"]] == ["답글", "답글의 답글"]
    assert all(r["replies"] == [] for r in item["replies"])


async def test_a_parent_from_another_article_is_refused(client: Client) -> None:
    other = (
        await client.post("/v1/articles/other/comments", json={"author": "a", "body": "b"})
    ).json()
    response = await post(client, parent_id=other["id"])
    assert response.status_code == 400
    assert response.json()["field"] == "parent_id"


async def test_a_held_parent_cannot_be_replied_to(client: Client) -> None:
    held = (await post(client, "010-2345-6789 연락주세요")).json()
    response = await post(client, "답글", parent_id=held["id"])
    assert response.status_code == 400
    assert response.json()["field"] == "parent_id"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"author": "민수"}, "body"),
        ({"body": "본문"}, "author"),
        ({"author": "민수", "body": "본문", "email": "x@y.z"}, "email"),
        ({"author": "민수", "body": "   \n "}, "body"),
        ({"author": "  ", "body": "본문"}, "author"),
        ({"author": "민\u0007수", "body": "본문"}, "author"),
        ({"author": "민\u202e수", "body": "본문"}, "author"),
        ({"author": "가" * 41, "body": "본문"}, "author"),
        ({"author": 5, "body": "본문"}, "author"),
        ({"author": "민수", "body": "본\u0000문"}, "body"),
        ({"author": "민수", "body": "본문", "parent_id": "not-an-id"}, "parent_id"),
    ],
)
async def test_bad_input_names_the_field(
    client: Client, settings: Settings, payload: dict[str, Any], field: str
) -> None:
    response = await client.post(ARTICLE, json=payload)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "validation_error"
    assert response.json()["field"] == field
    assert rows(settings) == []


async def test_malformed_json_is_400(client: Client) -> None:
    response = await client.post(
        ARTICLE, content=b'{"author": "a", "bo', headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


@pytest.mark.parametrize("article_id", ["a b", "기사", "x" * 201, "a%3Fb", "a$b"])
async def test_invalid_article_ids_are_refused(client: Client, article_id: str) -> None:
    response = await client.post(
        f"/v1/articles/{article_id}/comments", json={"author": "a", "body": "b"}
    )
    assert response.status_code in (400, 404)
    if response.status_code == 400:
        assert response.json()["field"] == "article_id"


async def test_article_ids_may_contain_slashes(client: Client) -> None:
    path = "/v1/articles/news/2026/11/28/ai-deal/comments"
    created = (await client.post(path, json={"author": "a", "body": "b"})).json()
    assert created["article_id"] == "news/2026/11/28/ai-deal"
    assert (await client.get(path)).json()["items"][0]["id"] == created["id"]
    assert (await client.get(ARTICLE)).json()["items"] == []


async def test_an_over_long_body_is_413(client: Client, settings: Settings) -> None:
    response = await post(client, "가" * 5001)
    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"
    assert rows(settings) == []


async def test_an_idempotent_retry_returns_the_first_answer(
    client: Client, settings: Settings
) -> None:
    headers = {"Idempotency-Key": "draft-7f3a"}
    payload = {"author": "민수", "body": "한 번만"}
    first = await client.post(ARTICLE, json=payload, headers=headers)
    second = await client.post(ARTICLE, json=payload, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert len(rows(settings)) == 1
    reused = await client.post(ARTICLE, json={**payload, "body": "다른 글"}, headers=headers)
    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency_key_reused"


async def test_concurrent_retries_store_once(client: Client, settings: Settings) -> None:
    headers = {"Idempotency-Key": "same-key"}
    payload = {"author": "민수", "body": "동시에"}
    answers = await asyncio.gather(
        *(client.post(ARTICLE, json=payload, headers=headers) for _ in range(8))
    )
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["id"] for a in answers}) == 1
    assert len(rows(settings)) == 1


async def test_rate_limits_answer_429_with_retry_after(tmp_path: Path) -> None:
    settings = Settings(database=str(tmp_path / "db"), article_limit=2, rate_limits="on")
    async with AsyncTestClient(app=create_app(settings)) as client:
        assert (await post(client, "하나")).status_code == 201
        assert (await post(client, "둘")).status_code == 201
        limited = await post(client, "셋")
        assert limited.status_code == 429
        assert limited.json()["code"] == "rate_limited"
        assert 1 <= int(limited.headers["Retry-After"]) <= 60
        other_article = await client.post(
            "/v1/articles/other/comments", json={"author": "a", "body": "b"}
        )
        assert other_article.status_code == 201


async def test_blocked_comments_do_not_use_up_the_limit(tmp_path: Path) -> None:
    settings = Settings(database=str(tmp_path / "db"), article_limit=1, rate_limits="on")
    async with AsyncTestClient(app=create_app(settings)) as client:
        assert (await post(client, "주민번호 900101-1234568")).status_code == 422
        assert (await post(client, "괜찮은 글")).status_code == 201


async def test_rate_limits_can_be_turned_off(tmp_path: Path) -> None:
    settings = Settings(database=str(tmp_path / "db"), article_limit=1, rate_limits="off")
    async with AsyncTestClient(app=create_app(settings)) as client:
        statuses = {(await post(client, f"글 {n}")).status_code for n in range(3)}
        assert statuses == {201}


async def test_client_addresses_are_stored_only_as_salted_hashes(
    client: Client, settings: Settings
) -> None:
    await post(client)
    [(client_hash,)] = rows(settings, "SELECT client_hash FROM comments")
    assert len(client_hash) == 32
    assert "testclient" not in client_hash and "127.0.0.1" not in client_hash
    with sqlite3.connect(settings.database) as db:
        dump = "\n".join(db.iterdump())
    assert "testclient" not in dump


async def test_the_thread_pages_newest_first_and_oldest_first(client: Client) -> None:
    ids = [(await post(client, f"댓글 {n}")).json()["id"] for n in range(5)]
    first = (await client.get(ARTICLE, params={"limit": 2})).json()
    assert [i["id"] for i in first["items"]] == ids[:-3:-1]
    assert first["total"] == 5
    second = (await client.get(ARTICLE, params={"limit": 2, "cursor": first["next_cursor"]})).json()
    assert [i["id"] for i in second["items"]] == [ids[2], ids[1]]
    third = (await client.get(ARTICLE, params={"limit": 2, "cursor": second["next_cursor"]})).json()
    assert [i["id"] for i in third["items"]] == [ids[0]]
    assert third["next_cursor"] is None
    oldest = (await client.get(ARTICLE, params={"order": "oldest", "limit": 3})).json()
    assert [i["id"] for i in oldest["items"]] == ids[:3]


async def test_pagination_stays_correct_while_comments_arrive(client: Client) -> None:
    before = [(await post(client, f"이전 {n}")).json()["id"] for n in range(6)]
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = (await client.get(ARTICLE, params=params)).json()
        seen += [item["id"] for item in page["items"]]
        await post(client, f"새 댓글 {len(seen)}")  # lands at the top, not in later pages
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert seen == before[::-1]


@pytest.mark.parametrize(
    "query", [{"limit": 0}, {"limit": 101}, {"order": "random"}, {"cursor": "bogus"}]
)
async def test_bad_thread_queries_are_400(client: Client, query: dict[str, Any]) -> None:
    response = await client.get(ARTICLE, params=query)
    assert response.status_code == 400
    assert response.json()["field"] in query


async def test_etag_and_cache_control(client: Client) -> None:
    await post(client)
    first = await client.get(ARTICLE)
    assert first.headers["cache-control"] == "public, max-age=0, must-revalidate"
    etag = first.headers["etag"]
    unchanged = await client.get(ARTICLE, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304
    await post(client, "새 글")
    changed = await client.get(ARTICLE, headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag


async def test_withdrawal_needs_the_token(client: Client) -> None:
    created = (await post(client)).json()
    url = f"/v1/comments/{created['id']}"
    assert (await client.delete(url)).status_code == 403
    assert (await client.delete(url, headers={"X-Comment-Token": "wrong"})).status_code == 403
    assert (await client.get(ARTICLE)).json()["total"] == 1
    withdrawn = await client.delete(url, headers={"X-Comment-Token": created["token"]})
    assert withdrawn.status_code == 204
    assert (await client.get(ARTICLE)).json() == {
        "article_id": "news-2026-11-28",
        "total": 0,
        "items": [],
        "next_cursor": None,
    }
    missing = await client.delete(
        "/v1/comments/0195a3c2e4b07f00c0ffee0000000001",
        headers={"X-Comment-Token": created["token"]},
    )
    assert missing.status_code == 404


async def test_a_withdrawn_comment_with_replies_leaves_a_placeholder(client: Client) -> None:
    parent = (await post(client, "지울 댓글")).json()
    await post(client, "답글", parent_id=parent["id"])
    await client.delete(
        f"/v1/comments/{parent['id']}", headers={"X-Comment-Token": parent["token"]}
    )
    response = await client.get(ARTICLE)
    [item] = response.json()["items"]
    assert item["withdrawn"] is True
    assert (item["author"], item["body"]) == ("", "")
    assert "지울 댓글" not in response.text
    assert [r["body"] for r in item["replies"]] == ["답글"]


async def test_the_cache_never_serves_a_withdrawn_or_held_comment(tmp_path: Path) -> None:
    settings = Settings(database=str(tmp_path / "db"), rate_limits="off", report_threshold=1)
    async with AsyncTestClient(app=create_app(settings)) as client:
        created = (await post(client, "곧 지울 글")).json()
        assert "곧 지울 글" in (await client.get(ARTICLE)).text  # now cached
        await client.delete(
            f"/v1/comments/{created['id']}", headers={"X-Comment-Token": created["token"]}
        )
        assert "곧 지울 글" not in (await client.get(ARTICLE)).text
        reported = (await post(client, "신고될 글")).json()
        assert "신고될 글" in (await client.get(ARTICLE)).text
        await client.post(f"/v1/comments/{reported['id']}/reports", json={"reason": "spam"})
        assert "신고될 글" not in (await client.get(ARTICLE)).text
        held = (await post(client, "연락 010-2345-6789")).json()
        assert held["status"] == "pending"
        assert "010-2345-6789" not in (await client.get(ARTICLE)).text


async def test_a_reader_counts_once(client: Client, settings: Settings) -> None:
    created = (await post(client, "문제의 글")).json()
    for _ in range(5):
        response = await client.post(
            f"/v1/comments/{created['id']}/reports", json={"reason": "abuse"}
        )
        assert response.status_code == 202
    assert rows(settings, "SELECT COUNT(*) FROM reports") == [(1,)]
    assert "문제의 글" in (await client.get(ARTICLE)).text


async def test_bad_reports_are_refused(client: Client) -> None:
    created = (await post(client)).json()
    url = f"/v1/comments/{created['id']}/reports"
    assert (await client.post(url, json={"reason": "boring"})).status_code == 400
    assert (await client.post(url, json={})).status_code == 400
    missing = await client.post(
        "/v1/comments/0195a3c2e4b07f00c0ffee0000000001/reports", json={"reason": "spam"}
    )
    assert missing.status_code == 404


async def test_reader_comments_never_expose_moderation_fields(client: Client) -> None:
    await post(client)
    [item] = (await client.get(ARTICLE)).json()["items"]
    assert set(item) == {
        "id", "article_id", "parent_id", "author", "body", "created_at", "reply_count", "replies"
    }  # fmt: skip


async def test_openapi_documents_the_readers_api(client: Client) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    assert {"get", "post"} <= set(paths["/v1/articles/{article_id}/comments"])
    assert "delete" in paths["/v1/comments/{comment_id}"]
    assert "post" in paths["/v1/comments/{comment_id}/reports"]


PAGE_KEY: PageKey = ("newest", 20, None)


def test_a_changed_thread_takes_its_cached_pages_out_of_memory() -> None:
    cache, key = ThreadCache(1 << 20), PAGE_KEY
    page = Page('"etag"', b'{"items":[{"body":"withdrawn soon"}]}')
    cache.put("a1", key, cache.generation("a1"), page)
    held = weakref.ref(page)
    del page
    assert cache.get("a1", key) is held()
    cache.invalidate("a1")
    gc.collect()
    assert cache.get("a1", key) is None
    assert held() is None


def test_a_page_read_while_its_thread_changed_is_not_kept() -> None:
    cache, key = ThreadCache(1 << 20), PAGE_KEY
    generation = cache.generation("a1")
    cache.invalidate("a1")  # a write lands while the page is being read
    cache.put("a1", key, generation, Page('"old"', b"{}"))
    assert cache.get("a1", key) is None


def test_the_page_cache_stays_under_its_byte_bound() -> None:
    cache = ThreadCache(10 * PAGE_OVERHEAD)
    for n in range(50):
        cache.put(f"a{n % 3}", ("newest", 20, f"{n:032x}"), 0, Page('"e"', b"x" * 500))
        assert cache.bytes <= 10 * PAGE_OVERHEAD
    assert cache.get("a1", ("newest", 20, f"{49:032x}")) is not None  # the newest stay
    assert cache.get("a0", ("newest", 20, f"{0:032x}")) is None  # the oldest went
    cache.put("big", PAGE_KEY, 0, Page('"e"', b"x" * 10 * PAGE_OVERHEAD))
    assert cache.get("big", PAGE_KEY) is None


async def test_forged_cursors_are_refused_and_make_no_cache_entries(
    app: Litestar, client: Client
) -> None:
    first = (await post(client, "첫 글")).json()
    await post(client, "둘째 글")
    runtime: Runtime = app.state.runtime
    assert (await client.get(ARTICLE, params={"cursor": first["id"]})).status_code == 200
    cached = runtime.comments.cached_bytes
    for n in range(64):
        forged = await client.get(ARTICLE, params={"cursor": f"{n:032x}"})
        assert forged.status_code == 400
        assert forged.json()["field"] == "cursor"
    other_article = await client.get("/v1/articles/other/comments", params={"cursor": first["id"]})
    assert other_article.status_code == 400
    assert runtime.comments.cached_bytes == cached
