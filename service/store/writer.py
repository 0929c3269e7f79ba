"""One writer task that groups concurrent writes into one transaction (group commit).

SQLite has a single writer. Every write goes through this queue; the task takes what
has accumulated, applies it inside one ``BEGIN IMMEDIATE … COMMIT`` and only then
resolves the callers' futures, so one fsync covers the whole batch and a caller hears
"done" only once its write is durable. Runs of jobs of the same class are handed to
that class together, so a burst of submissions costs a handful of statements.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Generic, Self, TypeVar

import aiosqlite

logger = logging.getLogger("moderato.store")

T = TypeVar("T")
CommitObserver = Callable[[int, float], None]


class Job(Generic[T]):
    """A unit of work for the writer. Subclasses implement :meth:`apply`."""

    __slots__ = ("future",)
    future: asyncio.Future[T]
    # Whether consecutive jobs of this class may be applied by one call of `apply`.
    batchable: ClassVar[bool] = False

    @classmethod
    async def apply(cls, connection: aiosqlite.Connection, jobs: Sequence[Self]) -> list[T]:
        """Apply ``jobs`` inside the open transaction; return one result per job."""
        raise NotImplementedError


class _Stop:
    pass


class Writer:
    """Owns the write connection; ``run`` a job and await its durable result."""

    def __init__(
        self,
        connection: aiosqlite.Connection,
        *,
        max_batch: int = 256,
        queue_size: int = 10_000,
        observe: CommitObserver | None = None,
    ) -> None:
        self._connection = connection
        self._max_batch = max_batch
        self._queue: asyncio.Queue[Job[Any] | _Stop] = asyncio.Queue(queue_size)
        self._observe = observe
        self._task = asyncio.create_task(self._loop(), name="moderato-writer")

    @property
    def alive(self) -> bool:
        return not self._task.done()

    @property
    def backlog(self) -> int:
        return self._queue.qsize()

    async def run(self, job: Job[T]) -> T:
        if not self.alive:
            raise RuntimeError("the store is closed")
        job.future = asyncio.get_running_loop().create_future()
        await self._queue.put(job)
        result: T = await asyncio.shield(job.future)
        return result

    async def close(self) -> None:
        """Finish every queued write, then stop."""
        if self.alive:
            await self._queue.put(_Stop())
            await self._task

    async def _loop(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < self._max_batch and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            jobs = [job for job in batch if isinstance(job, Job)]
            if jobs:
                await self._commit(jobs)
            if len(jobs) < len(batch):
                return

    async def _commit(self, jobs: list[Job[Any]]) -> None:
        started = time.perf_counter()
        try:
            await self._connection.execute("BEGIN IMMEDIATE")
            results = await self._apply(jobs)
            await self._connection.execute("COMMIT")
        except Exception as exc:
            if self._connection.in_transaction:
                await self._connection.execute("ROLLBACK")
            if len(jobs) > 1:
                # One bad job must not fail the others: retry each on its own.
                for job in jobs:
                    await self._commit([job])
            else:
                logger.exception("write failed")
                _settle(jobs[0], exception=exc)
            return
        if self._observe is not None:
            self._observe(len(jobs), time.perf_counter() - started)
        for job, result in zip(jobs, results, strict=True):
            _settle(job, result=result)

    async def _apply(self, jobs: list[Job[Any]]) -> list[Any]:
        results: list[Any] = []
        for kind, group in itertools.groupby(jobs, key=_kind):
            same_kind = list(group)
            runs = [same_kind] if kind.batchable else [[job] for job in same_kind]
            for run in runs:
                results += await kind.apply(self._connection, run)
        return results


def _kind(job: Job[Any]) -> type[Job[Any]]:
    return type(job)


def _settle(job: Job[Any], *, result: Any = None, exception: BaseException | None = None) -> None:
    if job.future.done():
        return
    if exception is not None:
        job.future.set_exception(exception)
    else:
        job.future.set_result(result)
