"""The JSON that readers' clients (the widget) send and receive.

The HTTP layer's own types: the domain's records are converted into these, so that
what is stored and how can change without changing the API or its OpenAPI document.
"""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

from service.pii import Action
from service.store.records import Field, Status
from service.validation import COMMENT_ID_PATTERN

CommentId = Annotated[str, msgspec.Meta(pattern=COMMENT_ID_PATTERN)]
ReportReason = Literal["personal_info", "spam", "abuse", "other"]


class ScanRequest(msgspec.Struct, forbid_unknown_fields=True):
    text: str


class ScanFinding(msgspec.Struct, frozen=True):
    """Where personal information is, in code-point offsets; never the text itself."""

    type: str
    start: int
    end: int
    policy: str
    action: Action
    confidence: float


class ScanAnswer(msgspec.Struct):
    """The scan's result, with at most ``MODERATO_MAX_SCAN_FINDINGS`` findings (the
    first ones in the text); ``truncated`` says that there were more. ``action`` is
    the strictest of all the findings, listed or not."""

    action: Action
    findings: list[ScanFinding]
    policy_version: str
    truncated: bool


class AuthorFinding(ScanFinding, frozen=True, kw_only=True):
    """A finding in a submitted comment, as its author learns of it."""

    field: Field


class NewComment(msgspec.Struct, forbid_unknown_fields=True):
    author: str
    body: str
    parent_id: CommentId | None = None


class CommentCreated(msgspec.Struct):
    """The answer to a submission; ``token`` is shown once and proves authorship.

    A retry under the same ``Idempotency-Key`` gets the same answer with the comment's
    current ``status``; once withdrawn, without its text and token."""

    id: str
    article_id: str
    parent_id: str | None
    author: str
    body: str
    status: Status
    findings: list[AuthorFinding]
    token: str
    created_at: str


class Comment(msgspec.Struct, omit_defaults=True):
    """A published comment as readers see it; never an address, token or flag."""

    id: str
    article_id: str
    parent_id: str | None
    author: str
    body: str
    created_at: str
    reply_count: int
    replies: list[Comment]
    # A withdrawn comment that still has replies stays as an empty placeholder.
    withdrawn: bool = False


class Thread(msgspec.Struct):
    article_id: str
    total: int
    items: list[Comment]
    next_cursor: str | None


class OwnComment(msgspec.Struct):
    """What the author of a comment (proven by its token) may learn about it."""

    id: str
    article_id: str
    status: Status
    reject_reason: str | None
    reject_note: str | None


class NewReport(msgspec.Struct, forbid_unknown_fields=True):
    reason: ReportReason
