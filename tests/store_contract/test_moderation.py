"""The moderators' side of the store contract: queues, transitions without lost updates,
claims, the audit log, article settings, blinds and keys."""

from __future__ import annotations

import asyncio

import pytest

from service.ids import new_id
from service.store import KeyExists, Store
from service.store.records import (
    Applied,
    ArticleDetail,
    AuditFilter,
    Claim,
    ClaimedByOther,
    DecisionDetail,
    DecisionState,
    ExpiredBlind,
    KeyDetail,
    NotFound,
    QueueFilter,
    QueueItem,
    TextChange,
    Texts,
    UndoDetail,
    VersionConflict,
)
from tests.store_contract.records import LATER, NOW, OLD, RECENT, decision, draft, finding, held


async def item(store: Store, comment_id: str) -> QueueItem:
    found = await store.queue_item(comment_id)
    assert found is not None
    return found


async def test_queues_filter_and_page_oldest_first(store: Store) -> None:
    first, second = held(), held("a2", findings=(finding(), finding(start=3, end=5)))
    premoderated = draft(status="pending", hold_reason="premoderation")
    for each in (first, second, premoderated, draft()):
        await store.create_comment(each)
    page, more = await store.queue("pending", QueueFilter(), 2, None)
    assert [i.id for i in page] == [first.id, second.id] and more
    rest, more = await store.queue("pending", QueueFilter(), 2, page[-1].id)
    assert [i.id for i in rest] == [premoderated.id] and not more
    by_article, _ = await store.queue("pending", QueueFilter(article_id="a2"), 10, None)
    assert [i.id for i in by_article] == [second.id]
    by_reason, _ = await store.queue("pending", QueueFilter(hold_reason="premoderation"), 10, None)
    assert [i.id for i in by_reason] == [premoderated.id]
    by_type, _ = await store.queue("pending", QueueFilter(finding_type="phone"), 10, None)
    assert [i.id for i in by_type] == [first.id, second.id]
    top = page[0]
    assert (top.status, top.version, top.why, top.hold_reason) == ("pending", 1, "policy", "policy")
    counts = await store.queue_counts(None)
    assert (counts.pending, counts.reported, counts.rejected, counts.blinded) == (3, 0, 0, 0)
    assert counts.oldest_pending_at == first.created_at
    assert (await store.queue_counts("a2")).pending == 1


async def test_a_transition_applies_once_at_its_version(store: Store) -> None:
    comment = held()
    await store.create_comment(comment)
    current = await item(store, comment.id)
    change = decision(current, "reject", state=DecisionState(reject_reason="spam"))
    results = await asyncio.gather(store.transition(change), store.transition(change))
    assert sorted(type(r).__name__ for r in results) == ["Applied", "VersionConflict"]
    assert Applied("a1", "pending", 2) in results and VersionConflict(2) in results
    after = await item(store, comment.id)
    assert (after.status, after.version, after.reject_reason, after.hold_reason) == (
        "rejected",
        2,
        "spam",
        None,
    )
    assert (await store.queue_counts(None)).rejected == 1
    missing = decision(current, "approve", comment_id=new_id())
    assert await store.transition(missing) == NotFound()


async def test_the_audit_entry_is_written_with_the_transition(store: Store) -> None:
    comment = held()
    await store.create_comment(comment)
    current = await item(store, comment.id)
    await store.transition(decision(current, "approve", reason="fine"))
    entries, more = await store.audit(AuditFilter(comment_id=comment.id), 10, None)
    [entry] = entries
    assert not more
    assert (entry.actor, entry.action, entry.from_status, entry.to_status, entry.reason) == (
        "alice",
        "approve",
        "pending",
        "published",
        "fine",
    )
    assert entry.detail == DecisionDetail(version=2, before=current.state, reports_cleared=False)
    assert (entry.article_id, entry.at) == ("a1", NOW)


async def test_a_redaction_keeps_the_original_until_its_undo(store: Store) -> None:
    comment = held(body="call 0101")
    await store.create_comment(comment)
    current = await item(store, comment.id)
    masked = TextChange(texts=Texts("민수", "call ****"), original=Texts("민수", "call 0101"))
    await store.transition(decision(current, "redact", text=masked))
    redacted = await item(store, comment.id)
    assert (redacted.body, redacted.redacted) == ("call ****", True)
    assert await store.redacted_original(comment.id) == Texts("민수", "call 0101")
    entries, _ = await store.audit(AuditFilter(comment_id=comment.id), 1, None)
    undo = decision(
        redacted,
        "undo",
        to_status="pending",
        state=DecisionState(hold_reason="policy"),
        text=TextChange(texts=Texts("민수", "call 0101"), original=None),
        detail=UndoDetail(undoes=entries[0].id, version=redacted.version + 1),
    )
    assert isinstance(await store.transition(undo), Applied)
    back = await item(store, comment.id)
    assert (back.body, back.redacted, back.status, back.hold_reason) == (
        "call 0101",
        False,
        "pending",
        "policy",
    )
    assert await store.redacted_original(comment.id) is None
    entries, _ = await store.audit(AuditFilter(comment_id=comment.id), 1, None)
    assert entries[0].detail == UndoDetail(undoes=undo.detail.undoes, version=3)  # type: ignore[union-attr]


async def test_reports_are_cleared_and_restored_by_their_moment(store: Store) -> None:
    comment = draft()
    await store.create_comment(comment)
    await store.report(comment.id, "a" * 32, "spam", 5, OLD)
    reported, _ = await store.queue("reported", QueueFilter(), 10, None)
    assert [(i.id, i.why, i.reports) for i in reported] == [(comment.id, "reported", 1)]
    assert (await store.queue_counts(None)).reported == 1
    current = reported[0]
    await store.transition(decision(current, "approve", reports="clear", now=RECENT))
    assert (await store.queue("reported", QueueFilter(), 10, None))[0] == []
    cleared = await item(store, comment.id)
    reopened = decision(cleared, "approve", reports="restore", restore_at=RECENT)
    await store.transition(reopened)
    assert (await item(store, comment.id)).reports == 1


async def test_claims_hold_others_off_unless_overridden(store: Store) -> None:
    comment = held()
    await store.create_comment(comment)
    claim = await store.claim(comment.id, "alice", LATER, NOW, override=False)
    assert claim == Claim("alice", LATER)
    assert await store.claim(comment.id, "bob", LATER, NOW, override=False) == ClaimedByOther(
        "alice", LATER
    )
    hidden, _ = await store.queue("pending", QueueFilter(hide_claimed_for="bob", now=NOW), 10, None)
    assert hidden == []
    shown, _ = await store.queue(
        "pending", QueueFilter(hide_claimed_for="alice", now=NOW), 10, None
    )
    assert [i.id for i in shown] == [comment.id]
    current = await item(store, comment.id)
    assert (current.claimed_by, current.claimed_until) == ("alice", LATER)
    by_bob = decision(current, "approve", actor="bob")
    assert await store.transition(by_bob) == ClaimedByOther("alice", LATER)
    assert isinstance(
        await store.transition(decision(current, "approve", actor="bob", override_claim=True)),
        Applied,
    )
    assert (await item(store, comment.id)).claimed_by is None  # a decision releases it
    assert await store.claim(comment.id, "bob", LATER, NOW, override=False) == Claim("bob", LATER)
    assert await store.claim(comment.id, "bob", None, NOW, override=False) == Claim(None, None)
    assert await store.claim(new_id(), "bob", LATER, NOW, override=False) == NotFound()


async def test_article_settings_are_kept_and_audited(store: Store) -> None:
    await store.set_article("news/1", False, "pre", "editor", NOW)
    article = await store.article("news/1")
    assert article is not None and (article.open, article.mode) == (False, "pre")
    entries, _ = await store.audit(AuditFilter(article_id="news/1"), 10, None)
    assert [(e.action, e.actor, e.detail) for e in entries] == [
        ("article_settings", "editor", ArticleDetail(open=False, mode="pre"))
    ]


async def test_blinds_expire_back_to_pending(store: Store) -> None:
    comment = draft()
    await store.create_comment(comment)
    current = await item(store, comment.id)
    await store.transition(
        decision(current, "blind", state=DecisionState(blinded_until=RECENT), now=OLD)
    )
    assert (await store.queue_counts(None)).blinded == 1
    assert await store.expire_blinds(OLD) == []
    assert await store.expire_blinds(NOW) == [ExpiredBlind(comment.id, "a1")]
    after = await item(store, comment.id)
    assert (after.status, after.hold_reason, after.blinded_until, after.version) == (
        "pending",
        "blind_expired",
        None,
        3,
    )
    entries, _ = await store.audit(AuditFilter(comment_id=comment.id), 1, None)
    assert (entries[0].actor, entries[0].action, entries[0].detail) == (
        "system",
        "blind_expired",
        None,
    )
    assert (entries[0].from_status, entries[0].to_status) == ("blinded", "pending")


async def test_keys_are_kept_as_hashes_and_revoked_by_name(store: Store) -> None:
    created = await store.create_key("desk", "moderator", "h" * 64, "editor", NOW)
    assert (created.name, created.role, created.created_at, created.revoked_at) == (
        "desk",
        "moderator",
        NOW,
        None,
    )
    assert await store.key_for_hash("h" * 64) == ("desk", "moderator")
    with pytest.raises(KeyExists):
        await store.create_key("desk", "admin", "i" * 64, "editor", NOW)
    assert await store.revoke_key("desk", "editor", LATER)
    assert not await store.revoke_key("desk", "editor", LATER)
    assert await store.key_for_hash("h" * 64) is None
    [listed] = await store.keys()
    assert (listed.name, listed.revoked_at) == ("desk", LATER)
    entries, _ = await store.audit(AuditFilter(actor="editor"), 10, None)
    assert [(e.action, e.detail) for e in entries] == [
        ("key_revoked", KeyDetail(key="desk", role="moderator")),
        ("key_created", KeyDetail(key="desk", role="moderator")),
    ]


async def test_the_audit_log_pages_newest_first_and_filters_by_time(store: Store) -> None:
    for n, at in enumerate((OLD, RECENT, NOW)):
        await store.set_article(f"a{n}", True, "post", "editor", at)
    page, more = await store.audit(AuditFilter(), 2, None)
    assert [e.article_id for e in page] == ["a2", "a1"] and more
    rest, more = await store.audit(AuditFilter(), 2, page[-1].id)
    assert [e.article_id for e in rest] == ["a0"] and not more
    window, _ = await store.audit(AuditFilter(since=RECENT, until=NOW), 10, None)
    assert [e.article_id for e in window] == ["a1"]
