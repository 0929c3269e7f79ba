"""What the application holds for its lifetime: the policies, the store and the domain
services built on it, from start-up to shutdown."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from service import metrics, readiness, retention
from service.comments import Comments
from service.feed import Feed
from service.keys import Keys
from service.maintenance import Chore, run_periodically
from service.moderation import Moderation
from service.pii import PolicyError, Scanner, load_scanner
from service.refusals import NotReady, Refused

if TYPE_CHECKING:
    from service.settings import Settings
    from service.store import Store
    from service.threads import Renderer

logger = logging.getLogger("moderato")
T = TypeVar("T")


class Runtime:
    """The loaded policies and, once started, everything else a request may need."""

    def __init__(self, settings: Settings, render: Renderer) -> None:
        self.settings = settings
        self._render = render
        self._scanner: Scanner | None = None
        self._policy_error: str | None = "policies not loaded yet"
        self._store: Store | None = None
        self._comments: Comments | None = None
        self._moderation: Moderation | None = None
        self._keys: Keys | None = None
        self._feed: Feed | None = None
        # Draining: shutdown has begun; readiness fails so load balancers move traffic
        # away, while requests are still served. Stopping: the store is closing.
        self.draining = False
        self.stopping = False

    @asynccontextmanager
    async def lifespan(self, _: object) -> AsyncIterator[None]:
        self.load_policies()
        database = self.settings.backend()
        async with database.open(observe=metrics.observe_commit) as store:
            self._store = store
            self._feed = feed = Feed(store)
            self._comments = Comments(
                store, lambda: self.scanner, self.settings, feed, self._render
            )
            self._moderation = Moderation(store, self._comments, self.settings)
            self._keys = Keys(store)
            try:
                async with (
                    feed.following(),
                    run_periodically(self._chores(), self.settings.maintenance_seconds),
                ):
                    try:
                        yield
                    finally:
                        self.draining = self.stopping = True
                        feed.close()
            finally:
                self._comments.screening.close()
        metrics.forget_this_process()
        logger.info("store closed; shutdown complete")

    def _chores(self) -> list[Chore]:
        """Housekeeping that runs every ``maintenance_seconds``."""
        return [self.moderation.expire_blinds, self.purge_expired]

    async def purge_expired(self) -> None:
        """Retention (a chore)."""
        if self._store is not None:
            await retention.purge_expired(self._store, self.settings.retention_days)

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
        """The scanner; refused while the policies cannot be used."""
        if self._scanner is None:
            raise Refused(NotReady(f"policies are not loaded: {self._policy_error}"))
        return self._scanner

    @property
    def comments(self) -> Comments:
        return _open(self._comments, self.stopping)

    @property
    def moderation(self) -> Moderation:
        return _open(self._moderation, self.stopping)

    @property
    def keys(self) -> Keys:
        return _open(self._keys, self.stopping)

    @property
    def feed(self) -> Feed:
        return _open(self._feed, self.stopping)

    def end_streams(self) -> None:
        """End moderators' event streams, which would otherwise hold up a shutdown."""
        if self._feed is not None:
            self._feed.close()

    def begin_shutdown(self) -> None:
        """Fail readiness from now on; the server keeps serving until it stops.

        Called from a signal handler: it only sets a flag."""
        self.draining = True

    async def failed_checks(self) -> dict[str, str]:
        """Readiness checks that fail, by name, with the reason."""
        return await readiness.failed_checks(
            draining=self.draining, policy_error=self._policy_error, store=self._store
        )

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
        pool = self._store.pool if self._store is not None else None
        return metrics.render(queues, backlog, cached, self.policy_version, pool)

    @property
    def policy_version(self) -> str | None:
        return self._scanner.version if self._scanner else None


def _open(service: T | None, stopping: bool) -> T:
    """A service built on the store, while the store is open."""
    if service is None or stopping:
        raise Refused(NotReady("the store is not open"))
    return service
