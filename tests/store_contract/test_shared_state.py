"""What must agree between processes, in the store contract: rate-limit counters, and
decisions, idempotency keys and first comments raced from two stores opened on one
database (two processes, or two replicas)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from service.store import Backend, Store
from service.store.records import (
    ArticleClosed,
    AuditFilter,
    Created,
    DecisionState,
    IdempotencyRecord,
    OverQuota,
    Quota,
    Replayed,
    Reported,
)
from tests.store_contract.records import LATER, NOW, decision, draft, held

WINDOW_END = "2026-11-28T00:01:00.000Z"


def quota(name: str = "article", limit: int = 2, bucket: str = "c1:w1") -> Quota:
    return Quota(name, f"{name}:{bucket}", limit, WINDOW_END)


@pytest.fixture
async def other(backend: Backend, store: Store) -> AsyncIterator[Store]:
    """A second store on the same database, as another process opens it."""
    async with backend.open() as second:
        yield second


async def test_a_quota_is_taken_until_used_up(store: Store) -> None:
    assert await store.take([quota()]) is None
    assert await store.take([quota()]) is None
    assert await store.take([quota()]) == OverQuota("article", WINDOW_END)
    assert await store.take([quota(bucket="c1:w2")]) is None  # the next window
    assert await store.take([quota(bucket="c2:w1")]) is None  # another client


async def test_quotas_are_taken_all_or_none(store: Store) -> None:
    daily, article = quota("daily", limit=1), quota("article", limit=5)
    assert await store.take([article, daily]) is None
    assert await store.take([article, daily]) == OverQuota("daily", WINDOW_END)
    # The refused take gave the article quota back: four more fit.
    for _ in range(4):
        assert await store.take([article]) is None
    assert await store.take([article]) == OverQuota("article", WINDOW_END)


async def test_only_stored_comments_count(store: Store) -> None:
    limit = quota(limit=1)
    await store.set_article("closed", False, "post", "alice", NOW)
    assert await store.create_comment(draft("closed", quotas=(limit,))) == ArticleClosed()
    assert isinstance(await store.create_comment(draft(quotas=(limit,))), Created)
    refused = await store.create_comment(draft(quotas=(limit,)))
    assert refused == OverQuota("article", WINDOW_END)
    assert (await store.thread("a1", newest_first=True, limit=10, after=None, replies=0)).total == 1


async def test_reports_count_against_their_quota(store: Store) -> None:
    comments = [draft() for _ in range(3)]
    for each in comments:
        await store.create_comment(each)
    limit = quota("report", limit=2)
    outcomes = [await store.report(c.id, "r" * 32, "spam", 5, NOW, [limit]) for c in comments]
    assert outcomes[:2] == [Reported("a1", counted=True, hidden=False)] * 2
    assert outcomes[2] == OverQuota("report", WINDOW_END)


async def test_expired_counters_are_purged(store: Store) -> None:
    await store.take([quota()])
    purged = await store.purge_expired(NOW, NOW, NOW, LATER)
    assert purged["rate_counter"] == 1
    assert await store.take([quota(limit=1)]) is None  # a fresh counter


async def test_two_processes_share_one_quota(store: Store, other: Store) -> None:
    limit = quota(limit=5)
    outcomes = await asyncio.gather(*(s.take([limit]) for s in (store, other) * 6))
    assert outcomes.count(None) == 5


async def test_two_processes_decide_a_comment_once(store: Store, other: Store) -> None:
    comment = held()
    await store.create_comment(comment)
    current = await other.queue_item(comment.id)
    assert current is not None
    change = decision(current, "reject", state=DecisionState(reject_reason="spam"))
    results = await asyncio.gather(store.transition(change), other.transition(change))
    assert sorted(type(r).__name__ for r in results) == ["Applied", "VersionConflict"]
    entries, _ = await store.audit(AuditFilter(comment_id=comment.id), 10, None)
    assert len(entries) == 1


async def test_two_processes_store_an_idempotent_retry_once(store: Store, other: Store) -> None:
    key = IdempotencyRecord("k" * 64, "r" * 64, b"{}")
    first, second = draft("new", idempotency=key), draft("new", idempotency=key)
    results = await asyncio.gather(store.create_comment(first), other.create_comment(second))
    assert sorted(type(r).__name__ for r in results) == ["Created", "Replayed"]
    assert Replayed(key) in results
    page = await other.thread("new", newest_first=True, limit=10, after=None, replies=0)
    assert page.total == 1


async def test_two_first_comments_make_one_article(store: Store, other: Store) -> None:
    results = await asyncio.gather(*(s.create_comment(draft("fresh")) for s in (store, other) * 3))
    assert all(isinstance(r, Created) for r in results)
    page = await store.thread("fresh", newest_first=True, limit=10, after=None, replies=0)
    assert page.total == 6
