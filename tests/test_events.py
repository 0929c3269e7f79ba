"""Queue events: ids, and resuming a stream with Last-Event-ID (in process, then over HTTP)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.events import Delivery, Events, QueueEvent, Reset
from tests.live_server import live_server


def event(n: int) -> QueueEvent:
    return QueueEvent(type="held", comment_id=f"c{n}", article_id="a", status="pending")


def drain(listener: Any) -> list[Delivery | Reset | None]:
    return [listener.get_nowait() for _ in range(listener.qsize())]


def test_a_listener_that_comes_back_gets_what_it_missed_first() -> None:
    events = Events()
    with events.listen() as first:
        events.publish(event(1))
        events.publish(event(2))
    delivered = drain(first)
    assert [d.event.comment_id for d in delivered if isinstance(d, Delivery)] == ["c1", "c2"]
    last_seen = delivered[0]
    assert isinstance(last_seen, Delivery)
    events.publish(event(3))  # while it was away

    with events.listen(last_seen.id) as again:
        events.publish(event(4))
        resumed = drain(again)
    assert [d.event.comment_id for d in resumed if isinstance(d, Delivery)] == ["c2", "c3", "c4"]
    assert [d.id for d in resumed if isinstance(d, Delivery)] == [
        events.last_id.rsplit("-", 1)[0] + f"-{n}" for n in (2, 3, 4)
    ]


def test_an_up_to_date_listener_gets_nothing_again() -> None:
    events = Events()
    events.publish(event(1))
    with events.listen(events.last_id) as listener:
        assert drain(listener) == []


@pytest.mark.parametrize("last_id", ["00000000-1", "nonsense", "-", "", "x-²"])
def test_an_id_from_elsewhere_resets(last_id: str) -> None:
    events = Events()
    events.publish(event(1))
    with events.listen(last_id) as listener:
        assert drain(listener) == [Reset()]


def test_an_id_no_longer_kept_resets() -> None:
    events = Events(backlog=3)
    first = events.last_id
    for n in range(5):
        events.publish(event(n))
    with events.listen(first) as listener:
        assert drain(listener) == [Reset()]
    run = events.last_id.rsplit("-", 1)[0]
    with events.listen(f"{run}-2") as listener:  # the oldest kept follows it
        assert [d.event.comment_id for d in drain(listener) if isinstance(d, Delivery)] == [
            "c2",
            "c3",
            "c4",
        ]


def test_a_listener_that_falls_behind_is_told_to_reload() -> None:
    events = Events(backlog=3)
    with events.listen() as listener:
        for n in range(5):
            events.publish(event(n))
        received = drain(listener)
    # What it had not read was dropped for a reset; what came after still arrives.
    assert received[0] == Reset()
    assert [d.event.comment_id for d in received[1:] if isinstance(d, Delivery)] == ["c3", "c4"]


@pytest.mark.slow
def test_the_stream_resumes_over_http(tmp_path: Path) -> None:
    env = {**os.environ, "MODERATO_DATABASE": str(tmp_path / "moderato.db")}
    created = subprocess.run(
        [sys.executable, "-m", "service", "keys", "create", "desk"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    headers = {"Authorization": f"Bearer {created.stdout.strip().splitlines()[-1]}"}
    with live_server(tmp_path, rate_limits="off") as server:
        first_id = _first_message(server.url, headers)["id"]
        comment = httpx.post(
            f"{server.url}/v1/articles/live/comments",
            json={"author": "a", "body": "제 번호 010-2345-6789"},
        ).json()
        replayed = _first_message(server.url, {**headers, "Last-Event-ID": first_id}, skip=1)
        reset = _first_message(server.url, {**headers, "Last-Event-ID": "0badc0de-1"}, skip=1)
    assert replayed["event"] == "queue"
    assert json.loads(replayed["data"])["comment_id"] == comment["id"]
    assert replayed["id"] == f"{first_id.rsplit('-', 1)[0]}-1"
    assert reset["event"] == "reset"


def _first_message(url: str, headers: dict[str, str], skip: int = 0) -> dict[str, str]:
    """The fields of the stream's message number ``skip`` (0: the opening one)."""
    fields: dict[str, str] = {}
    with httpx.stream("GET", f"{url}/v1/moderation/events", headers=headers, timeout=10) as stream:
        for line in stream.iter_lines():
            if line:
                name, _, value = line.partition(":")
                fields[name or "comment"] = value.strip()
            elif skip:
                skip, fields = skip - 1, {}
            else:
                return fields
    raise AssertionError("the stream ended early")
