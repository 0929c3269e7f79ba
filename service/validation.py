"""One home for what makes an id, a name or a cursor valid.

The patterns are JSON Schema's (for the OpenAPI document and msgspec), where ``$`` is
the end of the text; Python's ``$`` also matches before a final newline, so Python code
matches them whole (``fullmatch``): ``abc\\n`` is not the article ``abc``.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from service.ids import ID_PATTERN
from service.invisible import BIDI_CONTROLS, INVISIBLE, is_blank
from service.refusals import CommentNotFound, Refused, TooLarge, invalid

if TYPE_CHECKING:
    from service.settings import Settings

ARTICLE_ID_PATTERN = r"^[A-Za-z0-9._:/-]{1,200}$"
COMMENT_ID_PATTERN = ID_PATTERN
KEY_NAME_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"
IDEMPOTENCY_KEY_PATTERN = r"^[\x21-\x7e]{1,255}$"

_ARTICLE_ID = re.compile(ARTICLE_ID_PATTERN)
_COMMENT_ID = re.compile(COMMENT_ID_PATTERN)
_KEY_NAME = re.compile(KEY_NAME_PATTERN)
_IDEMPOTENCY_KEY = re.compile(IDEMPOTENCY_KEY_PATTERN)
# msgspec names the offending field as "... - at `$.text`" or "... field `text`".
_MSGSPEC_FIELD = re.compile(r"at `\$\.?([^`]*)`|field `([^`]+)`")
_MSGSPEC_AT = re.compile(r" - at `\$[^`]*`")
# C0 controls other than tab and line breaks have no place in a comment.
_BODY_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decoding_error(message: str) -> tuple[str, str]:
    """msgspec's message for a value it refused, as the field it names ("" when it
    names none) and the message without the field's path."""
    found = _MSGSPEC_FIELD.search(message)
    field = (found.group(1) or found.group(2)) if found else ""
    return field, _MSGSPEC_AT.sub("", message)


def is_article_id(value: str) -> bool:
    return _ARTICLE_ID.fullmatch(value) is not None


def is_comment_id(value: str) -> bool:
    return _COMMENT_ID.fullmatch(value) is not None


def is_key_name(name: str) -> bool:
    return _KEY_NAME.fullmatch(name) is not None


def article_id(value: str) -> str:
    """``value`` if it is an article id; else refused (400, ``field`` article_id)."""
    if not is_article_id(value):
        raise invalid("article_id", "article_id must be 1-200 characters of A-Z a-z 0-9 . _ : / -")
    return value


def comment_id(value: str) -> str:
    """``value`` if it can name a comment; else there is no such comment (404)."""
    if not is_comment_id(value):
        raise Refused(CommentNotFound())
    return value


def cursor(value: str | None) -> str | None:
    """A page cursor this service gave out (a comment id), or None for the first page."""
    if value is not None and not is_comment_id(value):
        raise invalid("cursor", "cursor is not one this service gave out")
    return value


def key_name(name: str) -> str:
    if not is_key_name(name):
        raise invalid("name", "a key name is 1-64 characters of A-Z a-z 0-9 . _ -")
    return name


def idempotency_key(header: str) -> str:
    if not _IDEMPOTENCY_KEY.fullmatch(header):
        raise invalid("Idempotency-Key", "Idempotency-Key must be 1-255 visible ASCII characters")
    return header


def comment_texts(author: str, body: str, settings: Settings) -> tuple[str, str]:
    """A submission's nickname (stripped) and body, if both may be stored as they are."""
    author = author.strip()
    if not author:
        raise invalid("author", "author must not be empty")
    if len(author) > settings.max_author_chars:
        raise invalid("author", f"author is longer than {settings.max_author_chars}")
    if INVISIBLE.search(author) or any(
        unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in author
    ):
        raise invalid("author", "author must not contain control or invisible characters")
    if is_blank(body):
        raise invalid("body", "body must not be empty")
    if BIDI_CONTROLS.search(body):
        raise invalid("body", "body must not contain bidirectional control characters")
    if len(body) > settings.max_comment_chars:
        raise Refused(
            TooLarge("body", f"body is longer than {settings.max_comment_chars} characters")
        )
    if _BODY_CONTROLS.search(body):
        raise invalid("body", "body must not contain control characters")
    return author, body
