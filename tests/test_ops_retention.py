"""Retention purges personal traces past their time, and nothing else."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

from litestar.testing import AsyncTestClient
from prometheus_client import REGISTRY

from service.app import create_app
from service.settings import Settings
from service.store.records import IdempotencyRecord
from tests.api_keys import make_key
from tests.store_contract.records import draft
from tests.test_sqlite_store import open_store

OLD = "2026-01-01T00:00:00.000Z"
RECENT = "2026-11-27T00:00:00.000Z"
TEXT_BEFORE = "2026-10-28T00:00:00.000Z"  # 30 days before "now"
KEYS_BEFORE = "2026-11-27T12:00:00.000Z"
NOW = "2026-11-28T00:00:00.000Z"


def set_rows(path: Path, sql: str, *parameters: object) -> None:
    with sqlite3.connect(path) as db:
        db.execute(sql, parameters)


def comment(path: Path, comment_id: str) -> dict[str, object]:
    with sqlite3.connect(path) as db:
        db.row_factory = sqlite3.Row
        return dict(db.execute("SELECT * FROM comments WHERE id = ?", (comment_id,)).fetchone())


async def test_only_expired_traces_are_purged(tmp_path: Path) -> None:
    path = tmp_path / "moderato.db"
    async with open_store(path) as store:
        made = {name: draft(author="홍길동", body=f"{name} 010-1234-5678") for name in "ABCDEF"}
        made["F"] = draft(idempotency=IdempotencyRecord("k-old", "r", b"{}"))
        made["G"] = draft(idempotency=IdempotencyRecord("k-new", "r", b"{}"))
        for each in made.values():
            await store.create_comment(each)
        ids = {name: each.id for name, each in made.items()}
        # A: published, old. B: withdrawn, old. C: rejected, old, with a note. D: withdrawn,
        # recent. E: published after a redaction, old.
        statuses = {"B": ("withdrawn", OLD), "C": ("rejected", OLD), "D": ("withdrawn", RECENT)}
        for name, (status, at) in statuses.items():
            set_rows(path, "UPDATE comments SET status = ?, updated_at = ? WHERE id = ?",
                     status, at, ids[name])  # fmt: skip
        set_rows(path, "UPDATE comments SET reject_note = 'call 010' WHERE id = ?", ids["C"])
        set_rows(path, "UPDATE comments SET updated_at = ? WHERE id IN (?, ?)", OLD, ids["A"],
                 ids["E"])  # fmt: skip
        set_rows(path, "UPDATE comments SET redacted_original = '{}' WHERE id = ?", ids["E"])
        set_rows(path, "UPDATE idempotency_keys SET created_at = ? WHERE key_hash = 'k-old'", OLD)
        for reporter, at in (("a" * 32, OLD), ("b" * 32, RECENT)):
            set_rows(path, "INSERT INTO reports VALUES (?, ?, 'spam', ?, NULL)", ids["A"],
                     reporter, at)  # fmt: skip
        before = {name: comment(path, each) for name, each in ids.items()}

        purged = await store.purge_expired(TEXT_BEFORE, KEYS_BEFORE, NOW)
        again = await store.purge_expired(TEXT_BEFORE, KEYS_BEFORE, NOW)

    assert purged == {
        "comment_text": 2,
        "redacted_original": 1,
        "idempotency_key": 1,
        "report_fingerprint": 1,
    }
    assert set(again.values()) == {0}
    for name in "BC":
        row = comment(path, ids[name])
        assert (row["author"], row["body"], row["client_hash"]) == ("", None, "")
        assert (row["reject_note"], row["purged_at"]) == (None, NOW)
        assert row["version"] == int(str(before[name]["version"])) + 1
        assert row["status"] == before[name]["status"]
        assert row["updated_at"] == before[name]["updated_at"]  # still the status change
    for name in "ADFG":
        assert comment(path, ids[name]) == before[name]
    redacted = comment(path, ids["E"])
    assert redacted["redacted_original"] is None and redacted["body"] == before["E"]["body"]
    with sqlite3.connect(path) as db:
        assert [k for (k,) in db.execute("SELECT key_hash FROM idempotency_keys")] == ["k-new"]
        reporters = sorted(r for (r,) in db.execute("SELECT reporter_hash FROM reports"))
    assert reporters[0] == "b" * 32 and reporters[1].startswith("expired:")


async def test_a_large_backlog_is_purged_in_batches(tmp_path: Path) -> None:
    path = tmp_path / "moderato.db"
    batches: list[int] = []
    async with open_store(path, observe=lambda size, _: batches.append(size)) as store:
        await asyncio.gather(*(store.create_comment(draft()) for _ in range(1200)))
        set_rows(path, "UPDATE comments SET status = 'withdrawn', updated_at = ?", OLD)
        batches.clear()
        purged = await store.purge_expired(TEXT_BEFORE, KEYS_BEFORE, NOW)
    assert purged["comment_text"] == 1200
    assert len(batches) == 3  # 500 + 500 + 200, each its own short transaction


async def test_the_maintenance_loop_purges_counts_and_retires_the_comment(
    tmp_path: Path,
) -> None:
    settings = Settings(database=str(tmp_path / "moderato.db"), maintenance_seconds=0.05)
    key = make_key(settings.database, "ed", "admin")
    admin = {"Authorization": f"Bearer {key}"}
    counted = "moderato_retention_purged_total"
    async with AsyncTestClient(app=create_app(settings)) as client:
        held = await client.post(
            "/v1/articles/r/comments", json={"author": "홍길동", "body": "번호 010-2345-6789"}
        )
        url = f"/v1/moderation/comments/{held.json()['id']}"
        decision = {"action": "reject", "version": 1, "reason": "personal_info"}
        assert (await client.post(f"{url}/decision", json=decision, headers=admin)).is_success
        queues = (await client.get("/v1/moderation/queues", headers=admin)).json()
        assert queues["rejected"] == 1

        start = REGISTRY.get_sample_value(counted, {"kind": "comment_text"}) or 0.0
        set_rows(Path(settings.database), "UPDATE comments SET updated_at = ?", OLD)
        deadline = time.monotonic() + 20
        while (REGISTRY.get_sample_value(counted, {"kind": "comment_text"}) or 0) == start:
            assert time.monotonic() < deadline, "retention never ran"
            await asyncio.sleep(0.05)

        item = (await client.get(url, headers=admin)).json()
        assert item["purged_at"] and item["body"] == "" and item["author"] == ""
        queues = (await client.get("/v1/moderation/queues", headers=admin)).json()
        assert queues["rejected"] == 0
        approve = {"action": "approve", "version": item["version"]}
        refused = await client.post(f"{url}/decision", json=approve, headers=admin)
        assert refused.status_code == 409 and refused.json()["code"] == "purged"
