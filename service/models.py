"""The JSON that readers' clients send and receive (shared by the HTTP and logic layers)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

import msgspec

from service.ids import ID_PATTERN
from service.store.records import OwnComment, Status, StoredFinding

ARTICLE_ID_PATTERN = r"^[A-Za-z0-9._:/-]{1,200}$"
COMMENT_ID_PATTERN = ID_PATTERN

__all__ = ["OwnComment", "StoredFinding"]

CommentId = Annotated[str, msgspec.Meta(pattern=COMMENT_ID_PATTERN)]
_ARTICLE_ID = re.compile(ARTICLE_ID_PATTERN)
_COMMENT_ID = re.compile(COMMENT_ID_PATTERN)


# The patterns are JSON Schema's (for the OpenAPI document and msgspec), where `$` is
# the end of the text; Python's `$` also matches before a final newline, so Python
# code matches them whole.


def is_article_id(value: str) -> bool:
    return _ARTICLE_ID.fullmatch(value) is not None


def is_comment_id(value: str) -> bool:
    return _COMMENT_ID.fullmatch(value) is not None


ReportReason = Literal["personal_info", "spam", "abuse", "other"]


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
    findings: list[StoredFinding]
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


class NewReport(msgspec.Struct, forbid_unknown_fields=True):
    reason: ReportReason
