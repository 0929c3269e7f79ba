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
from service.store.backends import backend as choose_backend
from tests.databases import fresh_postgresql_database

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def scanner() -> Scanner:
    return load_scanner(PROJECT_POLICIES)


# The stores every store, API and live test runs against.
STORES = ["sqlite", "postgresql"]


@pytest.fixture(params=STORES)
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """``MODERATO_DATABASE`` for a fresh database of each kind (see tests/databases.py)."""
    if request.param == "postgresql":
        return fresh_postgresql_database()
    return str(tmp_path / "moderato.db")


@pytest.fixture
def settings(database: str) -> Settings:
    # Tests post many comments from one address; the rate-limit tests turn limits on.
    return Settings(database=database, rate_limits="off")


@pytest.fixture
def app(settings: Settings) -> Litestar:
    return create_app(settings)


@pytest.fixture
async def client(app: Litestar) -> AsyncIterator[AsyncTestClient[Litestar]]:
    async with AsyncTestClient(app=app) as test_client:
        yield test_client


@pytest.fixture
def backend(database: str) -> Backend:
    """The backend of a fresh database of each kind."""
    return choose_backend(database)


@pytest.fixture
async def store(backend: Backend) -> AsyncIterator[Store]:
    async with backend.open() as opened:
        yield opened
