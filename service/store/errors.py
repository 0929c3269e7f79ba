"""What any store raises when it cannot do what was asked; the HTTP layer maps these
to problems, the command line to one line on stderr."""

from __future__ import annotations


class Overloaded(RuntimeError):
    """More writes are waiting than the store will queue; the caller should back off."""


class StoreUnavailable(RuntimeError):
    """The database cannot take writes now (disk full, read-only, I/O errors); nothing of
    the write was kept. Writes work again once the cause is gone."""


class KeyExists(ValueError):
    """An API key of that name exists already."""


class BackupError(RuntimeError):
    """The backup could not be taken; nothing was left at the target path."""


class DatabaseUnusable(RuntimeError):
    """The configured database cannot be opened, written or understood by this release."""
