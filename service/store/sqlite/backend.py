"""The SQLite backend: the database is one file (``MODERATO_DATABASE``)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from pathlib import Path

from service.store.interface import CommitObserver
from service.store.records import Backup
from service.store.sqlite import backup, connections
from service.store.sqlite.connections import Synchronous
from service.store.sqlite.signal import DataVersionSignal
from service.store.sqlite.store import SQLiteStore
from service.store.sqlite.turns import WriteTurns
from service.store.sqlite.writer import Writer


class SQLiteBackend:
    def __init__(self, path: Path, *, synchronous: Synchronous = "FULL") -> None:
        self.path = path
        self._synchronous = synchronous

    def check(self) -> None:
        connections.check_database(self.path)

    @asynccontextmanager
    async def open(self, *, observe: CommitObserver | None = None) -> AsyncIterator[SQLiteStore]:
        """Open (creating and migrating as needed) the database."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        loop = asyncio.get_running_loop()
        executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="moderato-writer")
        try:
            connection, salt = await loop.run_in_executor(
                executor, connections.open_writer, self.path, self._synchronous
            )
            try:
                reader = await connections.open_reader(self.path)
            except BaseException:
                await loop.run_in_executor(executor, connection.close)
                raise
            turns = WriteTurns(self.path)
            writer = Writer(connection, executor, observe=observe, turn=turns.turn)
            signal = DataVersionSignal(self.path)
            try:
                yield SQLiteStore(writer, reader, salt, self.path, signal)
            finally:
                signal.close()
                await writer.close()
                await reader.close()
                turns.close()
                await loop.run_in_executor(executor, connections.close_writer, connection)
        finally:
            executor.shutdown()

    def backup(self, target: Path) -> Backup:
        return backup.backup(self.path, target)
