"""Moderators' API keys for tests, made as the command line makes them: through the
store's interface, on the database a test's service uses (running or not)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from service.keys import Keys
from service.store.backends import backend
from service.store.records import Role


def make_key(database: Path | str, name: str, role: Role, *, revoked: bool = False) -> str:
    """A new key named ``name`` (revoked at once if ``revoked``); the key itself."""

    async def make() -> str:
        async with backend(str(database)).open() as store:
            keys = Keys(store)
            created = await keys.create("test", name, role)
            if revoked:
                await keys.revoke("test", name)
            return created.key

    # Its own thread and event loop: callers may be inside a running loop.
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, make()).result()
