"""Two processes on one database keep the guarantees of one: two replicas on one
PostgreSQL, and MODERATO_WORKERS=2 on SQLite (see tests/processes.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api_keys import make_key
from tests.databases import query
from tests.live_server import SubmissionBurst, live_server
from tests.processes import Through, two_processes

# Real server processes: `pytest -m "not slow"` leaves them out of the inner loop.
pytestmark = pytest.mark.slow

ARTICLE = "/v1/articles/shared/comments"
# Rate-limit windows are fixed: a day-long one keeps a test's posts (and a restart
# between them, which takes seconds) from straddling the end of a window.
A_DAY = str(24 * 3600)
PHONE = "연락은 010-2345-6789 로 주세요"


def post(through: Through, body: str, **headers: str) -> httpx.Response:
    return through.client.post(ARTICLE, json={"author": "독자", "body": body}, headers=headers)


def thread_bodies(through: Through) -> list[str]:
    return [item["body"] for item in through.client.get(ARTICLE).json()["items"]]


def test_a_comment_posted_through_one_is_read_through_the_other(
    database: str, tmp_path: Path
) -> None:
    with two_processes(database, tmp_path, rate_limits="off") as (one, other):
        for n in range(10):
            assert thread_bodies(other) == [f"댓글 {m}" for m in reversed(range(n))]  # cached
            assert post(one, f"댓글 {n}").status_code == 201
            assert thread_bodies(other)[0] == f"댓글 {n}"  # at once: no stale page
            one, other = other, one


def test_two_moderators_on_two_processes_get_one_200_and_one_409(
    database: str, tmp_path: Path
) -> None:
    keys = [make_key(database, name, "moderator") for name in ("alice", "bob")]
    with two_processes(database, tmp_path, rate_limits="off") as processes:
        for _ in range(5):
            held = post(processes[0], PHONE).json()["id"]
            statuses = _at_once(
                lambda through, key, comment: (
                    through.client.post(
                        f"/v1/moderation/comments/{comment}/decision",
                        json={"action": "approve", "version": 1},
                        headers={"Authorization": f"Bearer {key}"},
                    ).status_code
                ),
                [(through, key, held) for through, key in zip(processes, keys, strict=True)],
            )
            assert sorted(statuses) == [200, 409]


def test_one_clients_rate_limit_holds_across_both(database: str, tmp_path: Path) -> None:
    limits = {"article_limit": "3", "article_limit_seconds": A_DAY}
    with two_processes(database, tmp_path, **limits) as (one, other):
        statuses = [post(through, f"글 {n}").status_code for n, through in
                    enumerate((one, other, one, other, one))]  # fmt: skip
        assert statuses == [201, 201, 201, 429, 429]


def test_an_idempotent_retry_through_the_other_stores_nothing_new(
    database: str, tmp_path: Path
) -> None:
    with two_processes(database, tmp_path, rate_limits="off") as (one, other):
        first = post(one, "한 번만", **{"Idempotency-Key": "retry-1"})
        retried = post(other, "한 번만", **{"Idempotency-Key": "retry-1"})
        assert first.status_code == retried.status_code == 201
        assert retried.json()["id"] == first.json()["id"]
    assert query(database, "SELECT COUNT(*) FROM comments") == [(1,)]


def test_a_held_comment_reaches_a_stream_open_on_the_other(database: str, tmp_path: Path) -> None:
    key = make_key(database, "desk", "moderator")
    with two_processes(database, tmp_path, rate_limits="off") as (one, other):
        received: list[dict[str, Any]] = []
        connected = threading.Event()

        def listen() -> None:
            with other.client.stream(
                "GET",
                "/v1/moderation/events",
                headers={"Authorization": f"Bearer {key}"},
                timeout=30,
            ) as stream:
                for line in stream.iter_lines():
                    connected.set()
                    if line.startswith("data:") and line[5:].strip():
                        received.append(json.loads(line[5:]))
                        return

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        assert connected.wait(10)
        held = post(one, PHONE).json()
        listener.join(10)
    assert [(e["type"], e["comment_id"]) for e in received] == [("held", held["id"])]


def test_a_process_killed_under_load_loses_nothing_acknowledged(
    database: str, tmp_path: Path
) -> None:
    with (
        two_processes(database, tmp_path, rate_limits="off", log_level="warning") as (
            doomed,
            survivor,
        ),
        SubmissionBurst([doomed.server, survivor.server], "load") as burst,
    ):
        burst.wait_for(50)
        doomed.kill()
        after_kill = len(burst.acknowledged)
        burst.wait_for(after_kill + 50)  # the other keeps serving
        assert post(survivor, "살아 있음").status_code == 201
    stored = {row[0] for row in query(database, "SELECT id FROM comments")}
    assert set(burst.acknowledged) <= stored


def test_rate_limits_survive_a_restart(database: str, tmp_path: Path) -> None:
    for expected in (201, 429):
        with live_server(
            tmp_path, database=database, article_limit="1", article_limit_seconds=A_DAY
        ) as server:
            response = httpx.post(f"{server.url}{ARTICLE}", json={"author": "a", "body": "b"})
            assert response.status_code == expected


def test_a_scrape_of_any_worker_counts_every_worker(tmp_path: Path) -> None:
    with two_processes(str(tmp_path / "moderato.db"), tmp_path, rate_limits="off") as pair:
        for through in pair:
            for n in range(5):
                assert post(through, f"글 {n}").status_code == 201
        for through in pair:
            scraped = through.client.get("/metrics").text
            published = re.search(
                r'^moderato_submissions_total\{outcome="published"\} ([\d.]+)$', scraped, re.M
            )
            assert published is not None and float(published.group(1)) == 10
            assert re.search(r"^moderato_thread_cache_bytes [\d.e+]+$", scraped, re.M)


def test_workers_stop_together_on_sigterm(tmp_path: Path) -> None:
    with live_server(tmp_path, workers="2", drain_seconds="0") as server:
        started = time.monotonic()
        server.process.terminate()
        assert server.process.wait(timeout=30) == 0
    assert time.monotonic() - started < 25


def test_workers_must_be_a_positive_number(tmp_path: Path) -> None:
    env = {"MODERATO_WORKERS": "0", "MODERATO_DATABASE": str(tmp_path / "db")}
    refused = subprocess.run(
        [sys.executable, "-m", "service", "serve"], env=env, capture_output=True, text=True
    )
    assert refused.returncode == 2
    assert "MODERATO_WORKERS" in refused.stderr


def _at_once(act: Any, arguments: list[tuple[Any, ...]]) -> list[Any]:
    """``act(*each)`` for every tuple of arguments, on threads released together."""
    barrier, results = threading.Barrier(len(arguments)), [None] * len(arguments)

    def run(index: int) -> None:
        barrier.wait()
        results[index] = act(*arguments[index])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(arguments))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
