"""Several moderators work one queue of held comments while readers keep posting.

Starts the real service on a temporary database, creates moderator keys with the CLI,
holds N comments (each with a phone number), then lets M simulated moderators take
the oldest pending items (all from the same head of the queue, so they collide) and
approve or reject each with the version they saw, while a reader posts continuously.
Prints decisions/s, p50/p99 latency and the conflicts detected, then checks against
the audit log in the database: zero lost updates (every 200 has its audit entry and
the comment's state is what its last entry says) and zero double-decided comments.

    .venv/bin/python bench/moderation_bench.py [--comments 10000] [--moderators 4]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.live_server import live_server  # noqa: E402

ARTICLE = "/v1/articles/bench-moderation/comments"


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--comments", type=int, default=10_000)
    parser.add_argument("--moderators", type=int, default=4)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        keys = [_create_key(directory, f"moderator-{n}") for n in range(args.moderators)]
        with live_server(directory, rate_limits="off", log_level="warning") as server:
            async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
                started = time.perf_counter()
                await _hold(client, args.comments)
                print(f"held {args.comments} comments in {time.perf_counter() - started:.1f} s")
                stats = await _moderate(client, keys)
        return _report(stats, directory / "moderato.db")


def _create_key(directory: Path, name: str) -> str:
    env = {**os.environ, "MODERATO_DATABASE": str(directory / "moderato.db")}
    output = subprocess.run(
        [sys.executable, "-m", "service", "keys", "create", name],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return output.strip().splitlines()[-1]


async def _hold(client: httpx.AsyncClient, count: int) -> None:
    numbers = iter(range(count))

    async def worker() -> None:
        for n in numbers:
            response = await client.post(
                ARTICLE, json={"author": f"독자{n}", "body": f"제 번호 010-{1000 + n % 9000}-5678"}
            )
            assert response.json()["status"] == "pending"

    await asyncio.gather(*(worker() for _ in range(32)))


class Stats:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.outcomes: Counter[int] = Counter()
        self.applied: Counter[str] = Counter()
        self.posted = 0
        self.seconds = 0.0


async def _moderate(client: httpx.AsyncClient, keys: list[str]) -> Stats:
    stats = Stats()
    done = asyncio.Event()

    async def moderator(key: str) -> None:
        headers = {"Authorization": f"Bearer {key}"}
        while True:
            page = await client.get(
                "/v1/moderation/queues/pending", params={"limit": 20}, headers=headers
            )
            items = page.json()["items"]
            if not items:
                return
            # Moderators start from different places in the page, and still collide.
            random.shuffle(items)
            for item in items:
                action = random.choice(("approve", "reject"))
                body = {"action": action, "version": item["version"]}
                if action == "reject":
                    body["reason"] = "personal_info"
                sent = time.perf_counter()
                response = await client.post(
                    f"/v1/moderation/comments/{item['id']}/decision", json=body, headers=headers
                )
                stats.latencies.append(time.perf_counter() - sent)
                stats.outcomes[response.status_code] += 1
                if response.status_code == 200:
                    stats.applied[item["id"]] += 1

    async def reader() -> None:
        while not done.is_set():
            await client.post(ARTICLE, json={"author": "독자", "body": "잘 읽었습니다"})
            stats.posted += 1

    posting = asyncio.create_task(reader())
    started = time.perf_counter()
    await asyncio.gather(*(moderator(key) for key in keys))
    stats.seconds = time.perf_counter() - started
    done.set()
    await posting
    return stats


def _report(stats: Stats, database: Path) -> int:
    latencies = sorted(stats.latencies)
    decided = stats.outcomes[200]
    print(
        f"decisions: {decided} applied in {stats.seconds:.1f} s = {decided / stats.seconds:.0f}/s;"
        f" {stats.outcomes[409]} conflicts (409) detected; other statuses "
        f"{ {k: v for k, v in stats.outcomes.items() if k not in (200, 409)} }"
    )
    print(
        f"decision latency p50 {latencies[len(latencies) // 2] * 1000:.1f} ms,"
        f" p99 {latencies[int(len(latencies) * 0.99)] * 1000:.1f} ms;"
        f" {stats.posted} reader comments posted meanwhile"
    )
    with sqlite3.connect(database) as db:
        audited = Counter(
            comment_id
            for (comment_id,) in db.execute(
                "SELECT comment_id FROM audit_log WHERE action IN ('approve', 'reject')"
            )
        )
        last = dict(
            db.execute(
                "SELECT comment_id, to_status FROM audit_log a WHERE id ="
                " (SELECT MAX(id) FROM audit_log b WHERE b.comment_id = a.comment_id)"
            ).fetchall()
        )
        states = dict(
            db.execute(
                "SELECT id, status FROM comments WHERE id IN (SELECT comment_id FROM audit_log)"
            )
        )
        pending = db.execute("SELECT COUNT(*) FROM comments WHERE status = 'pending'").fetchone()[0]
    lost = sum(1 for comment_id, n in stats.applied.items() if audited[comment_id] != n)
    lost += sum(1 for comment_id, status in last.items() if states.get(comment_id) != status)
    doubled = sum(1 for n in audited.values() if n > 1)
    print(f"lost updates: {lost}; double-decided comments: {doubled}; still pending: {pending}")
    return 0 if lost == doubled == 0 and decided == sum(audited.values()) else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
