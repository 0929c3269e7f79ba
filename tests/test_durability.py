"""A 201 means the comment survives the process being killed (SIGKILL, no shutdown)."""

from __future__ import annotations

import signal
import sqlite3
import threading
from pathlib import Path

import httpx

from tests.live_server import live_server, start_server, stop_server


def test_every_acknowledged_comment_survives_sigkill(tmp_path: Path) -> None:
    acknowledged: list[str] = []
    server = start_server(tmp_path, rate_limits="off")
    stop = threading.Event()

    def submit(worker: int) -> None:
        with httpx.Client(base_url=server.url, timeout=5) as client:
            n = 0
            while not stop.is_set():
                n += 1
                try:
                    response = client.post(
                        "/v1/articles/burst/comments",
                        json={"author": f"독자{worker}", "body": f"댓글 {worker}-{n}"},
                    )
                except httpx.TransportError:
                    return
                if response.status_code == 201:
                    acknowledged.append(response.json()["id"])

    workers = [threading.Thread(target=submit, args=(i,)) for i in range(8)]
    for worker in workers:
        worker.start()
    while len(acknowledged) < 300:
        threading.Event().wait(0.01)
    server.process.send_signal(signal.SIGKILL)
    server.process.wait()
    stop.set()
    for worker in workers:
        worker.join()

    with sqlite3.connect(tmp_path / "moderato.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {row[0] for row in db.execute("SELECT id FROM comments")}
    assert set(acknowledged) <= stored

    with live_server(tmp_path, rate_limits="off") as restarted:
        thread = httpx.get(f"{restarted.url}/v1/articles/burst/comments").json()
        assert thread["total"] == len(stored)
    stop_server(server)
