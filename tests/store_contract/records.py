"""Records for the store contract suite to store: drafts of comments and the like."""

from __future__ import annotations

from service.ids import new_id
from service.store.records import Draft
from service.times import rfc3339, utc_now


def draft(article_id: str = "a1", **fields: object) -> Draft:
    values: dict[str, object] = {
        "id": new_id(),
        "article_id": article_id,
        "parent_id": None,
        "author": "민수",
        "body": "본문",
        "status": "published",
        "hold_reason": None,
        "findings": (),
        "policy_version": "test",
        "created_at": rfc3339(utc_now()),
        "token_hash": "0" * 64,
        "client_hash": "1" * 32,
        "expected_mode": "post",
        **fields,
    }
    return Draft(**values)  # type: ignore[arg-type]
