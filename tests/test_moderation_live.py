"""Moderation against a real server: keys made by the CLI, the live event stream."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.databases import is_postgresql, query
from tests.live_server import live_server, start_server

# Real server processes: `pytest -m "not slow"` leaves them out of the inner loop.
pytestmark = pytest.mark.slow


def cli(database: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MODERATO_DATABASE": database}
    return subprocess.run(
        [sys.executable, "-m", "service", "keys", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_cli_keys_work_until_revoked(database: str, tmp_path: Path) -> None:
    created = cli(database, "create", "desk", "--role", "moderator")
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip().splitlines()[-1]
    assert key.startswith("mdr_") and " " not in key
    assert cli(database, "create", "desk").returncode == 1
    with live_server(tmp_path, database=database) as server:
        headers = {"Authorization": f"Bearer {key}"}
        assert httpx.get(f"{server.url}/v1/moderation/queues", headers=headers).status_code == 200
        listed = cli(database, "list")
        assert "desk\tmoderator" in listed.stdout and key not in listed.stdout
        assert cli(database, "revoke", "desk").returncode == 0
        assert httpx.get(f"{server.url}/v1/moderation/queues", headers=headers).status_code == 401
    assert cli(database, "revoke", "desk").returncode == 1
    assert query(database, "SELECT COUNT(*) FROM api_keys WHERE key_hash = ?", key) == [(0,)]
    if not is_postgresql(database):
        with (tmp_path / "moderato.db").open("rb") as file:
            assert key.encode() not in file.read()


def test_the_event_stream_delivers_queue_changes(database: str, tmp_path: Path) -> None:
    key = cli(database, "create", "desk").stdout.strip().splitlines()[-1]
    headers = {"Authorization": f"Bearer {key}"}
    events: list[dict[str, Any]] = []
    connected = threading.Event()
    with live_server(tmp_path, database=database, rate_limits="off") as server:

        def listen() -> None:
            with httpx.stream(
                "GET", f"{server.url}/v1/moderation/events", headers=headers, timeout=30
            ) as stream:
                for line in stream.iter_lines():
                    if line.startswith(":"):
                        connected.set()
                    if line.startswith("data:") and line[5:].strip():
                        events.append(json.loads(line[5:]))
                        if len(events) == 2:
                            return

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        assert connected.wait(10)
        with httpx.Client(base_url=server.url, headers=headers) as client:
            comment = client.post(
                "/v1/articles/live/comments",
                json={"author": "a", "body": "제 번호 010-2345-6789"},
            ).json()
            decided = client.post(
                f"/v1/moderation/comments/{comment['id']}/decision",
                json={"action": "approve", "version": 1},
            )
            assert decided.status_code == 200
        listener.join(10)
    assert [(e["type"], e["comment_id"], e["status"]) for e in events] == [
        ("held", comment["id"], "pending"),
        ("decided", comment["id"], "published"),
    ]


def open_event_stream(url: str, key: str) -> threading.Event:
    """Listen to the moderators' events on a thread, once connected; set when it ends."""
    connected, ended = threading.Event(), threading.Event()

    def listen() -> None:
        with httpx.stream(
            "GET",
            f"{url}/v1/moderation/events",
            headers={"Authorization": f"Bearer {key}"},
            timeout=60,
        ) as stream:
            for line in stream.iter_lines():
                if line.startswith(":"):
                    connected.set()
        ended.set()

    threading.Thread(target=listen, daemon=True).start()
    assert connected.wait(10)
    return ended


def test_open_event_streams_do_not_hold_up_shutdown(database: str, tmp_path: Path) -> None:
    key = cli(database, "create", "desk").stdout.strip().splitlines()[-1]
    server = start_server(tmp_path, database=database)
    ended = open_event_stream(server.url, key)
    server.process.send_signal(signal.SIGTERM)
    # uvicorn would wait 20 s for the stream; ended streams let it stop at once.
    assert server.process.wait(timeout=10) == 0
    assert ended.wait(5)


def test_a_revoked_key_loses_its_open_event_stream(database: str, tmp_path: Path) -> None:
    key = cli(database, "create", "desk").stdout.strip().splitlines()[-1]
    with live_server(tmp_path, database=database) as server:
        ended = open_event_stream(server.url, key)
        assert not ended.wait(3)  # a valid key keeps its stream
        assert cli(database, "revoke", "desk").returncode == 0  # from another process
        assert ended.wait(10)
