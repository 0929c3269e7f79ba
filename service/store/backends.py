"""The one place that chooses a store implementation for ``MODERATO_DATABASE``.

Implementations are imported only here and only when chosen, so that the store's
interface (and whoever imports it) never loads a database driver it does not use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from service.store.interface import Backend

Synchronous = Literal["FULL", "NORMAL"]


POSTGRESQL_SCHEMES = ("postgresql://", "postgres://")


def backend(
    database: str,
    *,
    synchronous: Synchronous = "FULL",
    pool_size: int = 10,
    statement_timeout: float = 5.0,
) -> Backend:
    """The backend for ``database``: a ``postgresql://`` URL selects PostgreSQL (with a
    pool of ``pool_size`` connections); a file path, the embedded SQLite store."""
    if database.startswith(POSTGRESQL_SCHEMES):
        from service.store.postgres import PostgresBackend

        return PostgresBackend(database, pool_size=pool_size, statement_timeout=statement_timeout)
    from service.store.sqlite import SQLiteBackend

    return SQLiteBackend(Path(database), synchronous=synchronous)
