"""The stores under contract: every test in this folder runs against every backend
named in ``STORES``, each on a fresh, empty database.

A new implementation plugs in with a fixture that returns its :class:`Backend` on a
database of its own for the test (a PostgreSQL one: a fresh database on a server
started once per session, or skipped where none can be) and its name in ``STORES``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from service.store import Backend, Store
from service.store.sqlite import SQLiteBackend

STORES = ["sqlite_backend"]


@pytest.fixture
def sqlite_backend(tmp_path: Path) -> Backend:
    return SQLiteBackend(tmp_path / "moderato.db")


@pytest.fixture(params=STORES)
def backend(request: pytest.FixtureRequest) -> Backend:
    chosen: Backend = request.getfixturevalue(request.param)
    return chosen


@pytest.fixture
async def store(backend: Backend) -> AsyncIterator[Store]:
    async with backend.open() as opened:
        yield opened
