"""Moderators' API: keys and roles, the state machine, no lost updates, audit."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.settings import Settings
from tests.api_keys import make_key

Client = AsyncTestClient[Litestar]
ARTICLE = "news-1"
COMMENTS = f"/v1/articles/{ARTICLE}/comments"
MISSING = "0195a3c2e4b07f00c0ffee0000000001"


class Keys:
    def __init__(self, settings: Settings) -> None:
        self.admin = self._make(settings, "editor", "admin")
        self.alice = self._make(settings, "alice", "moderator")
        self.bob = self._make(settings, "bob", "moderator")

    @staticmethod
    def _make(settings: Settings, name: str, role: Any) -> dict[str, str]:
        key = make_key(settings.database, name, role)
        return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(database=str(tmp_path / "db"), rate_limits="off", report_threshold=5)


@pytest.fixture
def moderators(settings: Settings) -> Keys:
    return Keys(settings)


@pytest.fixture
async def client(settings: Settings, moderators: Keys) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(settings)) as test_client:
        yield test_client


async def submit(client: Client, body: str, article: str = ARTICLE) -> dict[str, Any]:
    response = await client.post(
        f"/v1/articles/{article}/comments", json={"author": "독자", "body": body}
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def held(client: Client, article: str = ARTICLE) -> dict[str, Any]:
    return await submit(client, "제 번호 010-2345-6789 로 연락주세요", article)


async def decide(
    client: Client, who: dict[str, str], comment: dict[str, Any], action: str, **fields: Any
) -> Any:
    version = fields.pop("version", None) or (await item(client, who, comment["id"]))["version"]
    return await client.post(
        f"/v1/moderation/comments/{comment['id']}/decision",
        json={"action": action, "version": version, **fields},
        headers=who,
    )


async def item(client: Client, who: dict[str, str], comment_id: str) -> dict[str, Any]:
    response = await client.get(f"/v1/moderation/comments/{comment_id}", headers=who)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def thread_text(client: Client) -> str:
    return str((await client.get(COMMENTS)).text)


def later(**delta: float) -> str:
    return (dt.datetime.now(dt.UTC) + dt.timedelta(**delta)).isoformat()


# -- keys and roles ---------------------------------------------------------------------


async def test_events_need_a_key(client: Client) -> None:
    assert (await client.get("/v1/moderation/events")).status_code == 401


async def test_a_revoked_key_stops_working(client: Client, moderators: Keys) -> None:
    created = await client.post(
        "/v1/moderation/keys", json={"name": "carol", "role": "moderator"}, headers=moderators.admin
    )
    assert created.status_code == 201
    carol = {"Authorization": f"Bearer {created.json()['key']}"}
    assert (await client.get("/v1/moderation/queues", headers=carol)).status_code == 200
    listed = (await client.get("/v1/moderation/keys", headers=moderators.admin)).json()
    assert {k["name"] for k in listed} == {"editor", "alice", "bob", "carol"}
    assert created.json()["key"] not in str(listed)
    duplicate = await client.post(
        "/v1/moderation/keys", json={"name": "carol", "role": "admin"}, headers=moderators.admin
    )
    assert duplicate.status_code == 409
    revoked = await client.delete("/v1/moderation/keys/carol", headers=moderators.admin)
    assert revoked.status_code == 204
    assert (await client.get("/v1/moderation/queues", headers=carol)).status_code == 401


# -- queues ------------------------------------------------------------------------------


async def test_held_comments_wait_in_the_pending_queue(client: Client, moderators: Keys) -> None:
    clean = await submit(client, "좋은 기사")
    first, second = await held(client), await held(client, "news-2")
    response = await client.get("/v1/moderation/queues/pending", headers=moderators.alice)
    items = response.json()["items"]
    assert [i["id"] for i in items] == [first["id"], second["id"]]  # oldest first
    assert clean["id"] not in response.text
    top = items[0]
    assert top["body"] == "제 번호 010-2345-6789 로 연락주세요"  # moderators see the text
    assert (top["status"], top["version"], top["why"], top["hold_reason"]) == (
        "pending", 1, "policy", "policy"
    )  # fmt: skip
    assert [(f["type"], f["start"], f["end"]) for f in top["findings"]] == [("phone", 5, 18)]
    counts = (await client.get("/v1/moderation/queues", headers=moderators.alice)).json()
    assert (counts["pending"], counts["reported"], counts["rejected"], counts["blinded"]) == (
        2, 0, 0, 0
    )  # fmt: skip
    assert counts["oldest_pending_age_seconds"] >= 0
    only_news_2 = await client.get(
        "/v1/moderation/queues/pending", params={"article_id": "news-2"}, headers=moderators.alice
    )
    assert [i["id"] for i in only_news_2.json()["items"]] == [second["id"]]
    scoped = await client.get(
        "/v1/moderation/queues", params={"article_id": "news-2"}, headers=moderators.alice
    )
    assert scoped.json()["pending"] == 1


async def test_queue_filters_and_pages(client: Client, moderators: Keys) -> None:
    phones = [await held(client) for _ in range(3)]
    email = await submit(client, "메일 kim92@naver.com 으로 주세요")
    by_type = await client.get(
        "/v1/moderation/queues/pending", params={"type": "email"}, headers=moderators.alice
    )
    assert [i["id"] for i in by_type.json()["items"]] == [email["id"]]
    first = (
        await client.get(
            "/v1/moderation/queues/pending", params={"limit": 2}, headers=moderators.alice
        )
    ).json()
    rest = (
        await client.get(
            "/v1/moderation/queues/pending",
            params={"limit": 2, "cursor": first["next_cursor"]},
            headers=moderators.alice,
        )
    ).json()
    assert [i["id"] for i in first["items"] + rest["items"]] == [
        *(p["id"] for p in phones), email["id"]
    ]  # fmt: skip
    assert rest["next_cursor"] is None
    by_reason = await client.get(
        "/v1/moderation/queues/pending", params={"reason": "reports"}, headers=moderators.alice
    )
    assert by_reason.json()["items"] == []


async def test_reported_comments_stay_published_until_decided(
    client: Client, moderators: Keys
) -> None:
    comment = await submit(client, "논란의 글")
    response = await client.post(f"/v1/comments/{comment['id']}/reports", json={"reason": "abuse"})
    assert response.status_code == 202
    reported = (await client.get("/v1/moderation/queues/reported", headers=moderators.alice)).json()
    [entry] = reported["items"]
    assert (entry["status"], entry["why"], entry["reports"], entry["report_reasons"]) == (
        "published", "reported", 1, {"abuse": 1}
    )  # fmt: skip
    assert "논란의 글" in await thread_text(client)
    approved = await decide(client, moderators.alice, comment, "approve")
    assert approved.status_code == 200
    assert approved.json()["reports"] == 0
    after = (await client.get("/v1/moderation/queues/reported", headers=moderators.alice)).json()
    assert after["items"] == []
    assert "논란의 글" in await thread_text(client)


# -- decisions -----------------------------------------------------------------------------


async def test_approve_publishes(client: Client, moderators: Keys) -> None:
    comment = await held(client)
    response = await decide(client, moderators.alice, comment, "approve", reason="본인 번호 아님")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["version"]) == ("published", 2)
    assert "010-2345-6789" in await thread_text(client)


async def test_reject_keeps_it_hidden_and_tells_the_author(
    client: Client, moderators: Keys
) -> None:
    comment = await held(client)
    missing_reason = await decide(client, moderators.alice, comment, "reject")
    assert missing_reason.status_code == 400
    assert missing_reason.json()["field"] == "reason"
    response = await decide(
        client,
        moderators.alice,
        comment,
        "reject",
        reason="personal_info",
        note="번호를 지워 주세요",
    )
    assert response.json()["status"] == "rejected"
    own = await client.get(
        f"/v1/comments/{comment['id']}", headers={"X-Comment-Token": comment["token"]}
    )
    assert own.json() == {
        "id": comment["id"],
        "article_id": ARTICLE,
        "status": "rejected",
        "reject_reason": "personal_info",
        "reject_note": "번호를 지워 주세요",
    }
    stranger = await client.get(f"/v1/comments/{comment['id']}", headers={"X-Comment-Token": "x"})
    assert stranger.status_code == 403
    rejected = (await client.get("/v1/moderation/queues/rejected", headers=moderators.alice)).json()
    assert [i["id"] for i in rejected["items"]] == [comment["id"]]


async def test_redact_masks_every_finding_and_publishes(client: Client, moderators: Keys) -> None:
    comment = await held(client)
    response = await decide(client, moderators.alice, comment, "redact")
    assert response.json()["status"] == "published"
    assert response.json()["body"] == "제 번호 ***-****-**** 로 연락주세요"
    text = await thread_text(client)
    assert "***-****-****" in text
    assert "2345" not in text


async def test_redact_named_spans_inside_the_text_only(client: Client, moderators: Keys) -> None:
    comment = await held(client)
    outside = await decide(
        client, moderators.alice, comment, "redact", spans=[{"start": 5, "end": 99}]
    )
    assert outside.status_code == 400
    assert outside.json()["field"] == "spans"
    response = await decide(
        client, moderators.alice, comment, "redact", spans=[{"start": 0, "end": 4}]
    )
    assert response.json()["body"].startswith("* ** 010-2345-6789")


async def test_blind_hides_for_a_while_then_returns_to_pending(tmp_path: Path) -> None:
    settings = Settings(database=str(tmp_path / "db"), rate_limits="off", maintenance_seconds=0.2)
    moderators = Keys(settings)
    async with AsyncTestClient(app=create_app(settings)) as client:
        comment = await submit(client, "임시조치 대상 글")
        too_long = await decide(client, moderators.alice, comment, "blind", until=later(days=31))
        assert too_long.status_code == 400
        assert too_long.json()["field"] == "until"
        past = await decide(client, moderators.alice, comment, "blind", until=later(seconds=-5))
        assert past.status_code == 400
        blinded = await decide(client, moderators.alice, comment, "blind", until=later(seconds=1))
        assert blinded.json()["status"] == "blinded"
        assert "임시조치 대상 글" not in await thread_text(client)
        queue = (await client.get("/v1/moderation/queues/blinded", headers=moderators.alice)).json()
        assert [i["id"] for i in queue["items"]] == [comment["id"]]
        for _ in range(100):  # a hang guard, not a timing test: expiry runs every 0.2 s
            current = await item(client, moderators.alice, comment["id"])
            if current["status"] == "pending":
                break
            await asyncio.sleep(0.1)
        assert (current["status"], current["why"], current["blinded_until"]) == (
            "pending", "blind_expired", None
        )  # fmt: skip
        audit = (
            await client.get(
                "/v1/moderation/audit",
                params={"comment_id": comment["id"]},
                headers=moderators.alice,
            )
        ).json()["items"]
        assert [(e["actor"], e["action"]) for e in audit] == [
            ("system", "blind_expired"), ("alice", "blind")
        ]  # fmt: skip


@pytest.mark.parametrize(
    ("status", "action", "fields"),
    [
        ("pending", "blind", {"until": "+1d"}),
        ("published", "approve", {}),
        ("rejected", "reject", {"reason": "spam"}),
        ("withdrawn", "approve", {}),
        ("withdrawn", "redact", {}),
    ],
)
async def test_decisions_outside_the_state_machine_are_409(
    client: Client, moderators: Keys, status: str, action: str, fields: dict[str, Any]
) -> None:
    comment = await (held(client) if status != "published" else submit(client, "평범한 글"))
    if status == "rejected":
        await decide(client, moderators.alice, comment, "reject", reason="spam")
    if status == "withdrawn":
        await client.delete(
            f"/v1/comments/{comment['id']}", headers={"X-Comment-Token": comment["token"]}
        )
    if fields.get("until") == "+1d":
        fields["until"] = later(days=1)
    response = await decide(client, moderators.alice, comment, action, **fields)
    assert response.status_code == 409
    assert response.json()["code"] == "not_decidable"
    assert response.json()["current"]["status"] == status


@pytest.mark.parametrize(
    "body",
    [
        {"action": "delete", "version": 1},
        {"action": "approve"},
        {"action": "approve", "version": 0},
        {"action": "approve", "version": 1, "colour": "red"},
        {"action": "blind", "version": 1, "until": "tomorrow"},
    ],
)
async def test_bad_decisions_are_400(
    client: Client, moderators: Keys, body: dict[str, Any]
) -> None:
    comment = await submit(client, "평범한 글")
    response = await client.post(
        f"/v1/moderation/comments/{comment['id']}/decision", json=body, headers=moderators.alice
    )
    assert response.status_code == 400
    assert response.json()["code"] == "validation_error"


async def test_unknown_comments_are_404(client: Client, moderators: Keys) -> None:
    response = await client.post(
        f"/v1/moderation/comments/{MISSING}/decision",
        json={"action": "approve", "version": 1},
        headers=moderators.alice,
    )
    assert response.status_code == 404
    assert (
        await client.get("/v1/moderation/comments/not-an-id", headers=moderators.alice)
    ).status_code == 404


# -- no lost updates --------------------------------------------------------------------------


async def test_a_stale_version_is_a_conflict_with_the_current_state(
    client: Client, moderators: Keys
) -> None:
    comment = await held(client)
    assert (
        await decide(client, moderators.alice, comment, "approve", version=1)
    ).status_code == 200
    stale = await decide(client, moderators.bob, comment, "reject", version=1, reason="spam")
    assert stale.status_code == 409
    assert stale.json()["code"] == "version_conflict"
    assert (stale.json()["current"]["status"], stale.json()["current"]["version"]) == (
        "published", 2
    )  # fmt: skip


async def test_two_concurrent_decisions_apply_exactly_once(
    client: Client, moderators: Keys
) -> None:
    for _ in range(5):
        comment = await held(client)
        answers = await asyncio.gather(
            decide(client, moderators.alice, comment, "approve", version=1),
            decide(client, moderators.bob, comment, "reject", version=1, reason="spam"),
        )
        assert sorted(a.status_code for a in answers) == [200, 409]
        audit = (
            await client.get(
                "/v1/moderation/audit",
                params={"comment_id": comment["id"]},
                headers=moderators.alice,
            )
        ).json()["items"]
        assert len(audit) == 1


async def test_bulk_decisions_report_each_outcome(client: Client, moderators: Keys) -> None:
    first, second, third = await held(client), await held(client), await held(client)
    response = await client.post(
        "/v1/moderation/decisions",
        json={
            "decisions": [
                {"comment_id": first["id"], "action": "approve", "version": 1},
                {"comment_id": second["id"], "action": "approve", "version": 7},
                {"comment_id": MISSING, "action": "approve", "version": 1},
                {
                    "comment_id": third["id"],
                    "action": "redact",
                    "version": 1,
                    "spans": [{"start": 0, "end": 999}],
                },
            ]
        },
        headers=moderators.alice,
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [(r["comment_id"], r["outcome"]) for r in results] == [
        (first["id"], "applied"),
        (second["id"], "conflict"),
        (MISSING, "not_found"),
        (third["id"], "invalid"),
    ]
    assert results[0]["item"]["status"] == "published"
    assert (await item(client, moderators.alice, second["id"]))["status"] == "pending"
    assert (await item(client, moderators.alice, third["id"]))["status"] == "pending"


# -- undo -------------------------------------------------------------------------------------


async def test_undo_puts_back_what_a_decision_changed(client: Client, moderators: Keys) -> None:
    comment = await held(client)
    redacted = (await decide(client, moderators.alice, comment, "redact")).json()
    assert redacted["redacted"] is True
    undone = await decide(client, moderators.alice, comment, "undo")
    assert undone.status_code == 200
    restored = undone.json()
    assert (restored["status"], restored["hold_reason"], restored["redacted"]) == (
        "pending", "policy", False
    )  # fmt: skip
    assert restored["body"] == "제 번호 010-2345-6789 로 연락주세요"
    assert "010" not in await thread_text(client)


async def test_undo_restores_cleared_reports(client: Client, moderators: Keys) -> None:
    comment = await submit(client, "논란의 글")
    await client.post(f"/v1/comments/{comment['id']}/reports", json={"reason": "spam"})
    await decide(client, moderators.alice, comment, "approve")
    restored = (await decide(client, moderators.alice, comment, "undo")).json()
    assert (restored["status"], restored["reports"]) == ("published", 1)


async def test_only_the_deciding_moderator_can_undo(client: Client, moderators: Keys) -> None:
    comment = await held(client)
    await decide(client, moderators.alice, comment, "approve")
    by_bob = await decide(client, moderators.bob, comment, "undo")
    assert by_bob.status_code == 409
    assert by_bob.json()["code"] == "not_undoable"
    nothing_to_undo = await decide(client, moderators.alice, await held(client), "undo")
    assert nothing_to_undo.status_code == 409


async def test_undo_expires(tmp_path: Path) -> None:
    settings = Settings(database=str(tmp_path / "db"), rate_limits="off", undo_seconds=1)
    moderators = Keys(settings)
    async with AsyncTestClient(app=create_app(settings)) as client:
        comment = await held(client)
        await decide(client, moderators.alice, comment, "approve")
        await asyncio.sleep(1.2)
        late = await decide(client, moderators.alice, comment, "undo")
        assert late.status_code == 409
        assert "window" in late.json()["detail"]


# -- claims -------------------------------------------------------------------------------------


async def test_claims_show_who_works_on_what(client: Client, moderators: Keys) -> None:
    comment = await held(client)
    url = f"/v1/moderation/comments/{comment['id']}/claim"
    claimed = await client.post(url, headers=moderators.alice)
    assert claimed.json()["claimed_by"] == "alice"
    seen_by_bob = await item(client, moderators.bob, comment["id"])
    assert seen_by_bob["claimed_by"] == "alice"
    assert (await client.post(url, headers=moderators.bob)).status_code == 409
    blocked = await decide(client, moderators.bob, comment, "approve")
    assert (blocked.status_code, blocked.json()["code"]) == (409, "claimed")
    hidden = await client.get(
        "/v1/moderation/queues/pending", params={"hide_claimed": "true"}, headers=moderators.bob
    )
    assert hidden.json()["items"] == []
    mine = await client.get(
        "/v1/moderation/queues/pending", params={"hide_claimed": "true"}, headers=moderators.alice
    )
    assert len(mine.json()["items"]) == 1
    assert (await client.delete(url, headers=moderators.alice)).status_code == 204
    assert (await decide(client, moderators.bob, comment, "approve")).status_code == 200


async def test_an_admin_can_decide_on_a_claimed_comment(client: Client, moderators: Keys) -> None:
    comment = await held(client)
    await client.post(f"/v1/moderation/comments/{comment['id']}/claim", headers=moderators.alice)
    assert (await decide(client, moderators.admin, comment, "approve")).status_code == 200


# -- article settings ---------------------------------------------------------------------------


async def test_article_settings_apply_at_once(client: Client, moderators: Keys) -> None:
    await submit(client, "첫 댓글")  # the article exists and is cached as open
    url = f"/v1/moderation/articles/{ARTICLE}"
    closed = await client.put(url, json={"open": False, "mode": "post"}, headers=moderators.admin)
    assert closed.json() == {"open": False, "mode": "post"}
    refused = await client.post(COMMENTS, json={"author": "a", "body": "늦은 댓글"})
    assert (refused.status_code, refused.json()["code"]) == (403, "article_closed")
    await client.put(url, json={"open": True, "mode": "pre"}, headers=moderators.admin)
    assert (await submit(client, "사전 검토 댓글"))["status"] == "pending"
    assert (await client.get(url, headers=moderators.alice)).json() == {"open": True, "mode": "pre"}
    bad = await client.put(url, json={"open": "yes", "mode": "pre"}, headers=moderators.admin)
    assert bad.status_code == 400


async def test_settings_for_nested_article_ids(client: Client, moderators: Keys) -> None:
    url = "/v1/moderation/articles/news/2026/11/28/ai"
    await client.put(url, json={"open": False, "mode": "post"}, headers=moderators.admin)
    refused = await client.post(
        "/v1/articles/news/2026/11/28/ai/comments", json={"author": "a", "body": "b"}
    )
    assert refused.status_code == 403


# -- the audit log -------------------------------------------------------------------------------


async def test_the_audit_log_matches_every_state_change(client: Client, moderators: Keys) -> None:
    comment = await held(client)
    await decide(client, moderators.alice, comment, "approve")
    await decide(client, moderators.bob, comment, "blind", until=later(days=2))
    await decide(client, moderators.bob, comment, "reject", reason="abuse")
    audit = (
        await client.get(
            "/v1/moderation/audit", params={"comment_id": comment["id"]}, headers=moderators.admin
        )
    ).json()["items"]
    assert [(e["actor"], e["action"], e["from_status"], e["to_status"]) for e in audit] == [
        ("bob", "reject", "blinded", "rejected"),
        ("bob", "blind", "published", "blinded"),
        ("alice", "approve", "pending", "published"),
    ]
    assert audit[0]["reason"] == "abuse"
    assert "010-2345-6789" not in str(audit)
    by_alice = (
        await client.get(
            "/v1/moderation/audit", params={"moderator": "alice"}, headers=moderators.admin
        )
    ).json()["items"]
    assert [e["action"] for e in by_alice] == ["approve"]
    assert (await item(client, moderators.alice, comment["id"]))["version"] == 4


async def test_a_replay_after_a_rejection_says_rejected(client: Client, moderators: Keys) -> None:
    payload, key = {"author": "독자", "body": "제 번호 010-2345-6789"}, {"Idempotency-Key": "k-1"}
    first = (await client.post(COMMENTS, json=payload, headers=key)).json()
    assert first["status"] == "pending"
    rejected = await decide(client, moderators.alice, first, "reject", reason="personal_info")
    assert rejected.status_code == 200
    replay = (await client.post(COMMENTS, json=payload, headers=key)).json()
    assert (replay["id"], replay["status"]) == (first["id"], "rejected")
