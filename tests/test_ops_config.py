"""A configuration mistake stops a real start-up with one clear line and status 2."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from service.store.sqlite.migrations import LATEST
from tests.live_server import free_port

# Real server processes: `pytest -m "not slow"` leaves them out of the inner loop.
pytestmark = pytest.mark.slow


def serve(tmp_path: Path, **variables: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MODERATO_")}
    environ |= {
        "MODERATO_DATABASE": str(tmp_path / "moderato.db"),
        "MODERATO_PORT": str(free_port()),
    }
    environ |= variables
    return subprocess.run(
        [sys.executable, "-m", "service", "serve"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def garbage_file(tmp_path: Path) -> str:
    (tmp_path / "notes.db").write_bytes(b"not a database, just notes\n" * 200)
    return str(tmp_path / "notes.db")


def newer_database(tmp_path: Path) -> str:
    with sqlite3.connect(tmp_path / "future.db") as db:
        db.execute(f"PRAGMA user_version = {LATEST + 1}")
    return str(tmp_path / "future.db")


def under_a_file(tmp_path: Path) -> str:
    (tmp_path / "a-file").write_text("x")
    return str(tmp_path / "a-file" / "moderato.db")


CASES: list[tuple[str, Callable[[Path], dict[str, str]], str]] = [
    ("port not a number", lambda _: {"MODERATO_PORT": "http"}, "MODERATO_PORT"),
    ("port out of range", lambda _: {"MODERATO_PORT": "70000"}, "MODERATO_PORT"),
    ("unknown host", lambda _: {"MODERATO_HOST": "no-such-host.invalid"}, "MODERATO_HOST"),
    ("unknown variable", lambda _: {"MODERATO_PROT": "8000"}, "unknown setting MODERATO_PROT"),
    ("bad value", lambda _: {"MODERATO_RATE_LIMITS": "maybe"}, "MODERATO_RATE_LIMITS"),
    ("negative drain", lambda _: {"MODERATO_DRAIN_SECONDS": "-1"}, "MODERATO_DRAIN_SECONDS"),
    ("any proxy", lambda _: {"MODERATO_TRUSTED_PROXIES": "*"}, "list the proxies' addresses"),
    ("bad proxy", lambda _: {"MODERATO_TRUSTED_PROXIES": "10.0.0.0/33"}, "TRUSTED_PROXIES"),
    ("database is a directory", lambda p: {"MODERATO_DATABASE": str(p)}, "MODERATO_DATABASE"),
    (
        "database under a file",
        lambda p: {"MODERATO_DATABASE": under_a_file(p)},
        "a-file: File exists",
    ),
    ("not a database", lambda p: {"MODERATO_DATABASE": garbage_file(p)}, "not a database"),
    ("unwritable place", lambda _: {"MODERATO_DATABASE": "/proc/moderato.db"}, "/proc/"),
    ("newer schema", lambda p: {"MODERATO_DATABASE": newer_database(p)}, "newer than"),
]


@pytest.mark.parametrize(
    ("variables", "named"), [case[1:] for case in CASES], ids=[case[0] for case in CASES]
)
def test_a_configuration_error_is_one_line(
    tmp_path: Path, variables: Callable[[Path], dict[str, str]], named: str
) -> None:
    result = serve(tmp_path, **variables(tmp_path))
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("moderato: configuration error: ")
    assert named in lines[0]


def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        result = serve(tmp_path, MODERATO_PORT=port)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [
        f"moderato: configuration error: MODERATO_HOST=127.0.0.1 MODERATO_PORT={port}: "
        "cannot listen there: Address already in use"
    ]
