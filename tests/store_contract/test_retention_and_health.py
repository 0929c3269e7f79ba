"""Retention, backups and health in the store contract."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from service.store import Backend, BackupError, Store
from service.store.records import DecisionState, IdempotencyRecord, QueueFilter, TextChange, Texts
from tests.store_contract.records import NOW, OLD, RECENT, decision, draft, held

TEXT_BEFORE = "2026-10-28T00:00:00.000Z"
KEYS_BEFORE = "2026-11-27T12:00:00.000Z"
NOTHING = {"comment_text": 0, "redacted_original": 0, "idempotency_key": 0, "report_fingerprint": 0}


async def test_only_expired_traces_are_purged(store: Store) -> None:
    old_key = IdempotencyRecord("k-old", "r", b"{}")
    new_key = IdempotencyRecord("k-new", "r", b"{}")
    withdrawn, recent, published = (
        draft(created_at=OLD),
        draft(created_at=OLD),
        draft(created_at=OLD),
    )
    rejected, redacted = held(created_at=OLD), draft(created_at=OLD, body="call 0101")
    keyed_old = draft(created_at=OLD, idempotency=old_key)
    keyed_new = draft(created_at=NOW, idempotency=new_key)
    for each in (withdrawn, recent, published, rejected, redacted, keyed_old, keyed_new):
        await store.create_comment(each)
    await store.withdraw(withdrawn.id, "0" * 64, OLD)
    await store.withdraw(recent.id, "0" * 64, RECENT)
    current = await store.queue_item(rejected.id)
    assert current is not None
    reject = DecisionState(reject_reason="spam", reject_note="call 010")
    await store.transition(decision(current, "reject", state=reject, now=OLD))
    current = await store.queue_item(redacted.id)
    assert current is not None
    masked = TextChange(texts=Texts("민수", "call ****"), original=Texts("민수", "call 0101"))
    await store.transition(decision(current, "redact", text=masked, now=OLD))
    await store.report(published.id, "a" * 32, "spam", 5, OLD)

    purged = await store.purge_expired(TEXT_BEFORE, KEYS_BEFORE, NOW)
    again = await store.purge_expired(TEXT_BEFORE, KEYS_BEFORE, NOW)

    assert purged == {
        "comment_text": 2,
        "redacted_original": 1,
        "idempotency_key": 1,
        "report_fingerprint": 1,
    }
    assert again == NOTHING
    gone = await store.queue_item(rejected.id)
    assert gone is not None
    assert (gone.author, gone.body, gone.reject_note, gone.purged_at) == ("", "", None, NOW)
    assert (gone.status, gone.version) == ("rejected", 3)  # made, rejected, purged
    assert (await store.queue("rejected", QueueFilter(), 10, None))[0] == []
    kept = await store.queue_item(recent.id)
    assert kept is not None and kept.purged_at is None and kept.body == "본문"
    assert await store.redacted_original(redacted.id) is None
    still = await store.queue_item(redacted.id)
    assert still is not None and still.body == "call ****"
    assert await store.replay("k-old") is None
    assert await store.replay("k-new") == new_key
    # The fingerprint is gone: the same reader's report counts again; the old one stays.
    again_reported = await store.report(published.id, "a" * 32, "spam", 5, NOW)
    assert again_reported.counted  # type: ignore[union-attr]
    item = await store.queue_item(published.id)
    assert item is not None and item.reports == 2


async def test_a_large_backlog_is_purged_whole(store: Store) -> None:
    drafts = [draft(created_at=OLD) for _ in range(1200)]
    await asyncio.gather(*(store.create_comment(each) for each in drafts))
    await asyncio.gather(*(store.withdraw(each.id, "0" * 64, OLD) for each in drafts))
    purged = await store.purge_expired(TEXT_BEFORE, KEYS_BEFORE, NOW)
    assert purged["comment_text"] == 1200


async def test_a_healthy_store_says_so(store: Store) -> None:
    await store.check_writable(NOW)
    assert await store.schema_version() == store.expected_schema_version
    assert store.writable
    assert store.write_backlog == 0


async def test_a_backup_is_a_checked_copy_and_never_overwrites(
    backend: Backend, tmp_path: Path
) -> None:
    async with backend.open() as store:
        for _ in range(3):
            await store.create_comment(draft())
        expected_version = store.expected_schema_version
        target = tmp_path / "backups" / "copy"
        taken = backend.backup(target)
        await store.create_comment(draft())  # the store keeps working beside it
    assert (taken.comments, taken.schema_version) == (3, expected_version)
    assert taken.size > 0
    assert_never_overwritten(backend, Path(taken.path))


def assert_never_overwritten(backend: Backend, taken: Path) -> None:
    before = taken.read_bytes()
    with pytest.raises(BackupError, match="already exists"):
        backend.backup(taken)
    assert taken.read_bytes() == before


def test_a_backup_never_creates_the_database(backend: Backend, tmp_path: Path) -> None:
    with pytest.raises(BackupError):
        backend.backup(tmp_path / "copy")
    assert not (tmp_path / "copy").exists()
