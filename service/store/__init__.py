"""Durable storage: the interface the domain depends on, its records and its errors.

No implementation is imported here; :func:`service.store.backends.backend` chooses one.
"""

from service.store.errors import (
    BackupError,
    DatabaseUnusable,
    KeyExists,
    Overloaded,
    StoreUnavailable,
)
from service.store.interface import Backend, CommitObserver, Store

__all__ = [
    "Backend",
    "BackupError",
    "CommitObserver",
    "DatabaseUnusable",
    "KeyExists",
    "Overloaded",
    "Store",
    "StoreUnavailable",
]
