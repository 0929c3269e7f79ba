"""Durable storage: the interface and its embedded SQLite implementation."""

from service.store.base import Store
from service.store.migrations import LATEST as SCHEMA_VERSION
from service.store.sqlite import SQLiteStore, open_store

__all__ = ["SCHEMA_VERSION", "SQLiteStore", "Store", "open_store"]
