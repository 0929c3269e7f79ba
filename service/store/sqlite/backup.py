"""Online backups of SQLite: a consistent copy of the live database, taken beside the service.

SQLite's backup API copies every page in one step, inside one read transaction, so
the copy is one consistent snapshot. In WAL mode a reader never blocks the writer:
the service keeps committing while the copy is made (those commits are simply not in
it). The copy is written under a temporary name, turned into a self-contained file
(no ``-wal``), checked, synced, and only then renamed into place, so a file at the
target path is always a complete, checked backup.
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from pathlib import Path

from service.store.errors import BackupError
from service.store.records import Backup


def backup(source: Path, target: Path) -> Backup:
    if not source.is_file():
        raise BackupError(f"{source}: no database there")
    if target.exists():
        raise BackupError(f"{target} already exists; a backup never overwrites a file")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    try:
        _copy(source, partial)
        _sync(partial)
        os.replace(partial, target)
        _sync(target.parent)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    with closing(sqlite3.connect(f"file:{target}?mode=ro", uri=True)) as copy:
        [version] = copy.execute("PRAGMA user_version").fetchone()
        [comments] = copy.execute("SELECT COUNT(*) FROM comments").fetchone()
    return Backup(str(target), version, comments, target.stat().st_size)


def _copy(source: Path, destination: Path) -> None:
    # Read-only: a backup can never change the live database. busy_timeout covers the
    # moment the service holds a lock a reader must wait for (WAL recovery, checkpoint).
    with (
        closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=10)) as live,
        closing(sqlite3.connect(destination, isolation_level=None)) as copy,
    ):
        try:
            live.backup(copy)  # all pages in one step: one snapshot
        except sqlite3.Error as exc:
            raise BackupError(f"{source}: {exc}") from None
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        problems = [row[0] for row in copy.execute("PRAGMA integrity_check")]
        if problems != ["ok"]:
            raise BackupError(f"the copy failed its integrity check: {problems[:3]}")


def _sync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
