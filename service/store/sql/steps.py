"""Transactions as generators of statements, so that one piece of logic runs on either
driver: SQLite's synchronous one and PostgreSQL's asynchronous one.

A transaction's logic ``yield``\\ s a :class:`Query` and receives its rows (``[]`` for a
statement that returns none), and ``return``\\ s its outcome. A driver runs it inside a
transaction it opens and commits (:func:`run` or :func:`run_async`). A statement that
breaks a unique constraint is thrown back into the logic as :class:`UniqueViolation`,
whatever the driver's own exception, so the logic can say what that means.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator, Sequence
from typing import Any, NamedTuple, TypeVar

T = TypeVar("T")
Row = Sequence[Any]


class Query(NamedTuple):
    sql: str  # a template: see service.store.sql.dialect
    parameters: Sequence[Any] = ()


Steps = Generator[Query, list[Row], T]


class UniqueViolation(Exception):
    """A statement would have broken a unique constraint (the row exists already)."""


class _Driving:
    """A transaction's logic as far as it got: the statement it waits on, or its outcome."""

    def __init__(self, steps: Steps[Any]) -> None:
        self._steps = steps
        self.query: Query | None = None
        self.outcome: Any = None
        self._advance(lambda: next(steps))

    def answer(self, result: list[Row] | UniqueViolation) -> None:
        if isinstance(result, UniqueViolation):
            self._advance(lambda: self._steps.throw(result))
        else:
            self._advance(lambda: self._steps.send(result))

    def _advance(self, step: Callable[[], Query]) -> None:
        try:
            self.query = step()
        except StopIteration as finished:
            self.query, self.outcome = None, finished.value


def run(execute: Callable[[Query], list[Row]], steps: Steps[T]) -> T:
    """``steps`` to their outcome, each statement through ``execute``."""
    driving = _Driving(steps)
    while (query := driving.query) is not None:
        try:
            result: list[Row] | UniqueViolation = execute(query)
        except UniqueViolation as violation:
            result = violation
        driving.answer(result)
    outcome: T = driving.outcome
    return outcome


async def run_async(execute: Callable[[Query], Awaitable[list[Row]]], steps: Steps[T]) -> T:
    """:func:`run` for a driver that awaits its statements."""
    driving = _Driving(steps)
    while (query := driving.query) is not None:
        try:
            result: list[Row] | UniqueViolation = await execute(query)
        except UniqueViolation as violation:
            result = violation
        driving.answer(result)
    outcome: T = driving.outcome
    return outcome


def one(rows: list[Row]) -> Row | None:
    return rows[0] if rows else None


def placeholders(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))
