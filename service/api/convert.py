"""Domain records into the HTTP layer's own types."""

from __future__ import annotations

from typing import TypeVar

import msgspec

T = TypeVar("T")


def to_api(record: object, kind: type[T]) -> T:
    """``record`` as the API's ``kind``: its fields (or properties) of the same names,
    converted all the way down; what ``kind`` does not name is left out."""
    return msgspec.convert(record, kind, from_attributes=True)
