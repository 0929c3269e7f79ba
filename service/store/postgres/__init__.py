"""The PostgreSQL store, through asyncpg: for several replicas on one database server."""

from service.store.postgres.backend import PostgresBackend
from service.store.postgres.store import PostgresStore

__all__ = ["PostgresBackend", "PostgresStore"]
