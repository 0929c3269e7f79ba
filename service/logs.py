"""Structured logs: one JSON object per line on stderr, tagged with the request id.

The service exists to keep personal information out of public view, so its logs must
not become a copy of it. Nothing here logs request or response bodies, headers or raw
client addresses, and exception *messages* (which may quote input) are kept only for
exception types that never carry request data; the stack is always kept.
"""

from __future__ import annotations

import logging
import logging.config
import sqlite3
import time
import traceback
from contextvars import ContextVar
from typing import Any

import msgspec

# Set by the request middleware for the duration of a request; read by the formatter.
request_id: ContextVar[str | None] = ContextVar("moderato_request_id", default=None)

# Exceptions whose text describes the system (a path, a lock, a disk), never a request.
_MESSAGE_SAFE = (sqlite3.Error, OSError, TimeoutError)
# Attributes every LogRecord has; anything else on a record came from ``extra=``.
_STANDARD = frozenset(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "color_message",  # uvicorn's coloured duplicate of the message
}
# Third-party loggers whose DEBUG output echoes SQL parameters or connection details.
_QUIET = ("aiosqlite", "asyncpg", "asyncio", "httpx", "httpcore", "multipart")
_encode = msgspec.json.Encoder().encode


class JsonFormatter(logging.Formatter):
    """``{"time", "level", "logger", "message", "request_id"?, ...extra, "exception"?}``."""

    def __init__(self) -> None:
        super().__init__()
        # Every request writes a line: the date-and-second part is made once a second.
        self._second = -1
        self._second_text = ""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self._time(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        if (current := request_id.get()) is not None:
            entry["request_id"] = current
        for key, value in vars(record).items():
            if key not in _STANDARD:
                entry[key] = value
        if record.exc_info and record.exc_info[1] is not None:
            entry["exception"] = describe_exception(record.exc_info[1])
        return _encode(entry).decode()

    def _time(self, created: float) -> str:
        second = int(created)
        if second != self._second:
            self._second_text = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))
            self._second = second
        return f"{self._second_text}.{int((created - second) * 1000):03d}Z"


def describe_exception(exc: BaseException) -> dict[str, Any]:
    """The exception's type and stack, and its message only where that is known safe."""
    described: dict[str, Any] = {
        "type": f"{type(exc).__module__}.{type(exc).__qualname__}",
        "stack": [
            f"{frame.filename}:{frame.lineno} in {frame.name}"
            for frame in traceback.extract_tb(exc.__traceback__)
        ],
    }
    if isinstance(exc, _MESSAGE_SAFE):
        described["message"] = str(exc)
    cause = exc.__cause__ or (None if exc.__suppress_context__ else exc.__context__)
    if cause is not None:
        described["cause"] = describe_exception(cause)
    return described


def configure_logging(level: str) -> None:
    """Send every logger (ours, uvicorn's, libraries') through the JSON formatter."""
    logging.config.dictConfig(
        {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"json": {"()": JsonFormatter}},
            "handlers": {
                "stderr": {
                    "class": "logging.StreamHandler",
                    "formatter": "json",
                    "stream": "ext://sys.stderr",
                }
            },
            "root": {"level": level.upper(), "handlers": ["stderr"]},
            "loggers": {
                # uvicorn configures its own handlers unless told otherwise; route them here.
                **{
                    name: {"level": level.upper(), "handlers": [], "propagate": True}
                    for name in ("uvicorn", "uvicorn.error")
                },
                # Its access log prints client addresses; the service writes its own.
                "uvicorn.access": {"handlers": [], "propagate": False},
                **{
                    name: {"level": "WARNING", "handlers": [], "propagate": True} for name in _QUIET
                },
            },
        }
    )
