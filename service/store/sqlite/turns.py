"""Taking turns at SQLite's one write lock across processes (``MODERATO_WORKERS``).

SQLite lets one connection write at a time; another that finds the lock taken sleeps
and tries again (1, 2, 5, 10 … 100 ms), so with two busy processes the lock often sits
free while the waiter sleeps, and latency jumps by those sleeps. Each process's writer
thread instead takes an exclusive ``flock`` on a file beside the database for the
length of its transaction: a waiter is woken the moment the lock is released, and
meanwhile its process gathers more writes for its next batch. ``flock`` locks are
separate from the POSIX locks SQLite takes on the database file itself.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class WriteTurns:
    def __init__(self, database: Path) -> None:
        self._descriptor = os.open(
            database.with_name(database.name + "-writer"), os.O_RDWR | os.O_CREAT, 0o600
        )

    @contextmanager
    def turn(self) -> Iterator[None]:
        fcntl.flock(self._descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(self._descriptor, fcntl.LOCK_UN)

    def close(self) -> None:
        os.close(self._descriptor)
