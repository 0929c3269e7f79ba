"""What the application holds for its lifetime, and whether it is ready to serve."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from service import metrics
from service.comments import Comments
from service.events import Events
from service.maintenance import Chore, run_periodically
from service.moderation import Moderation
from service.pii import PolicyError, Scanner, load_scanner
from service.problems import Problem
from service.store import SCHEMA_VERSION, SQLiteStore, open_store
from service.times import rfc3339, utc_now

if TYPE_CHECKING:
    from litestar import Litestar

    from service.settings import Settings

logger = logging.getLogger("moderato")

# Seconds a readiness probe waits for its test write before reporting the store stuck.
WRITABLE_TIMEOUT = 2.0
# A client retries a lost answer within seconds or minutes; a day is generous.
IDEMPOTENCY_KEY_LIFETIME = dt.timedelta(days=1)


class Runtime:
    """The loaded policies and, once started, everything else a request may need."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._scanner: Scanner | None = None
        self._policy_error: str | None = "policies not loaded yet"
        self._store: SQLiteStore | None = None
        self._comments: Comments | None = None
        self._moderation: Moderation | None = None
        self.events = Events()
        # Draining: shutdown has begun; readiness fails so load balancers move traffic
        # away, while requests are still served. Stopping: the store is closing.
        self.draining = False
        self.stopping = False

    @asynccontextmanager
    async def lifespan(self, _: Litestar) -> AsyncIterator[None]:
        self.load_policies()
        database = Path(self.settings.database)
        async with open_store(
            database, synchronous=self.settings.synchronous, observe=metrics.observe_commit
        ) as store:
            self._store = store
            self._comments = Comments(store, lambda: self.scanner, self.settings, self.events)
            self._moderation = Moderation(store, self._comments, self.events, self.settings)
            try:
                async with run_periodically(self._chores(), self.settings.maintenance_seconds):
                    try:
                        yield
                    finally:
                        self.draining = self.stopping = True
            finally:
                self._comments.screening.close()
        logger.info("store closed; shutdown complete")

    def _chores(self) -> list[Chore]:
        """Housekeeping that runs every ``maintenance_seconds``."""
        return [self.moderation.expire_blinds, self.purge_expired]

    async def purge_expired(self) -> None:
        """Retention (a chore): purge personal traces past their time, and count them."""
        if self._store is None:
            return
        now = utc_now()
        purged = await self._store.purge_expired(
            text_before=rfc3339(now - dt.timedelta(days=self.settings.retention_days)),
            keys_before=rfc3339(now - IDEMPOTENCY_KEY_LIFETIME),
            now=rfc3339(now),
        )
        for kind, count in purged.items():
            metrics.PURGED.labels(kind).inc(count)
        if any(purged.values()):
            logger.info("retention purged %s", purged)

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

    @property
    def moderation(self) -> Moderation:
        if self._moderation is None or self.stopping:
            raise Problem(503, "not_ready", "the store is not open")
        return self._moderation

    def begin_shutdown(self) -> None:
        """Fail readiness from now on; the server keeps serving until it stops.

        Called from a signal handler: it only sets a flag."""
        self.draining = True

    async def failed_checks(self) -> dict[str, str]:
        """Readiness checks that fail, by name, with the reason."""
        failed = {}
        if self.draining:
            failed["shutdown"] = "the service is shutting down"
        if self._policy_error is not None:
            failed["policies"] = self._policy_error
        store = self._store
        if store is None or not store.writer_alive:
            failed["store"] = "the store is not open"
            return failed
        version = await store.schema_version()
        if version != SCHEMA_VERSION:
            failed["migrations"] = f"schema version {version}, expected {SCHEMA_VERSION}"
        try:
            # A probe must answer quickly even when the disk or the lock does not.
            await asyncio.wait_for(store.check_writable(rfc3339(utc_now())), WRITABLE_TIMEOUT)
        except TimeoutError:
            failed["store"] = f"a test write did not commit within {WRITABLE_TIMEOUT:g}s"
        except Exception as exc:
            failed["store"] = f"the database is not writable: {exc}"
        return failed

    def client_hash(self, address: str) -> str | None:
        """The keyed hash clients are known by, once the store (and its key) is open."""
        return self._comments.client_hash(address) if self._comments is not None else None

    async def render_metrics(self) -> bytes:
        queues = None
        if self._moderation is not None and not self.stopping:
            try:
                queues = await self._moderation.counts(None)
            except Exception:
                logger.exception("queue depths could not be read for /metrics")
        backlog = self._store.write_backlog if self._store is not None else 0
        cached = self._comments.cached_bytes if self._comments is not None else 0
        return metrics.render(queues, backlog, cached, self.policy_version)

    @property
    def policy_version(self) -> str | None:
        return self._scanner.version if self._scanner else None
