"""The register's database out of reach (stopped, restarting, locked by another writer, read-only): one
plain message, and nothing half-done.

Every session the register opens is a ``RegisterSession``: when the database cannot be reached during
its work, the transaction is rolled back and ``RegisterUnavailable`` (a ``UserError``) is raised instead
of the driver's error, so pages and the CLI say so in plain words and keep what the user typed. The next
try opens a new session; the engine's pool checks a connection before handing it out (``pool_pre_ping``),
so the first try after the database is back works. A locked SQLite file is waited for (``busy_timeout``,
SQLite's own bounded retry) before it counts as out of reach.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from ..errors import UserError
from ..wording.messages import say

UNREACHABLE = (
    sa_exc.OperationalError,  # connection refused or lost, server shutting down, locked, read-only file
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,  # no connection free in the pool in time
)


class RegisterUnavailable(UserError):
    title = say("register.title.unavailable")

    def __init__(self) -> None:
        super().__init__(say("register.error.unavailable"))


def unreachable(error: BaseException) -> bool:
    return isinstance(error, UNREACHABLE)


class RegisterSession(Session):
    """A Session whose ``with`` block turns "the database is out of reach" into ``RegisterUnavailable``."""

    def __exit__(self, type_: Any, value: Any, traceback: Any) -> None:
        try:
            super().__exit__(type_, value, traceback)
        except UNREACHABLE as closing:  # closing a connection that is already gone
            if value is None:
                raise RegisterUnavailable() from closing
        if value is not None and unreachable(value):
            raise RegisterUnavailable() from value
