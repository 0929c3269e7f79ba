"""A 201 means the comment survives the process being killed (SIGKILL, no shutdown)."""

from __future__ import annotations

import signal
import sqlite3
from pathlib import Path

import httpx
import pytest

from tests.live_server import SubmissionBurst, live_server, start_server, stop_server

# Real server processes: `pytest -m "not slow"` leaves them out of the inner loop.
pytestmark = pytest.mark.slow


def test_every_acknowledged_comment_survives_sigkill(tmp_path: Path) -> None:
    server = start_server(tmp_path, rate_limits="off")
    with SubmissionBurst(server, "burst") as burst:
        burst.wait_for(300)
        server.process.send_signal(signal.SIGKILL)
        server.process.wait()

    with sqlite3.connect(tmp_path / "moderato.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {row[0] for row in db.execute("SELECT id FROM comments")}
    assert set(burst.acknowledged) <= stored

    with live_server(tmp_path, rate_limits="off") as restarted:
        thread = httpx.get(f"{restarted.url}/v1/articles/burst/comments").json()
        assert thread["total"] == len(stored)
    stop_server(server)
