"""Start-up checks that turn a deployment mistake into one clear line.

Run before the server starts, so that a wrong port or an unusable database stops the
process with a message naming the setting, instead of a traceback from deep inside the
ASGI lifespan after half the service has started.
"""

from __future__ import annotations

import socket

from service.reasons import reason
from service.settings import SettingsError
from service.store import Backend, DatabaseUnusable


def check_database(backend: Backend, database: str) -> None:
    """The database can be opened, written, and is not from a newer release."""
    try:
        backend.check()
    except DatabaseUnusable as exc:
        raise SettingsError(f"MODERATO_DATABASE={database}: {exc}") from None


def listen(host: str, port: int, *, shared: bool = False) -> socket.socket:
    """A socket bound to ``host:port``; uvicorn starts listening on it once it is ready.
    ``shared``: other sockets may bind the port too (see :func:`service.workers`)."""
    try:
        family, kind, _, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
        sock = socket.socket(family, kind)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            if shared:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
            sock.bind(address)
        except BaseException:
            sock.close()
            raise
    except OSError as exc:
        raise SettingsError(
            f"MODERATO_HOST={host} MODERATO_PORT={port}: cannot listen there: {reason(exc)}"
        ) from None
    return sock
