"""Liveness and readiness."""

from __future__ import annotations

from pathlib import Path

from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.settings import Settings

Client = AsyncTestClient[Litestar]


async def test_healthz(client: Client) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_ready_once_policies_are_loaded(client: Client) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"
    assert response.json()["policy_version"]


async def test_a_broken_policy_folder_keeps_the_service_unready(tmp_path: Path) -> None:
    (tmp_path / "bad.toml").write_text("version = 1\ntype = 'x'\n", encoding="utf-8")
    app = create_app(Settings(policies=str(tmp_path), database=str(tmp_path / "db")))
    async with AsyncTestClient(app=app) as client:
        response = await client.get("/readyz")
        assert response.status_code == 503
        assert "bad.toml" in response.json()["checks"]["policies"]
        scan = await client.post("/v1/scan", json={"text": "010-1234-5678"})
        assert scan.status_code == 503
        assert (await client.get("/healthz")).status_code == 200
