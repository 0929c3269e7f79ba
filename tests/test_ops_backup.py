"""`python -m service backup` under write load, and a restore that serves."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest

from tests.live_server import live_server, start_server, stop_server

# Real server processes: `pytest -m "not slow"` leaves them out of the inner loop.
pytestmark = pytest.mark.slow


def backup(database: Path, target: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service", "backup", str(target)],
        env={**os.environ, "MODERATO_DATABASE": str(database)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_backup_taken_under_load_restores_and_serves(tmp_path: Path) -> None:
    live_dir, restored_dir = tmp_path / "live", tmp_path / "restored"
    live_dir.mkdir()
    restored_dir.mkdir()
    database = live_dir / "moderato.db"
    server = start_server(live_dir, rate_limits="off")
    acknowledged: list[str] = []
    stop = threading.Event()

    def submit(worker: int) -> None:
        with httpx.Client(base_url=server.url, timeout=30) as client:
            n = 0
            while not stop.is_set():
                n += 1
                response = client.post(
                    f"/v1/articles/backup-{worker % 3}/comments",
                    json={"author": f"독자{worker}", "body": f"댓글 {worker}-{n}"},
                )
                assert response.status_code == 201, response.text
                acknowledged.append(response.json()["id"])

    workers = [threading.Thread(target=submit, args=(i,)) for i in range(6)]
    try:
        for worker in workers:
            worker.start()
        while len(acknowledged) < 100:
            threading.Event().wait(0.01)
        taken = backup(database, tmp_path / "copy.db")
        during = len(acknowledged)
        threading.Event().wait(0.2)
        assert len(acknowledged) > during  # the service kept writing throughout
    finally:
        stop.set()
        for worker in workers:
            worker.join()
        stop_server(server)
    assert taken.returncode == 0, taken.stderr
    assert "integrity ok" in taken.stdout

    copy = tmp_path / "copy.db"
    assert not copy.with_name("copy.db-wal").exists()
    with sqlite3.connect(copy) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        in_copy = {row[0] for row in db.execute("SELECT id FROM comments")}
        published = dict(
            db.execute(
                "SELECT article_id, COUNT(*) FROM comments WHERE status = 'published'"
                " GROUP BY article_id"
            )
        )
    assert 100 <= len(in_copy) < len(acknowledged)
    assert in_copy <= set(acknowledged)

    # Refuses to overwrite, and leaves the existing backup alone.
    before = copy.read_bytes()
    again = backup(database, copy)
    assert again.returncode == 1 and "already exists" in again.stderr
    assert copy.read_bytes() == before

    # Restore as the README says: copy the file into place and start the service.
    shutil.copy(copy, restored_dir / "moderato.db")
    with live_server(restored_dir) as restored:
        for article_id, count in published.items():
            thread = httpx.get(f"{restored.url}/v1/articles/{article_id}/comments").json()
            assert thread["total"] == count


def test_a_missing_database_is_not_created_by_a_backup(tmp_path: Path) -> None:
    result = backup(tmp_path / "nothing.db", tmp_path / "copy.db")
    assert result.returncode == 1 and "no database there" in result.stderr
    assert not (tmp_path / "nothing.db").exists() and not (tmp_path / "copy.db").exists()
