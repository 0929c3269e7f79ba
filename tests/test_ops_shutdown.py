"""SIGTERM against a real process under load: drain first, then stop, losing nothing."""

from __future__ import annotations

import signal
import sqlite3
import time
from pathlib import Path

import httpx
import pytest

from tests.live_server import SubmissionBurst, start_server, stop_server

# Real server processes: `pytest -m "not slow"` leaves them out of the inner loop.
pytestmark = pytest.mark.slow

DRAIN_SECONDS = 1.5


def test_sigterm_drains_then_stops_without_losing_a_comment(tmp_path: Path) -> None:
    server = start_server(tmp_path, rate_limits="off", drain_seconds=str(DRAIN_SECONDS))
    try:
        with SubmissionBurst(server, "drain") as burst:
            burst.wait_for(200)
            server.process.send_signal(signal.SIGTERM)
            ready = httpx.get(f"{server.url}/readyz", timeout=5)
            assert ready.status_code == 503
            assert "shutdown" in ready.json()["checks"]
            # Still serving while load balancers take it out of rotation.
            during_drain = len(burst.acknowledged)
            time.sleep(DRAIN_SECONDS / 3)
            assert len(burst.acknowledged) > during_drain
            assert httpx.get(f"{server.url}/healthz", timeout=5).status_code == 200
            assert server.process.wait(timeout=60) == 0
    finally:
        stop_server(server)
    acknowledged = burst.acknowledged

    database = tmp_path / "moderato.db"
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        stored = {row[0] for row in db.execute("SELECT id FROM comments")}
    assert set(acknowledged) <= stored
    # Closed cleanly: the WAL was checkpointed into the database and emptied.
    wal = database.with_name("moderato.db-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    log = server.log.read_text(encoding="utf-8")
    assert "SIGTERM: draining" in log and "shutdown complete" in log
    assert "Traceback" not in log
