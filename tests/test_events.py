"""The change feed as one process follows it: queue events for moderators' streams,
resuming with Last-Event-ID, resets when events are gone (in process, then over HTTP)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.feed import Delivery, Feed, Listener, Reset
from service.store import Backend, Store
from service.store.records import IdempotencyRecord
from tests.live_server import live_server
from tests.store_contract.records import NOW, decision, draft, held


@pytest.fixture
async def feed(store: Store) -> AsyncIterator[Feed]:
    following = Feed(store, backlog=3)
    async with following.following():
        yield following


def drain(listener: Listener) -> list[Delivery | Reset | None]:
    return [listener.get_nowait() for _ in range(listener.qsize())]


def comment_ids(received: list[Any]) -> list[str | None]:
    return [d.event.comment_id for d in received if isinstance(d, Delivery)]


async def test_queue_events_reach_listeners_and_caches(store: Store, feed: Feed) -> None:
    changed: list[str] = []
    feed.subscribe(lambda event: changed.append(event.type), lambda: changed.append("cleared"))
    with feed.listen() as listener:
        first, published = held(), draft()
        await store.create_comment(first)
        await store.create_comment(published)
        await feed.catch_up()
        received = drain(listener)
    assert comment_ids(received) == [first.id]  # published comments concern caches only
    assert changed == ["held", "published"]


async def test_a_listener_that_comes_back_gets_what_it_missed(store: Store, feed: Feed) -> None:
    start = feed.last_id
    drafts = [held() for _ in range(3)]
    for each in drafts:
        await store.create_comment(each)
    missed = await feed.missed(start)
    assert comment_ids(missed) == [d.id for d in drafts]
    ids = [d.id for d in missed if isinstance(d, Delivery)]
    assert ids == sorted(ids)
    assert comment_ids(await feed.missed(str(ids[0]))) == [d.id for d in drafts[1:]]
    assert await feed.missed(str(ids[-1])) == []  # up to date: nothing again


async def test_decisions_and_withdrawals_are_queue_events(store: Store, feed: Feed) -> None:
    start = feed.last_id
    pending, mine = held(), draft(idempotency=IdempotencyRecord("k", "r", b"{}"))
    await store.create_comment(pending)
    await store.create_comment(mine)
    current = await store.queue_item(pending.id)
    assert current is not None
    await store.transition(decision(current, "approve"))
    await store.withdraw(mine.id, "0" * 64, NOW)
    missed = [d.event for d in await feed.missed(start) if isinstance(d, Delivery)]
    assert [(e.type, e.status, e.action, e.version) for e in missed] == [
        ("held", "pending", None, None),
        ("decided", "published", "approve", 2),
        ("withdrawn", "withdrawn", None, None),
    ]


@pytest.mark.parametrize("last_id", ["999999", "nonsense", "-", "", "x-²", "-1"])
async def test_an_id_from_elsewhere_resets(store: Store, feed: Feed, last_id: str) -> None:
    await store.create_comment(held())
    assert await feed.missed(last_id) == [Reset()]


async def test_more_missed_than_kept_resets(store: Store, feed: Feed) -> None:
    start = feed.last_id
    for _ in range(4):  # the backlog is 3
        await store.create_comment(held())
    assert await feed.missed(start) == [Reset()]


async def test_purged_events_reset(store: Store, feed: Feed) -> None:
    start = feed.last_id
    for _ in range(3):
        await store.create_comment(held())
    purged = await store.purge_expired(NOW, NOW, "2999-01-01T00:00:00.000Z", NOW)
    assert purged["feed_event"] == 2  # all but the newest, which says where the feed is
    assert await feed.missed(start) == [Reset()]


async def test_a_listener_that_falls_behind_is_told_to_reload(store: Store, feed: Feed) -> None:
    drafts = [held() for _ in range(5)]
    with feed.listen() as listener:
        for each in drafts:
            await store.create_comment(each)
        await feed.catch_up()
        received = drain(listener)
    # What it had not read was dropped for a reset; what came after still arrives.
    assert received[0] == Reset()
    assert comment_ids(received[1:]) == [d.id for d in drafts[3:]]


async def test_a_second_process_follows_the_first(backend: Backend, store: Store) -> None:
    """Two stores on one database are two processes: each one's feed sees the other's."""
    async with backend.open() as other:
        follower = Feed(other)
        async with follower.following():
            changed: list[str] = []
            follower.subscribe(lambda event: changed.append(event.article_id), lambda: None)
            await store.create_comment(draft("elsewhere"))
            await follower.current()  # what a cached read asks first
            assert changed == ["elsewhere"]


@pytest.mark.slow
def test_the_stream_resumes_over_http(tmp_path: Path) -> None:
    env = {**os.environ, "MODERATO_DATABASE": str(tmp_path / "moderato.db")}
    created = subprocess.run(
        [sys.executable, "-m", "service", "keys", "create", "desk"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    headers = {"Authorization": f"Bearer {created.stdout.strip().splitlines()[-1]}"}
    with live_server(tmp_path, rate_limits="off") as server:
        first_id = _first_message(server.url, headers)["id"]
        comment = httpx.post(
            f"{server.url}/v1/articles/live/comments",
            json={"author": "a", "body": "제 번호 010-2345-6789"},
        ).json()
        replayed = _first_message(server.url, {**headers, "Last-Event-ID": first_id}, skip=1)
        reset = _first_message(server.url, {**headers, "Last-Event-ID": "0badc0de-1"}, skip=1)
    assert replayed["event"] == "queue"
    assert json.loads(replayed["data"])["comment_id"] == comment["id"]
    assert int(replayed["id"]) > int(first_id)
    assert reset["event"] == "reset"


def _first_message(url: str, headers: dict[str, str], skip: int = 0) -> dict[str, str]:
    """The fields of the stream's message number ``skip`` (0: the opening one)."""
    fields: dict[str, str] = {}
    with httpx.stream("GET", f"{url}/v1/moderation/events", headers=headers, timeout=10) as stream:
        for line in stream.iter_lines():
            if line:
                name, _, value = line.partition(":")
                fields[name or "comment"] = value.strip()
            elif skip:
                skip, fields = skip - 1, {}
            else:
                return fields
    raise AssertionError("the stream ended early")
