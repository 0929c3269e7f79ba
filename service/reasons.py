"""Errors as one line for an operator."""

from __future__ import annotations


def reason(exc: Exception) -> str:
    """``strerror`` without Python's ``[Errno n]``, and which file it is about."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{exc.filename}: {exc.strerror}" if exc.filename else exc.strerror
    return str(exc)
