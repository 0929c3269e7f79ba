"""The one place that chooses a store implementation for ``MODERATO_DATABASE``.

Implementations are imported only here and only when chosen, so that the store's
interface (and whoever imports it) never loads a database driver it does not use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from service.store.interface import Backend

Synchronous = Literal["FULL", "NORMAL"]


def backend(database: str, *, synchronous: Synchronous = "FULL") -> Backend:
    """The backend for ``database``: a file path selects the embedded SQLite store."""
    from service.store.sqlite import SQLiteBackend

    return SQLiteBackend(Path(database), synchronous=synchronous)
