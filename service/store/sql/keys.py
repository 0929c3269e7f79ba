"""API keys: only a hash of each key is stored; every change is audited."""

from __future__ import annotations

from service.store.errors import KeyExists
from service.store.records import ApiKey, KeyDetail, Role
from service.store.sql.moderation_writes import Audited, audit
from service.store.sql.steps import Query, Steps, UniqueViolation, one

LIST_KEYS = "SELECT name, role, created_at, revoked_at FROM api_keys ORDER BY name"
KEY_FOR_HASH = "SELECT name, role FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL"


def create_key(name: str, role: Role, key_hash: str, actor: str, now: str) -> Steps[ApiKey]:
    try:
        yield Query(
            "INSERT INTO api_keys (name, key_hash, role, created_at) VALUES (?, ?, ?, ?)",
            (name, key_hash, role, now),
        )
    except UniqueViolation:
        raise KeyExists(f"a key named {name!r} exists already") from None
    yield from audit(
        Audited(now, actor, "key_created", None, None),
        (None, None),
        None,
        KeyDetail(key=name, role=role),
    )
    return ApiKey(name, role, now)


def revoke_key(name: str, actor: str, now: str) -> Steps[bool]:
    """Revoke a key by name; False if there is no such active key."""
    revoked = one(
        (
            yield Query(
                "UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL"
                " RETURNING role",
                (now, name),
            )
        )
    )
    if revoked is None:
        return False
    detail = KeyDetail(key=name, role=revoked[0])
    yield from audit(Audited(now, actor, "key_revoked", None, None), (None, None), None, detail)
    return True
