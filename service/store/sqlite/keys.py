"""API keys in SQLite: only a hash of each key is stored; every change is audited."""

from __future__ import annotations

import sqlite3

from service.ids import new_id
from service.store.errors import KeyExists
from service.store.records import ApiKey, Role

LIST_KEYS = "SELECT name, role, created_at, revoked_at FROM api_keys ORDER BY name"
KEY_FOR_HASH = "SELECT name, role FROM api_keys WHERE key_hash = ? AND revoked_at IS NULL"


def create_key(
    connection: sqlite3.Connection, name: str, role: Role, key_hash: str, actor: str, now: str
) -> ApiKey:
    """Insert a key (inside the caller's transaction) and audit it."""
    try:
        connection.execute(
            "INSERT INTO api_keys (name, key_hash, role, created_at) VALUES (?, ?, ?, ?)",
            (name, key_hash, role, now),
        )
    except sqlite3.IntegrityError:
        raise KeyExists(f"a key named {name!r} exists already") from None
    _audit(connection, actor, "key_created", name, role, now)
    return ApiKey(name, role, now)


def revoke_key(connection: sqlite3.Connection, name: str, actor: str, now: str) -> bool:
    """Revoke a key by name; False if there is no such active key."""
    revoked = connection.execute(
        "UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL RETURNING role",
        (now, name),
    ).fetchone()
    if revoked is not None:
        _audit(connection, actor, "key_revoked", name, revoked[0], now)
    return revoked is not None


def _audit(
    connection: sqlite3.Connection, actor: str, action: str, name: str, role: str, now: str
) -> None:
    connection.execute(
        """
        INSERT INTO audit_log (id, at, actor, action, reason, detail)
        VALUES (?, ?, ?, ?, ?, json_object('key', ?, 'role', ?))
        """,
        (new_id(), now, actor, action, None, name, role),
    )
