"""``Idempotency-Key``: a retry of a submission gets the first answer, and stores nothing."""

from __future__ import annotations

import hmac

import msgspec

from service import validation
from service.digests import sha256_hex
from service.refusals import IdempotencyKeyReused, Refused
from service.store.records import IdempotencyRecord


class IdempotencyKey(msgspec.Struct, frozen=True):
    """A key, scoped to the client and the article, and a hash of its request."""

    key_hash: str
    request_hash: str

    @classmethod
    def of(
        cls, client: str, article_id: str, header: str | None, request: bytes
    ) -> IdempotencyKey | None:
        """The key a request came with (None without the header)."""
        if header is None:
            return None
        validation.idempotency_key(header)
        return cls(sha256_hex(f"{client}\0{article_id}\0{header}"), sha256_hex(request))

    def record(self, response: bytes) -> IdempotencyRecord:
        return IdempotencyRecord(self.key_hash, self.request_hash, response)

    def check(self, record: IdempotencyRecord) -> None:
        """Refused if the key's first request was another one."""
        if not hmac.compare_digest(record.request_hash, self.request_hash):
            raise Refused(IdempotencyKeyReused())
