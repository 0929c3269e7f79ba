"""The readers' side of the store contract: submissions, threads, withdrawal, reports."""

from __future__ import annotations

import asyncio

from service.ids import new_id
from service.store import Backend, Store
from service.store.records import (
    ArticleChanged,
    ArticleClosed,
    BadParent,
    Created,
    IdempotencyRecord,
    NotFound,
    Replayed,
    Reported,
    Withdrawn,
    WrongToken,
)
from tests.store_contract.records import NOW, draft, finding, held

TOKEN = "0" * 64  # the token hash that draft() stores


async def test_a_batch_decides_drafts_in_order(store: Store) -> None:
    key = IdempotencyRecord("k" * 64, "r" * 64, b"{}")
    first, second = await asyncio.gather(
        store.create_comment(draft(idempotency=key)),
        store.create_comment(draft(idempotency=key)),
    )
    assert isinstance(first, Created)
    assert second == Replayed(key)
    assert await store.replay(key.key_hash) == key
    assert await store.replay("x" * 64) is None


async def test_articles_come_into_being_with_their_first_comment(store: Store) -> None:
    assert await store.article("new") is None
    refused = await store.create_comment(draft("new", parent_id=new_id()))
    assert isinstance(refused, BadParent)
    assert await store.article("new") is None
    await store.create_comment(draft("new"))
    article = await store.article("new")
    assert article is not None and (article.open, article.mode) == (True, "post")


async def test_settings_are_checked_when_the_comment_is_stored(store: Store) -> None:
    await store.set_article("a1", True, "pre", "editor", NOW)
    changed = await store.create_comment(draft(expected_mode="post"))
    assert isinstance(changed, ArticleChanged) and changed.article.mode == "pre"
    assert isinstance(await store.create_comment(draft(expected_mode="pre")), Created)
    await store.set_article("a1", False, "pre", "editor", NOW)
    assert isinstance(await store.create_comment(draft(expected_mode="pre")), ArticleClosed)


async def test_replies_need_a_published_top_level_parent_of_the_same_article(
    store: Store,
) -> None:
    parent = draft()
    await store.create_comment(parent)
    assert isinstance(await store.create_comment(draft("a2", parent_id=parent.id)), BadParent)
    reply = draft(parent_id=parent.id)
    assert isinstance(await store.create_comment(reply), Created)
    assert await store.thread_root(reply.id) == parent.id
    assert await store.thread_root(parent.id) == parent.id
    assert await store.thread_root(new_id()) is None
    assert isinstance(await store.create_comment(draft(parent_id=reply.id)), BadParent)
    pending = held()
    await store.create_comment(pending)
    assert isinstance(await store.create_comment(draft(parent_id=pending.id)), BadParent)


async def test_a_thread_pages_published_comments_with_their_replies(store: Store) -> None:
    tops = [draft(body=f"top {n}") for n in range(3)]
    for top in tops:
        await store.create_comment(top)
    for n in range(2):
        await store.create_comment(draft(body=f"reply {n}", parent_id=tops[0].id))
    await store.create_comment(held())  # not published: not in the thread

    newest = await store.thread("a1", newest_first=True, limit=2, after=None, replies=100)
    assert [c.id for c in newest.top_level] == [tops[2].id, tops[1].id]
    assert (newest.total, newest.has_more) == (5, True)
    rest = await store.thread("a1", newest_first=True, limit=2, after=tops[1].id, replies=100)
    assert [c.id for c in rest.top_level] == [tops[0].id]
    assert rest.has_more is False
    assert rest.top_level[0].reply_count == 2
    assert [(r.parent_id, r.body) for r in rest.replies] == [
        (tops[0].id, "reply 0"),
        (tops[0].id, "reply 1"),
    ]
    oldest = await store.thread("a1", newest_first=False, limit=5, after=None, replies=1)
    assert [c.id for c in oldest.top_level] == [top.id for top in tops]
    assert len(oldest.replies) == 1  # at most `replies` under each
    assert all(c.article_id == "a1" for c in oldest.top_level + oldest.replies)
    assert await store.is_thread_cursor("a1", tops[1].id)
    assert not await store.is_thread_cursor("a2", tops[1].id)
    assert not await store.is_thread_cursor("a1", new_id())


async def test_withdrawal_needs_the_token_and_leaves_a_placeholder_over_replies(
    store: Store,
) -> None:
    top, lonely = draft(), draft()
    for each in (top, lonely):
        await store.create_comment(each)
    await store.create_comment(draft(parent_id=top.id))
    assert await store.withdraw(top.id, "f" * 64, NOW) == WrongToken()
    assert await store.withdraw(new_id(), TOKEN, NOW) == NotFound()
    assert await store.withdraw(top.id, TOKEN, NOW) == Withdrawn("a1")
    assert await store.withdraw(top.id, TOKEN, NOW) == Withdrawn("a1")  # again: no change
    assert await store.withdraw(lonely.id, TOKEN, NOW) == Withdrawn("a1")
    thread = await store.thread("a1", newest_first=False, limit=10, after=None, replies=10)
    [placeholder] = thread.top_level
    assert (placeholder.id, placeholder.withdrawn) == (top.id, True)
    assert (placeholder.author, placeholder.body) == ("", "")
    assert thread.total == 1  # the reply
    found = await store.own_comment(top.id)
    assert found is not None and found[0] == TOKEN and found[1].status == "withdrawn"


async def test_reports_count_once_per_reader_and_take_a_comment_down(store: Store) -> None:
    comment = draft()
    await store.create_comment(comment)
    first = await store.report(comment.id, "a" * 32, "spam", 2, NOW)
    assert first == Reported("a1", counted=True, hidden=False)
    assert await store.report(comment.id, "a" * 32, "spam", 2, NOW) == Reported(
        "a1", counted=False, hidden=False
    )
    assert await store.report(comment.id, "b" * 32, "abuse", 2, NOW) == Reported(
        "a1", counted=True, hidden=True
    )
    item = await store.queue_item(comment.id)
    assert item is not None and (item.status, item.hold_reason) == ("pending", "reports")
    assert item.report_reasons == {"spam": 1, "abuse": 1}
    assert await store.report(comment.id, "c" * 32, "spam", 2, NOW) == NotFound()
    assert await store.report(new_id(), "c" * 32, "spam", 2, NOW) == NotFound()


async def test_findings_keep_their_explanations(store: Store) -> None:
    explained = finding(undone=("invisible characters",), verdicts={"luhn": "confirmed"})
    comment = held(findings=(explained, finding("author", 1, 3)))
    await store.create_comment(comment)
    item = await store.queue_item(comment.id)
    assert item is not None and tuple(item.findings) == comment.findings


async def test_the_client_salt_is_the_databases_for_its_life(backend: Backend) -> None:
    async with backend.open() as store:
        salt = store.client_salt
    async with backend.open() as store:
        assert store.client_salt == salt
    assert len(salt) >= 16
