"""One writer thread that groups concurrent writes into one transaction (group commit).

SQLite has a single writer. Every write goes through this queue; the writer takes what
has accumulated, applies it inside one ``BEGIN IMMEDIATE … COMMIT`` and only then
resolves the callers' futures, so one fsync covers the whole batch and a caller hears
"done" only once its write is durable.

The batch runs as one synchronous function on the writer's own thread and its own
``sqlite3`` connection. aiosqlite (used for every read) makes each statement a separate
round trip between the event loop and its thread; a transaction of a handful of
statements would then wait behind request handling on the loop at every step, and the
commit path is the one thing every submission waits for. Here a batch costs exactly
one hand-off each way.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import queue
import sqlite3
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Generic, Self, TypeVar

from service.store.errors import Overloaded, StoreUnavailable
from service.store.interface import CommitObserver

logger = logging.getLogger("moderato.store")

T = TypeVar("T")


class Job(Generic[T]):
    """A unit of work for the writer. Subclasses implement :meth:`run`."""

    __slots__ = ("future",)
    future: asyncio.Future[T]

    def run(self, connection: sqlite3.Connection) -> T:
        """Apply this job inside the open transaction."""
        raise NotImplementedError

    @classmethod
    def apply(cls, connection: sqlite3.Connection, jobs: Sequence[Self]) -> list[T]:
        """Apply consecutive jobs of this class; one result per job. Override to apply
        a run of them with fewer statements than one job at a time."""
        return [job.run(connection) for job in jobs]


# SQLite's primary result codes that come from the disk rather than from the write.
_DISK_ERRORS = ("SQLITE_FULL", "SQLITE_IOERR", "SQLITE_READONLY", "SQLITE_CANTOPEN")


def _unavailable(error: Exception) -> Exception:
    """``error`` as the caller should see it: disk trouble becomes StoreUnavailable."""
    name = getattr(error, "sqlite_errorname", "")
    if isinstance(error, sqlite3.Error) and name.startswith(_DISK_ERRORS):
        unavailable = StoreUnavailable(f"the database cannot be written: {error}")
        unavailable.__cause__ = error
        return unavailable
    return error


class _Stop:
    pass


class _Failed:
    __slots__ = ("error",)

    def __init__(self, error: BaseException) -> None:
        self.error = error


class Writer:
    """Owns the write connection; ``run`` a job and await its durable result.

    Crossing between the event loop's thread and the writer's costs wake-ups and
    GIL hand-overs, so it happens once per batch each way, never per job: the jobs
    that one turn of the event loop produces cross together, and each committed
    batch's results come back with one call into the loop. The writer never waits
    for the loop: while a busy loop gets round to settling one batch, the next is
    already being committed, so commits follow each other back to back and a burst
    of submissions shares few fsyncs.
    """

    def __init__(
        self,
        connection: sqlite3.Connection,
        executor: ThreadPoolExecutor,
        *,
        max_batch: int = 256,
        queue_size: int = 10_000,
        observe: CommitObserver | None = None,
        turn: Callable[[], AbstractContextManager[object]] = nullcontext,
    ) -> None:
        self._connection = connection
        self._turn = turn
        self._max_batch = max_batch
        self._queue_size = queue_size
        self._observe = observe
        self._loop = asyncio.get_running_loop()
        # Jobs of this turn of the event loop, handed over together at its end.
        self._outgoing: list[Job[Any] | _Stop] = []
        self._queue: queue.SimpleQueue[list[Job[Any] | _Stop]] = queue.SimpleQueue()
        # Jobs accepted and not yet settled; only the event loop's thread touches it.
        self._unsettled = 0
        self._closing = False
        self._thread = asyncio.wrap_future(executor.submit(self._serve))

    @property
    def alive(self) -> bool:
        return not self._thread.done()

    @property
    def backlog(self) -> int:
        return self._unsettled

    async def run(self, job: Job[T]) -> T:
        if self._closing or not self.alive:
            raise RuntimeError("the store is closed")
        if self._unsettled >= self._queue_size:
            raise Overloaded(f"{self._unsettled} writes are already waiting")
        job.future = self._loop.create_future()
        self._unsettled += 1
        self._send(job)
        # If the caller goes away, the job still runs: it is in the queue and the
        # writer only settles futures that are not done.
        return await job.future

    async def close(self) -> None:
        """Finish every queued write, then stop."""
        if not self._closing:
            self._closing = True
            self._send(_Stop())
        await self._thread

    def _send(self, item: Job[Any] | _Stop) -> None:
        if not self._outgoing:
            self._loop.call_soon(self._hand_over)
        self._outgoing.append(item)

    def _hand_over(self) -> None:
        self._queue.put(self._outgoing)
        self._outgoing = []

    def _serve(self) -> None:
        """The writer thread: batch, commit, hand the results back, until stopped."""
        waiting: list[Job[Any] | _Stop] = []
        while True:
            if not waiting:
                waiting = self._queue.get()
            with self._turn():
                # Gathered once the turn is ours: what came while another process
                # wrote joins this batch, so several processes keep batches as big as
                # one would (each commit's fsync is what the others wait for).
                while not self._queue.empty():
                    waiting += self._queue.get_nowait()
                batch, waiting = waiting[: self._max_batch], waiting[self._max_batch :]
                jobs = [job for job in batch if isinstance(job, Job)]
                if jobs:
                    started = time.perf_counter()
                    outcomes = self._commit(jobs)
                    if self._observe is not None:
                        self._observe(len(jobs), time.perf_counter() - started)
            if jobs:
                self._loop.call_soon_threadsafe(self._settle, jobs, outcomes)
            if len(jobs) < len(batch):
                return

    def _settle(self, jobs: list[Job[Any]], outcomes: list[Any]) -> None:
        """On the event loop: wake every caller of a committed batch."""
        self._unsettled -= len(jobs)
        for job, outcome in zip(jobs, outcomes, strict=True):
            if job.future.done():
                continue
            if isinstance(outcome, _Failed):
                job.future.set_exception(outcome.error)
            else:
                job.future.set_result(outcome)

    def _commit(self, jobs: list[Job[Any]]) -> list[Any]:
        """The whole batch in one transaction (the caller holds the write turn)."""
        try:
            self._connection.execute("BEGIN IMMEDIATE")
            results = self._apply(jobs)
            self._connection.execute("COMMIT")
        except Exception as exc:
            self._roll_back()
            error = _unavailable(exc)
            if isinstance(error, StoreUnavailable):
                # The disk fails every job alike: no point retrying them one by one.
                logger.error("write failed: %s", exc)
                return [_Failed(error)] * len(jobs)
            if len(jobs) > 1:
                # One bad job must not fail the others: retry each on its own.
                return [outcome for job in jobs for outcome in self._commit([job])]
            logger.exception("write failed")
            return [_Failed(exc)]
        return results

    def _roll_back(self) -> None:
        """End a failed transaction; SQLite may have rolled it back already (a full
        disk, an I/O error), and a ROLLBACK that fails too must not stop the writer."""
        if self._connection.in_transaction:
            try:
                self._connection.execute("ROLLBACK")
            except sqlite3.Error as exc:
                logger.error("rollback failed: %s", exc)

    def _apply(self, jobs: list[Job[Any]]) -> list[Any]:
        results: list[Any] = []
        for kind, group in itertools.groupby(jobs, key=_kind):
            results += kind.apply(self._connection, list(group))
        return results


def _kind(job: Job[Any]) -> type[Job[Any]]:
    return type(job)
