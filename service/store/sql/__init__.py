"""What the SQL stores share: the schema's migrations, every statement and the logic of
every transaction, written once for SQLite and PostgreSQL.

A transaction is a generator of :class:`~service.store.sql.steps.Query` steps (see
:mod:`service.store.sql.steps`); each store runs it on its own driver, SQLite's
synchronously on its writer thread, PostgreSQL's with ``await``. Statements use ``?``
placeholders and ``{fragment}`` names for the few places where the dialects differ
(:mod:`service.store.sql.dialect`). Nothing here loads a database driver.
"""
