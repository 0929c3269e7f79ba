"""What the application holds for its lifetime, and whether it is ready to serve."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from service.pii import PolicyError, Scanner, load_scanner
from service.problems import Problem

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
        self.stopping = False

    @asynccontextmanager
    async def lifespan(self, _: Litestar) -> AsyncIterator[None]:
        self.load_policies()
        try:
            yield
        finally:
            self.stopping = True

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

    def failed_checks(self) -> dict[str, str]:
        """Readiness checks that fail, by name, with the reason."""
        failed = {}
        if self.stopping:
            failed["shutdown"] = "the service is shutting down"
        if self._policy_error is not None:
            failed["policies"] = self._policy_error
        return failed

    @property
    def policy_version(self) -> str | None:
        return self._scanner.version if self._scanner else None
