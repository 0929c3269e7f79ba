"""Why the domain will not do what it was asked: typed outcomes that know nothing of HTTP.

The domain raises :class:`Refused` with one of these reasons. The HTTP layer turns each
reason into a problem (``service.api.problems``), the metrics count failed submissions
by it (``service.metrics``), and bulk decisions report it per item; each of them
matches on :data:`Reason` exhaustively, so a new reason is a type error wherever one
is not handled.
"""

from __future__ import annotations

import msgspec

from service.store.records import CommentFinding, QueueItem, Role

# -- the input ----------------------------------------------------------------------------


class Invalid(msgspec.Struct, frozen=True):
    """An input value is not acceptable; ``field`` names it."""

    field: str
    detail: str


class TooLarge(msgspec.Struct, frozen=True):
    field: str
    detail: str


# -- readers ------------------------------------------------------------------------------


class CommentNotFound(msgspec.Struct, frozen=True):
    pass


class ArticleClosed(msgspec.Struct, frozen=True):
    pass


class PolicyBlocked(msgspec.Struct, frozen=True):
    """A policy blocks the comment; nothing was stored."""

    findings: tuple[CommentFinding, ...]


class IdempotencyKeyReused(msgspec.Struct, frozen=True):
    """The key came with a different comment before."""


class TokenRefused(msgspec.Struct, frozen=True):
    """The author's token is missing or not this comment's."""

    missing: bool


class RateLimited(msgspec.Struct, frozen=True):
    """A per-client limit (``limit``, as metrics name it) is used up for ``wait`` seconds."""

    limit: str
    wait: int
    what: str  # what the client sent too many of, for the message


class ArticleSettingsChanging(msgspec.Struct, frozen=True):
    """The article's settings changed under every attempt to store the comment."""


# -- moderators ---------------------------------------------------------------------------


class Unauthenticated(msgspec.Struct, frozen=True):
    detail: str


class RoleTooLow(msgspec.Struct, frozen=True):
    needed: Role


class KeyNotFound(msgspec.Struct, frozen=True):
    name: str


class KeyNameTaken(msgspec.Struct, frozen=True):
    name: str


class StaleVersion(msgspec.Struct, frozen=True):
    """The comment changed since the moderator saw it; ``current`` is how it is now."""

    current: QueueItem


class NotDecidable(msgspec.Struct, frozen=True):
    action: str
    current: QueueItem


class NotUndoable(msgspec.Struct, frozen=True):
    why: str
    current: QueueItem


class TextPurged(msgspec.Struct, frozen=True):
    """Retention purged the comment's text; it can no longer be decided on."""


class ClaimedByOther(msgspec.Struct, frozen=True):
    claimed_by: str
    claimed_until: str


# -- the service --------------------------------------------------------------------------


class NotReady(msgspec.Struct, frozen=True):
    """The service cannot serve this now (policies not loaded, store closed)."""

    detail: str


Reason = (
    Invalid
    | TooLarge
    | CommentNotFound
    | ArticleClosed
    | PolicyBlocked
    | IdempotencyKeyReused
    | TokenRefused
    | RateLimited
    | ArticleSettingsChanging
    | Unauthenticated
    | RoleTooLow
    | KeyNotFound
    | KeyNameTaken
    | StaleVersion
    | NotDecidable
    | NotUndoable
    | TextPurged
    | ClaimedByOther
    | NotReady
)


class Refused(Exception):
    """The domain will not do what was asked, for ``reason``."""

    def __init__(self, reason: Reason) -> None:
        super().__init__(type(reason).__name__)
        self.reason = reason


def invalid(field: str, detail: str) -> Refused:
    return Refused(Invalid(field, detail))
