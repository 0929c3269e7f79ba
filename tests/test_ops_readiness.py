"""/readyz checks the real dependencies and names the one that fails; /version."""

from __future__ import annotations

import sqlite3

from litestar import Litestar
from litestar.testing import AsyncTestClient

from service import __version__
from service.runtime import Runtime
from service.settings import Settings
from service.store.sqlite.migrations import LATEST

Client = AsyncTestClient[Litestar]


async def checks(client: Client) -> dict[str, str]:
    response = await client.get("/readyz")
    if response.status_code == 200:
        return {}
    assert response.status_code == 503
    assert response.json()["code"] == "not_ready"
    failed: dict[str, str] = response.json()["checks"]
    return failed


async def test_version_names_the_release_and_the_policy_set(client: Client) -> None:
    version = (await client.get("/version")).json()
    ready = (await client.get("/readyz")).json()
    assert version["version"] == __version__ == ready["version"]
    assert version["policy_version"] and version["policy_version"] == ready["policy_version"]


async def test_a_schema_from_elsewhere_fails_the_migrations_check(
    client: Client, settings: Settings
) -> None:
    assert await checks(client) == {}
    with sqlite3.connect(settings.database) as db:
        db.execute(f"PRAGMA user_version = {LATEST + 1}")
    assert "expected" in (await checks(client))["migrations"]
    with sqlite3.connect(settings.database) as db:
        db.execute(f"PRAGMA user_version = {LATEST}")
    assert await checks(client) == {}


async def test_a_store_that_cannot_commit_fails_the_store_check(
    client: Client, settings: Settings
) -> None:
    blocker = sqlite3.connect(settings.database, isolation_level=None)
    try:
        blocker.execute("BEGIN EXCLUSIVE")  # another process holding the write lock
        failed = await checks(client)
        assert "did not commit" in failed["store"]
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert await checks(client) == {}


async def test_shutdown_fails_readiness_but_not_liveness(app: Litestar, client: Client) -> None:
    runtime: Runtime = app.state.runtime
    runtime.begin_shutdown()
    assert list(await checks(client)) == ["shutdown"]
    assert (await client.get("/healthz")).status_code == 200
    published = await client.post("/v1/articles/a/comments", json={"author": "a", "body": "b"})
    assert published.status_code == 201  # draining still serves
