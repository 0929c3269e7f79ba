"""SHA-256 as hex, for secrets and requests that are stored only as their digest.

Tokens and API keys are at least 192 random bits: a plain SHA-256 is as good as a slow
password hash for them, and lookups compare fixed-length digests, never the secret."""

from __future__ import annotations

import hashlib


def sha256_hex(data: str | bytes) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()
