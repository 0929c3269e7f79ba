"""Start-up checks that turn a deployment mistake into one clear line.

Run before the server starts, so that a wrong port or an unusable database stops the
process with a message naming the setting, instead of a traceback from deep inside the
ASGI lifespan after half the service has started.
"""

from __future__ import annotations

import socket
import sqlite3
from pathlib import Path

from service.settings import SettingsError
from service.store.migrations import LATEST


def check_database(path: Path) -> None:
    """The database can be created or opened, written, and is not from a newer release."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, isolation_level=None, timeout=5)
        try:
            [version] = connection.execute("PRAGMA user_version").fetchone()
            # What the store does first: WAL needs to create files beside the database.
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
        finally:
            connection.close()
    except (OSError, sqlite3.Error) as exc:
        raise SettingsError(f"MODERATO_DATABASE={path}: cannot use it: {_reason(exc)}") from None
    if version > LATEST:
        raise SettingsError(
            f"MODERATO_DATABASE={path}: schema version {version} is newer than this "
            f"release understands ({LATEST}); run the release that wrote it"
        )


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port``; uvicorn starts listening on it once it is ready."""
    try:
        family, kind, _, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind(address)
        except BaseException:
            sock.close()
            raise
    except OSError as exc:
        raise SettingsError(
            f"MODERATO_HOST={host} MODERATO_PORT={port}: cannot listen there: {_reason(exc)}"
        ) from None
    return sock


def _reason(exc: Exception) -> str:
    """``strerror`` without Python's ``[Errno n]``, and which file it is about."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    return str(exc)
