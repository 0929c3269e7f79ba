"""The embedded store: SQLite in WAL mode.

Reads go through a read-only aiosqlite connection. Writes go through the group-commit
:class:`Writer`, which owns the one write connection on its own thread. A write is
acknowledged only after its transaction committed with ``synchronous=FULL`` (by
default), so a 201 survives a crash of the process or the machine. Several processes
may share the file (``MODERATO_WORKERS``): SQLite lets one write at a time, and each
process's writer takes its turn.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from service.store.records import CreateOutcome, Draft
from service.store.sql.dialect import SQLITE
from service.store.sql.steps import Row
from service.store.sql.store import SqlStore, Transaction
from service.store.sqlite.jobs import CreateComment, Write
from service.store.sqlite.signal import DataVersionSignal
from service.store.sqlite.writer import Writer

T = TypeVar("T")


class SQLiteStore(SqlStore):
    def __init__(
        self,
        writer: Writer,
        reader: aiosqlite.Connection,
        client_salt: bytes,
        path: Path,
        signal: DataVersionSignal,
    ) -> None:
        super().__init__(client_salt)
        self._writer = writer
        self._reader = reader
        self._signal = signal
        self.path = path

    async def _read(self, template: str, parameters: Sequence[Any]) -> list[Row]:
        return list(await self._reader.execute_fetchall(SQLITE.render(template), parameters))

    async def _write(self, transaction: Transaction[T]) -> T:
        return await self._writer.run(Write(transaction))

    async def _create(self, draft: Draft) -> CreateOutcome:
        return await self._writer.run(CreateComment(draft))

    @property
    def feed_signal(self) -> DataVersionSignal:
        return self._signal

    async def schema_version(self) -> int:
        rows = await self._read("PRAGMA user_version", ())
        version: int = rows[0][0]
        return version

    @property
    def writable(self) -> bool:
        return self._writer.alive

    @property
    def write_backlog(self) -> int:
        return self._writer.backlog

    @property
    def pool(self) -> None:
        return None  # one reader and one writer connection, no pool
