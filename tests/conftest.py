from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.pii import Scanner, load_scanner
from service.settings import PROJECT_POLICIES, Settings

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
