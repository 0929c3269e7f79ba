"""A full disk and a store that refuses writes: 503 with a clear code, readiness names
the store, nothing half-written, and the service recovers by itself.

The database lives on a small ext4 file system in a loop file, which needs root (the
project's CI runs as root). A full disk is a filler file taking every free block; a
store that refuses writes has its database and WAL files made immutable (``chattr
+i``), which makes every write fail with EPERM as a read-only file system would with
EROFS (a read-only *remount* is refused while the service holds the files open).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from service.app import create_app
from service.settings import Settings

# Mounts a file system with system tools: `pytest -m "not slow"` leaves it out.
pytestmark = pytest.mark.slow

Client = AsyncTestClient[Litestar]
ARTICLE = "/v1/articles/news-1/comments"
TOOLS = ("mount", "umount", "mkfs.ext4", "chattr")


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A mounted 8 MiB ext4 file system, or a skip saying why there cannot be one."""
    if os.geteuid() != 0 or any(shutil.which(tool) is None for tool in TOOLS):
        pytest.skip(f"needs root and {', '.join(TOOLS)} (Debian: mount, e2fsprogs)")
    image, mountpoint = tmp_path / "disk.img", tmp_path / "disk"
    mountpoint.mkdir()
    with image.open("wb") as file:
        file.truncate(8 * 2**20)
    try:
        _run("mkfs.ext4", "-q", "-F", str(image))
        _run("mount", "-o", "loop", str(image), str(mountpoint))
    except subprocess.CalledProcessError as exc:
        pytest.skip(f"this machine does not allow a loop mount: {exc.stderr.decode().strip()}")
    try:
        yield mountpoint
    finally:
        subprocess.run(["chattr", "-R", "-i", str(mountpoint)], capture_output=True)
        # Lazily: the closed store's last file handles may still be on their way out.
        _run("umount", "--lazy", str(mountpoint))


@pytest.fixture
async def on_small_disk(small_disk: Path) -> AsyncIterator[tuple[Client, Path]]:
    database = small_disk / "moderato.db"
    settings = Settings(database=str(database), rate_limits="off")
    async with AsyncTestClient(app=create_app(settings)) as client:
        yield client, database


async def submit(client: Client, n: int) -> Any:
    return await client.post(ARTICLE, json={"author": "독자", "body": f"댓글 {n} " + "가" * 400})


def stored_ids(database: Path) -> set[str]:
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return {row[0] for row in db.execute("SELECT id FROM comments")}


def fill(filler: Path) -> None:
    """Take every free block, down to the last byte: a few blocks left over would take
    a small write (the readiness probe's) and make the disk look writable."""
    with filler.open("wb", buffering=0) as file:
        for chunk in (65536, 4096, 512, 1):
            try:
                while True:
                    file.write(b"\0" * chunk)
            except OSError:
                pass  # no space left for this much: smaller pieces next


async def readiness(client: Client) -> tuple[int, dict[str, str]]:
    response = await client.get("/readyz")
    return response.status_code, response.json().get("checks", {})


async def test_a_full_disk_is_503_until_space_returns(on_small_disk: tuple[Client, Path]) -> None:
    client, database = on_small_disk
    filler = database.parent / "filler"
    acknowledged = {(await submit(client, 0)).json()["id"]}
    fill(filler)
    answers = []
    for n in range(1, 200):
        response = await submit(client, n)
        answers.append(response)
        if response.status_code == 201:
            acknowledged.add(response.json()["id"])
        else:
            break
    refused = answers[-1]
    assert refused.status_code == 503, refused.text
    assert refused.json()["code"] == "store_unavailable"
    assert refused.headers["Retry-After"]
    status, checks = await readiness(client)
    assert status == 503 and "full" in checks["store"]

    filler.unlink()
    assert await readiness(client) == (200, {})
    after = await submit(client, 1000)
    assert after.status_code == 201
    acknowledged.add(after.json()["id"])
    assert stored_ids(database) == acknowledged  # every 201 kept, nothing else


async def test_a_store_that_refuses_writes_is_503_until_it_takes_them(
    on_small_disk: tuple[Client, Path],
) -> None:
    client, database = on_small_disk
    acknowledged = {(await submit(client, 0)).json()["id"]}
    files = [str(database), f"{database}-wal"]
    _run("chattr", "+i", *files)
    refused = await submit(client, 1)
    assert refused.status_code == 503
    assert refused.json()["code"] == "store_unavailable"
    status, checks = await readiness(client)
    assert status == 503 and "cannot be written" in checks["store"]
    # Reads go on: the published thread is still served.
    assert (await client.get(ARTICLE)).json()["total"] == 1

    _run("chattr", "-i", *files)
    assert await readiness(client) == (200, {})
    after = await submit(client, 2)
    assert after.status_code == 201
    acknowledged.add(after.json()["id"])
    assert stored_ids(database) == acknowledged
