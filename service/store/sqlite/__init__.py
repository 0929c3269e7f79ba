"""The embedded store: SQLite in WAL mode, one writer thread with group commit."""

from service.store.sqlite.backend import SQLiteBackend
from service.store.sqlite.store import SQLiteStore

__all__ = ["SQLiteBackend", "SQLiteStore"]
