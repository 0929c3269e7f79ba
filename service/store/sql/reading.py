"""How the shared reads reach a database: a function that runs one statement (a
template, see :mod:`service.store.sql.dialect`) and returns its rows."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from service.store.sql.steps import Row

Read = Callable[[str, Sequence[Any]], Awaitable[list[Row]]]
