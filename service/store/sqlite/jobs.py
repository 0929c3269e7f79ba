"""The shared transactions (:mod:`service.store.sql`) as jobs for SQLite's writer thread,
run on its ``sqlite3`` connection inside the open transaction of their batch."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from service.store.records import CreateOutcome, Draft
from service.store.sql.comment_writes import create
from service.store.sql.dialect import SQLITE
from service.store.sql.feed import FEED_MOVED
from service.store.sql.steps import Query, Row, UniqueViolation, run
from service.store.sql.store import Transaction
from service.store.sqlite.writer import Job

T = TypeVar("T")
_UNIQUE = ("SQLITE_CONSTRAINT_UNIQUE", "SQLITE_CONSTRAINT_PRIMARYKEY")


def executor(connection: sqlite3.Connection) -> Callable[[Query], list[Row]]:
    """Runs one step of a transaction on ``connection``."""

    def execute(query: Query) -> list[Row]:
        sql = SQLITE.render(query.sql)
        if not sql or query.sql == FEED_MOVED:
            return []  # nothing to do here: SQLite's readers notice commits themselves
        try:
            return connection.execute(sql, query.parameters).fetchall()
        except sqlite3.IntegrityError as exc:
            if getattr(exc, "sqlite_errorname", "") in _UNIQUE:
                raise UniqueViolation(str(exc)) from exc
            raise

    return execute


@dataclass(slots=True)
class Write(Job[T]):
    transaction: Transaction[T]

    def run(self, connection: sqlite3.Connection) -> T:
        return run(executor(connection), self.transaction())


@dataclass(slots=True)
class CreateComment(Job[CreateOutcome]):
    """A submission; a burst of them is decided and inserted together."""

    draft: Draft

    @classmethod
    def apply(
        cls, connection: sqlite3.Connection, jobs: Sequence[CreateComment]
    ) -> list[CreateOutcome]:
        return run(executor(connection), create([job.draft for job in jobs]))
