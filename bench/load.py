"""A mixed, realistic load on the real service, then a consistency check.

Starts the service (``python -m service serve``) on a fresh database, seeds a few
hundred articles, and for ``--seconds`` drives on loopback: 80% thread reads (half of
them on a popular few articles), 15% submissions (a tenth with personal information
of several kinds, some of it blocked; a fifth are replies) and 5% ``/v1/scan`` calls,
while simulated moderators work the pending queue (approve or reject, with the version
they saw). It prints throughput and p50/p95/p99 per route and the answers by status,
then checks: every 201 is stored with the status it announced (or the one a moderator
gave it later, as the audit log says); every pending comment is in the pending queue;
no comment was ever served in a thread unless it was published; no decision answered
200 is missing from the audit log. Exits 1 on any 5xx or failed check.

    .venv/bin/python bench/load.py [--seconds 30] [--readers 24] [--moderators 2]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.api_keys import make_key  # noqa: E402
from tests.live_server import live_server  # noqa: E402

POPULAR = 10
_IDS = re.compile(rb'"id":"([0-9a-f]{32})"')
WORDS = ["기사", "잘", "읽었습니다", "정책", "시민", "의견", "서울", "공원", "예산", "교통"]
WORDS += ["학교", "동네", "주민", "찬성", "반대", "생각"]


def personal(rng: random.Random) -> str:
    """A fictional piece of personal information of one of several kinds."""
    n = rng.randrange(10_000)
    return rng.choice(
        [
            f"연락은 010-{n:04d}-{rng.randrange(10_000):04d} 로 주세요",  # phone: held
            f"메일 reader{n}@example.com 으로 보내 주세요",  # e-mail: held
            "제 주민번호 900101-1234568 입니다",  # RRN: blocked
            "카드 4111 1111 1111 1111 로 결제했어요",  # card: blocked
            f"국민은행 계좌 {n:06d}-04-{rng.randrange(1_000_000):06d} 입금",  # account
        ]
    )


Client = aiohttp.ClientSession


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Load:
    rng: random.Random
    articles: list[str]
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    acknowledged: dict[str, str] = field(default_factory=dict)  # id -> status in its 201
    published: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    served: set[str] = field(default_factory=set)
    decided: list[tuple[str, str, int]] = field(default_factory=list)  # id, action, version
    elapsed: float = 0.0
    cpu: tuple[float, float] = (0.0, 0.0)  # seconds: the service, this load generator

    def article(self) -> str:
        if self.rng.random() < 0.5:
            return self.articles[self.rng.randrange(POPULAR)]
        return self.rng.choice(self.articles)

    async def timed(self, route: str, client: Client, method: str, path: str, **kw: Any) -> Answer:
        started = time.perf_counter()
        async with client.request(method, path, **kw) as response:
            answer = Answer(response.status, await response.read())
        self.latencies[route].append(time.perf_counter() - started)
        self.statuses[route][answer.status] += 1
        return answer

    async def read(self, client: Client, article: str | None = None) -> None:
        article = article or self.article()
        response = await self.timed("GET thread", client, "GET", _thread(article))
        self.served.update(found.decode() for found in _IDS.findall(response.body))

    async def submit(self, client: Client, article: str | None = None) -> None:
        article = article or self.article()
        words = " ".join(self.rng.choices(WORDS, k=self.rng.randint(3, 30)))
        body = f"{words} {personal(self.rng)}" if self.rng.random() < 0.1 else words
        comment: dict[str, Any] = {"author": f"독자{self.rng.randrange(500)}", "body": body}
        parents = self.published[article]
        if parents and self.rng.random() < 0.2:
            comment["parent_id"] = self.rng.choice(parents)
        response = await self.timed("POST comment", client, "POST", _thread(article), json=comment)
        if response.status == 201:
            created = response.json()
            self.acknowledged[created["id"]] = created["status"]
            if created["status"] == "published" and not created["parent_id"]:
                parents.append(created["id"])

    async def scan(self, client: Client) -> None:
        text = " ".join(self.rng.choices(WORDS, k=40)) + " " + personal(self.rng)
        await self.timed("POST scan", client, "POST", "/v1/scan", json={"text": text})

    async def reader(self, client: Client, until: float) -> None:
        while time.monotonic() < until:
            roll = self.rng.random()
            if roll < 0.80:
                await self.read(client)
            elif roll < 0.95:
                await self.submit(client)
            else:
                await self.scan(client)

    async def moderator(self, client: Client, key: str, until: float) -> None:
        headers = {"Authorization": f"Bearer {key}"}
        while time.monotonic() < until:
            page = await self.timed(
                "GET queue", client, "GET", "/v1/moderation/queues/pending",
                params={"limit": 10}, headers=headers,
            )  # fmt: skip
            items = page.json()["items"]
            if not items:
                await asyncio.sleep(0.2)
                continue
            for item in self.rng.sample(items, len(items)):
                action = "approve" if self.rng.random() < 0.7 else "reject"
                decision: dict[str, Any] = {"action": action, "version": item["version"]}
                if action == "reject":
                    decision["reason"] = "personal_info"
                response = await self.timed(
                    "POST decision", client, "POST",
                    f"/v1/moderation/comments/{item['id']}/decision",
                    json=decision, headers=headers,
                )  # fmt: skip
                if response.status == 200:
                    self.decided.append((item["id"], action, response.json()["version"]))


def _thread(article: str) -> str:
    return f"/v1/articles/{article}/comments"


def _moderator_key(database: Path, name: str) -> str:
    return make_key(database, name, "moderator")


def cpu_seconds(pid: int | None = None) -> float:
    """CPU time (user and system) of process ``pid``, or of this one."""
    if pid is None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def run(
    args: argparse.Namespace, url: str, moderator_keys: list[str], server_pid: int
) -> Load:
    articles = [f"news/2026/{n // 30:02d}/{n:04d}" for n in range(args.articles)]
    load = Load(random.Random(args.seed), articles)
    # aiohttp rather than httpx: the load generator needs a fraction of the CPU, so the
    # service rather than its client sets the pace on a small machine.
    connections = aiohttp.TCPConnector(limit=args.readers + args.moderators + 8)
    timeout = aiohttp.ClientTimeout(total=60)
    async with Client(base_url=url, connector=connections, timeout=timeout) as client:
        gate = asyncio.Semaphore(args.readers)

        async def seed(article: str) -> None:
            async with gate:
                for _ in range(3):
                    await load.submit(client, article)

        await asyncio.gather(*(seed(article) for article in articles))
        load.latencies.clear()
        load.statuses.clear()
        started, cpu = time.monotonic(), (cpu_seconds(server_pid), cpu_seconds())
        until = started + args.seconds
        await asyncio.gather(
            *(load.reader(client, until) for _ in range(args.readers)),
            *(load.moderator(client, key, until) for key in moderator_keys),
        )
        load.elapsed = time.monotonic() - started
        load.cpu = (cpu_seconds(server_pid) - cpu[0], cpu_seconds() - cpu[1])
        # After the run: every article's first page once more, to catch a held comment
        # still (or newly) served.
        for article in articles:
            await load.read(client, article)
    return load


def report(load: Load, seconds: float) -> int:
    print(f"{'route':<14} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'p99 ms':>7}  statuses")  # fmt: skip
    total = 0
    for route in ("GET thread", "POST comment", "POST scan", "GET queue", "POST decision"):
        times = sorted(load.latencies[route])
        if not times:
            continue
        total += len(times)
        cuts = statistics.quantiles(times, n=100, method="inclusive")
        p50, p95, p99 = (cuts[n - 1] * 1000 for n in (50, 95, 99))
        statuses = dict(sorted(load.statuses[route].items()))
        print(
            f"{route:<14} {len(times):>8} {len(times) / seconds:>7.0f} {p50:>7.1f} "
            f"{p95:>7.1f} {p99:>7.1f}  {statuses}"
        )
    print(f"{'all':<14} {total:>8} {total / seconds:>7.0f}")
    by_status: Counter[int] = Counter()
    for counts in load.statuses.values():
        by_status.update({s: n for s, n in counts.items() if s >= 400})
    server_errors = sum(n for s, n in by_status.items() if s >= 500)
    print(f"errors by status: {dict(sorted(by_status.items()))} (expected: 409 moderators' "
          f"collisions, 422 blocked personal information; 5xx: {server_errors})")  # fmt: skip
    return server_errors


def check(load: Load, database: Path, url: str, key: str) -> bool:
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        status = dict(db.execute("SELECT id, status FROM comments"))
        audit: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
        for row in db.execute(
            "SELECT comment_id, action, from_status, to_status FROM audit_log"
            " WHERE comment_id IS NOT NULL ORDER BY id"
        ):
            audit[row[0]].append(row[1:])
    wrong = [
        comment
        for comment, announced in load.acknowledged.items()
        if comment not in status
        or (audit[comment][0][1] if audit[comment] else status[comment]) != announced
    ]
    queued = _pending_queue(url, key)
    pending = {comment for comment, now in status.items() if now == "pending"}
    ever_published = {
        comment
        for comment in status
        if load.acknowledged.get(comment) == "published"
        or any(entry[2] == "published" for entry in audit[comment])
    }
    held_served = load.served - ever_published
    decided = Counter((comment, action) for comment, action, _ in load.decided)
    audited = Counter((comment, entry[0]) for comment in audit for entry in audit[comment])
    lost = decided - audited
    final_wrong = [
        comment for comment, action, _ in load.decided
        if status[comment] != audit[comment][-1][2]
    ]  # fmt: skip
    checks = [
        (f"every 201 stored with its status: {len(load.acknowledged) - len(wrong)}"
         f"/{len(load.acknowledged)}", not wrong),
        (f"every pending comment in the queue: {len(pending)} pending, {len(queued)} queued",
         pending == queued),
        (f"held comments ever served in a thread: {len(held_served)} "
         f"(of {len(load.served)} served ids)", not held_served),
        (f"decisions answered 200: {len(load.decided)}, missing from the audit log: "
         f"{sum(lost.values())}, final status not the last decision's: {len(final_wrong)}",
         not lost and not final_wrong),
    ]  # fmt: skip
    print("consistency:")
    for text, ok in checks:
        print(f"  {'ok  ' if ok else 'FAIL'} {text}")
    return all(ok for _, ok in checks)


def _pending_queue(url: str, key: str) -> set[str]:
    found: set[str] = set()
    cursor = None
    with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {key}"}) as client:
        while True:
            params: dict[str, Any] = {"limit": 100, **({"cursor": cursor} if cursor else {})}
            page = client.get("/v1/moderation/queues/pending", params=params).json()
            found.update(item["id"] for item in page["items"])
            if not (cursor := page["next_cursor"]):
                return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--readers", type=int, default=24)
    parser.add_argument("--moderators", type=int, default=2)
    parser.add_argument("--articles", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        directory = Path(scratch)
        database = directory / "moderato.db"
        moderator_keys = [_moderator_key(database, f"desk-{n}") for n in range(args.moderators)]
        with live_server(directory, rate_limits="off", log_level="warning") as server:
            load = asyncio.run(run(args, server.url, moderator_keys, server.process.pid))
            elapsed = load.elapsed
            print(f"load: {elapsed:.0f} s on loopback, {args.readers} readers, "
                  f"{args.moderators} moderators, {args.articles} articles "
                  f"({POPULAR} popular: half the reads); CPU: the service {load.cpu[0]:.0f} s, "
                  f"this load generator {load.cpu[1]:.0f} s")  # fmt: skip
            server_errors = report(load, elapsed)
            consistent = check(load, database, server.url, moderator_keys[0])
    return 0 if consistent and server_errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
