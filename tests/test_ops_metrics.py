"""/metrics: every series the README documents exists and moves with traffic.

The registry is process-global and outlives each test's app, so counters are compared
before and after; gauges computed at scrape time are compared as they are.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient
from prometheus_client import REGISTRY

from service.app import create_app
from service.settings import Settings
from tests.api_keys import make_key

Client = AsyncTestClient[Litestar]
ROOT = Path(__file__).resolve().parent.parent
SUBMIT = "/v1/articles/{article_id}/comments"
HELD = {"author": "독자", "body": "제 번호 010-2345-6789 로 연락주세요"}
BLOCKED = {"author": "독자", "body": "제 주민번호 900101-1234568 입니다"}


def sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


@contextmanager
def delta(name: str, **labels: str) -> Iterator[list[float]]:
    """Yields a list that holds, after the block, how much the sample moved."""
    before = sample(name, **labels)
    moved: list[float] = []
    yield moved
    moved.append(sample(name, **labels) - before)


@pytest.fixture
def admin(settings: Settings) -> dict[str, str]:
    key = make_key(settings.database, "ed", "admin")
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
async def client(settings: Settings, admin: dict[str, str]) -> AsyncIterator[Client]:
    async with AsyncTestClient(app=create_app(settings)) as test_client:
        yield test_client


async def test_requests_are_counted_by_route_template(client: Client) -> None:
    with (
        delta("moderato_http_requests_total", method="POST", route=SUBMIT, status="201") as ok,
        delta("moderato_http_request_duration_seconds_count", method="POST", route=SUBMIT) as t,
        delta("moderato_http_requests_total", method="GET", route="unmatched", status="404") as u,
    ):
        for article in ("metrics-a", "metrics-b"):
            response = await client.post(f"/v1/articles/{article}/comments", json=HELD)
            assert response.status_code == 201
        assert (await client.get("/no/such/route")).status_code == 404
    assert ok == [2] and t == [2] and u == [1]


async def test_submissions_are_counted_by_outcome(client: Client) -> None:
    path = "/v1/articles/outcomes/comments"
    cases = [
        ("published", {"author": "독자", "body": "좋은 기사네요"}, 201),
        ("pending", HELD, 201),
        ("blocked", BLOCKED, 422),
        ("invalid", {"author": "독자", "body": "   "}, 400),  # refused by our checks
        ("invalid", {"author": "독자"}, 400),  # refused by Litestar before the handler
    ]
    for outcome, body, status in cases:
        with delta("moderato_submissions_total", outcome=outcome) as moved:
            assert (await client.post(path, json=body)).status_code == status
        assert moved == [1], outcome


async def test_rate_limit_rejections_are_counted_by_limit(tmp_path: Path) -> None:
    settings = Settings(database=str(tmp_path / "limited.db"), article_limit=1)
    async with AsyncTestClient(app=create_app(settings)) as client:
        path = "/v1/articles/limited/comments"
        body = {"author": "독자", "body": "첫 댓글"}
        assert (await client.post(path, json=body)).status_code == 201
        with (
            delta("moderato_rate_limit_rejections_total", limit="article") as limited,
            delta("moderato_submissions_total", outcome="rate_limited") as refused,
        ):
            assert (await client.post(path, json=body)).status_code == 429
    assert limited == [1] and refused == [1]


async def test_findings_and_scan_time_by_source(client: Client) -> None:
    with (
        delta("moderato_findings_total", type="phone", action="hold", source="scan") as scanned,
        delta("moderato_scan_duration_seconds_count", source="scan") as scans,
        delta("moderato_findings_total", type="phone", action="hold", source="submission") as sub,
        delta("moderato_scan_duration_seconds_count", source="submission") as screened,
    ):
        assert (await client.post("/v1/scan", json={"text": HELD["body"]})).status_code == 200
        assert (await client.post("/v1/articles/f/comments", json=HELD)).status_code == 201
    # A submission screens the nickname and the body.
    assert (scanned, scans, sub, screened) == ([1], [1], [1], [2])


async def test_group_commits_are_observed(client: Client) -> None:
    with (
        delta("moderato_store_commit_batch_size_count") as batches,
        delta("moderato_store_commit_batch_size_sum") as writes,
        delta("moderato_store_commit_duration_seconds_count") as commits,
    ):
        assert (await client.post("/v1/articles/c/comments", json=HELD)).status_code == 201
    assert batches[0] >= 1 and writes[0] >= 1 and commits[0] >= 1


async def test_queues_and_decisions(client: Client, admin: dict[str, str]) -> None:
    held = (await client.post("/v1/articles/q/comments", json=HELD)).json()
    exposition = (await client.get("/metrics")).text
    assert 'moderato_queue_depth{queue="pending"} 1.0' in exposition
    assert 'moderato_queue_depth{queue="rejected"} 0.0' in exposition
    age = re.search(r"^moderato_oldest_pending_age_seconds (\S+)$", exposition, re.M)
    assert age is not None and 0 <= float(age.group(1)) < 600

    with delta("moderato_decisions_total", action="reject") as rejected:
        decision = {"action": "reject", "version": 1, "reason": "personal_info"}
        url = f"/v1/moderation/comments/{held['id']}/decision"
        assert (await client.post(url, json=decision, headers=admin)).status_code == 200
    assert rejected == [1]
    exposition = (await client.get("/metrics")).text
    assert 'moderato_queue_depth{queue="pending"} 0.0' in exposition
    assert 'moderato_queue_depth{queue="rejected"} 1.0' in exposition
    assert "moderato_oldest_pending_age_seconds 0.0" in exposition


async def test_every_metric_is_exposed_and_documented(client: Client) -> None:
    response = await client.get("/metrics")
    assert response.headers["content-type"].startswith("text/plain; version=0.0.4")
    exposed = set(re.findall(r"^# TYPE (moderato_\w+)", response.text, re.M))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"`(moderato_\w+)`", readme))
    assert len(exposed) >= 14
    assert exposed == documented
    assert 'moderato_build_info{policy_version="' in response.text
