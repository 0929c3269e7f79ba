"""Forward-only schema migrations, tracked with ``PRAGMA user_version``.

``MIGRATIONS[n]`` takes a database from version ``n`` to ``n + 1``. Never edit a
migration that has shipped; append a new one. SQL stays portable where it costs
nothing (no SQLite-only types), so a PostgreSQL store can reuse the shape.
"""

from __future__ import annotations

import sqlite3

MIGRATIONS: tuple[str, ...] = (
    # 1: articles, comments, reports, idempotency keys, service metadata.
    """
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        open INTEGER NOT NULL DEFAULT 1 CHECK (open IN (0, 1)),
        mode TEXT NOT NULL DEFAULT 'post' CHECK (mode IN ('post', 'pre')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE comments (
        id TEXT PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles (id),
        parent_id TEXT REFERENCES comments (id),
        author TEXT NOT NULL,
        body TEXT,
        status TEXT NOT NULL
            CHECK (status IN ('published', 'pending', 'rejected', 'blinded', 'withdrawn')),
        hold_reason TEXT
            CHECK (hold_reason IN ('policy', 'premoderation', 'reports', 'blind_expired')),
        findings TEXT NOT NULL DEFAULT '[]',
        policy_version TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,
        token_hash TEXT NOT NULL,
        client_hash TEXT NOT NULL
    );
    CREATE INDEX comments_top_level ON comments (article_id, parent_id, id);
    CREATE INDEX comments_replies ON comments (parent_id, id) WHERE parent_id IS NOT NULL;
    CREATE INDEX comments_by_status ON comments (status, article_id, created_at);
    CREATE TABLE reports (
        comment_id TEXT NOT NULL REFERENCES comments (id),
        reporter_hash TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('personal_info', 'spam', 'abuse', 'other')),
        created_at TEXT NOT NULL,
        PRIMARY KEY (comment_id, reporter_hash)
    );
    CREATE TABLE idempotency_keys (
        key_hash TEXT PRIMARY KEY,
        request_hash TEXT NOT NULL,
        response BLOB NOT NULL,
        created_at TEXT NOT NULL
    );
    CREATE INDEX idempotency_keys_by_age ON idempotency_keys (created_at);
    """,
    # 2: moderation: decisions' state on comments, API keys, the audit log.
    """
    ALTER TABLE comments ADD COLUMN blinded_until TEXT;
    ALTER TABLE comments ADD COLUMN reject_reason TEXT;
    ALTER TABLE comments ADD COLUMN reject_note TEXT;
    ALTER TABLE comments ADD COLUMN redacted_original TEXT;
    ALTER TABLE comments ADD COLUMN claimed_by TEXT;
    ALTER TABLE comments ADD COLUMN claimed_until TEXT;
    ALTER TABLE comments ADD COLUMN purged_at TEXT;
    CREATE INDEX comments_blinded_until ON comments (blinded_until)
        WHERE blinded_until IS NOT NULL;
    CREATE INDEX comments_queue ON comments (status, id);
    ALTER TABLE reports ADD COLUMN cleared_at TEXT;
    CREATE INDEX reports_by_age ON reports (created_at);
    CREATE TABLE api_keys (
        name TEXT PRIMARY KEY,
        key_hash TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL CHECK (role IN ('moderator', 'admin')),
        created_at TEXT NOT NULL,
        revoked_at TEXT
    );
    CREATE TABLE audit_log (
        id TEXT PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        action TEXT NOT NULL,
        comment_id TEXT,
        article_id TEXT,
        from_status TEXT,
        to_status TEXT,
        reason TEXT,
        detail TEXT
    );
    CREATE INDEX audit_by_comment ON audit_log (comment_id, id);
    CREATE INDEX audit_by_actor ON audit_log (actor, id);
    CREATE INDEX audit_by_article ON audit_log (article_id, id);
    """,
    # 3: retention finds what to purge without scanning every rejected, withdrawn or
    # redacted comment (the job's queries repeat these WHERE clauses word for word).
    """
    CREATE INDEX comments_purgeable ON comments (updated_at)
        WHERE purged_at IS NULL AND status IN ('rejected', 'withdrawn');
    CREATE INDEX comments_redacted ON comments (updated_at)
        WHERE redacted_original IS NOT NULL;
    """,
)

LATEST = len(MIGRATIONS)


def schema_version(connection: sqlite3.Connection) -> int:
    version: int = connection.execute("PRAGMA user_version").fetchone()[0]
    return version


def migrate(connection: sqlite3.Connection) -> int:
    """Apply every pending migration, each in its own transaction; return the version."""
    version = schema_version(connection)
    if version > LATEST:
        raise RuntimeError(
            f"the database is at schema version {version}, newer than this release ({LATEST})"
        )
    for number in range(version, LATEST):
        # executescript commits first, so the transaction lives inside the script.
        # user_version cannot be a bound parameter; `number` is our own integer.
        script = (
            f"BEGIN IMMEDIATE;\n{MIGRATIONS[number]}\nPRAGMA user_version = {number + 1};\nCOMMIT;"
        )
        try:
            connection.executescript(script)
        except Exception:
            if connection.in_transaction:
                connection.rollback()
            raise
    return LATEST
