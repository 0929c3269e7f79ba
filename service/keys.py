"""Moderators' API keys: who is asking, and with which role. Only a key's SHA-256 is
stored; the key itself is shown once, when it is made."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

import msgspec

from service import validation
from service.digests import sha256_hex
from service.refusals import KeyNameTaken, KeyNotFound, Refused, RoleTooLow, Unauthenticated
from service.store import KeyExists
from service.store.records import ApiKey, Role
from service.times import rfc3339, utc_now

if TYPE_CHECKING:
    from service.store import Store


class Moderator(msgspec.Struct, frozen=True):
    name: str
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


class CreatedKey(msgspec.Struct, frozen=True):
    name: str
    role: Role
    key: str


def new_key() -> tuple[str, str]:
    """A fresh API key and the hash that is stored in its place."""
    key = "mdr_" + secrets.token_urlsafe(32)
    return key, sha256_hex(key)


class Keys:
    def __init__(self, store: Store) -> None:
        self._store = store

    async def authenticate(self, authorization: str | None) -> Moderator:
        """The moderator an ``Authorization: Bearer <key>`` value names."""
        scheme, _, key = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not key.strip():
            raise Refused(Unauthenticated("an API key is required: Authorization: Bearer <key>"))
        found = await self._store.key_for_hash(sha256_hex(key.strip()))
        if found is None:
            raise Refused(Unauthenticated("the API key is not valid"))
        return Moderator(*found)

    async def is_valid(self, authorization: str | None) -> bool:
        """Whether ``authorization`` still names a key that is not revoked."""
        try:
            await self.authenticate(authorization)
        except Refused:
            return False
        return True

    async def listed(self) -> list[ApiKey]:
        return await self._store.keys()

    async def create(self, actor: str, name: str, role: Role) -> CreatedKey:
        key, hashed = new_key()
        try:
            await self._store.create_key(validation.key_name(name), role, hashed, actor, _now())
        except KeyExists:
            raise Refused(KeyNameTaken(name)) from None
        return CreatedKey(name, role, key)

    async def revoke(self, actor: str, name: str) -> None:
        if not await self._store.revoke_key(name, actor, _now()):
            raise Refused(KeyNotFound(name))


def require(moderator: Moderator, role: Role) -> None:
    """Refused unless ``moderator``'s role allows what needs ``role``."""
    if role == "admin" and not moderator.is_admin:
        raise Refused(RoleTooLow(role))


def _now() -> str:
    return rfc3339(utc_now())
