"""What the application holds for its lifetime, and whether it is ready to serve."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from service.comments import Comments
from service.maintenance import Chore, run_periodically
from service.pii import PolicyError, Scanner, load_scanner
from service.problems import Problem
from service.store import SCHEMA_VERSION, SQLiteStore, open_store
from service.times import rfc3339, utc_now

if TYPE_CHECKING:
    from litestar import Litestar

    from service.settings import Settings

logger = logging.getLogger("moderato")


class Runtime:
    """The loaded policies and, once started, everything else a request may need."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._scanner: Scanner | None = None
        self._policy_error: str | None = "policies not loaded yet"
        self._store: SQLiteStore | None = None
        self._comments: Comments | None = None
        self.stopping = False

    @asynccontextmanager
    async def lifespan(self, _: Litestar) -> AsyncIterator[None]:
        self.load_policies()
        database = Path(self.settings.database)
        async with open_store(database, synchronous=self.settings.synchronous) as store:
            self._store = store
            self._comments = Comments(store, lambda: self.scanner, self.settings)
            async with run_periodically(self._chores(), self.settings.maintenance_seconds):
                try:
                    yield
                finally:
                    self.stopping = True

    def _chores(self) -> list[Chore]:
        """Housekeeping that runs every ``maintenance_seconds``."""
        return []

    def load_policies(self) -> None:
        """Load the policy folder whole; on any problem keep none of it and say why."""
        try:
            self._scanner = load_scanner(Path(self.settings.policies))
        except PolicyError as exc:
            self._scanner, self._policy_error = None, str(exc)
            logger.error("policies not loaded: %s", exc)
        else:
            self._policy_error = None
            logger.info("policies loaded, version %s", self._scanner.version)

    @property
    def scanner(self) -> Scanner:
        """The scanner, or a 503 problem while the policies cannot be used."""
        if self._scanner is None:
            raise Problem(503, "not_ready", f"policies are not loaded: {self._policy_error}")
        return self._scanner

    @property
    def comments(self) -> Comments:
        if self._comments is None or self.stopping:
            raise Problem(503, "not_ready", "the store is not open")
        return self._comments

    async def failed_checks(self) -> dict[str, str]:
        """Readiness checks that fail, by name, with the reason."""
        failed = {}
        if self.stopping:
            failed["shutdown"] = "the service is shutting down"
        if self._policy_error is not None:
            failed["policies"] = self._policy_error
        if (problem := await self._store_problem()) is not None:
            failed["store"] = problem
        return failed

    async def _store_problem(self) -> str | None:
        store = self._store
        if store is None or not store.writer_alive:
            return "the store is not open"
        version = await store.schema_version()
        if version != SCHEMA_VERSION:
            return f"schema version {version}, expected {SCHEMA_VERSION}"
        try:
            await store.check_writable(rfc3339(utc_now()))
        except Exception as exc:
            return f"the database is not writable: {exc}"
        return None

    @property
    def policy_version(self) -> str | None:
        return self._scanner.version if self._scanner else None
