from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.pii import Scanner, load_scanner
from service.settings import PROJECT_POLICIES, Settings
from service.store import Backend, Store
from service.store.sqlite import SQLiteBackend

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def scanner() -> Scanner:
    return load_scanner(PROJECT_POLICIES)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # Tests post many comments from one address; the rate-limit tests turn limits on.
    return Settings(database=str(tmp_path / "moderato.db"), rate_limits="off")


@pytest.fixture
def app(settings: Settings) -> Litestar:
    return create_app(settings)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


# Every backend that store, API and live tests run against (see tests/stores.py).
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
