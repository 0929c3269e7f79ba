"""The shared migrations (:mod:`service.store.sql.migrations`) applied to SQLite, with the
version in ``PRAGMA user_version``.

Several processes may open one database at once (``MODERATO_WORKERS``): each migration
runs inside ``BEGIN IMMEDIATE``, which holds the database's one write lock, and reads
the version again once it holds it, so that one process applies it and the others
find it done.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from service.store.sql import migrations
from service.store.sql.dialect import SQLITE

MIGRATIONS = tuple(SQLITE.render(migration) for migration in migrations.MIGRATIONS)
LATEST = migrations.LATEST


def schema_version(connection: sqlite3.Connection) -> int:
    version: int = connection.execute("PRAGMA user_version").fetchone()[0]
    return version


def migrate(connection: sqlite3.Connection) -> int:
    """Apply every pending migration, each in its own transaction; return the version."""
    while (version := _check(schema_version(connection))) < LATEST:
        connection.execute("BEGIN IMMEDIATE")
        try:
            version = _check(schema_version(connection))
            if version < LATEST:
                for statement in _statements(MIGRATIONS[version]):
                    connection.execute(statement)
                # Not a bound parameter: PRAGMA takes none; the version is our own integer.
                connection.execute(f"PRAGMA user_version = {version + 1}")
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
    return version


def _check(version: int) -> int:
    if version > LATEST:
        raise RuntimeError(
            f"the database is at schema version {version}, newer than this release ({LATEST})"
        )
    return version


def _statements(script: str) -> Iterator[str]:
    """The script's statements one by one (``executescript`` would commit first)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            yield statement.strip()
            statement = ""
    if statement.strip():
        yield statement.strip()
