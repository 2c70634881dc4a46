"""Engines, sessions and migrations for SQLite (one file, WAL) and PostgreSQL (``postgresql+psycopg://``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from ..wording.messages import listed, say
from .faults import RegisterSession
from .settings import RegisterConfigError

MIGRATIONS = "decision_tool.register:migrations"


def _check_url(url: str) -> Any:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise RegisterConfigError(say("register.db.not_an_address", url=url)) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise RegisterConfigError(say("register.db.not_supported", backend=parsed.get_backend_name()))
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() != "psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer (several app processes)
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def make_engine(url: str) -> Engine:
    parsed = _check_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(parsed, pool_pre_ping=True)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, class_=RegisterSession, expire_on_commit=False)


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", MIGRATIONS)
    # ConfigParser interpolation: a literal % in a password must be doubled.
    config.set_main_option("sqlalchemy.url", str(_check_url(url).render_as_string(False)).replace("%", "%%"))
    return config


REGISTER_TABLES = {"organisations", "users", "cases", "screenings", "audit_events", "register_meta"}


def known_revisions() -> list[str]:
    """The versions this release's migrations know, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def state(url: str) -> tuple[str | None, set[str]]:
    """The version the database is stamped with, and the register's tables it has."""
    from sqlalchemy import inspect

    from .faults import UNREACHABLE, RegisterUnavailable

    engine = make_engine(url)
    try:
        current = current_revision(url)
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names()) & REGISTER_TABLES
    except UNREACHABLE as exc:
        raise RegisterUnavailable() from exc
    finally:
        engine.dispose()
    return current, tables


def what_to_do() -> str:
    """What to do about a version stamp the migrations cannot start from (nothing was changed)."""
    return say("register.db.unchanged") + " " + say("register.db.what_to_do")


def check_stamp(current: str | None, tables: set[str], what_next: str | None = None) -> None:
    """Refuse a version stamp the migrations cannot start from: one this release does not know, or the
    register's tables with no stamp at all (``upgrade`` and ``restore`` both ask). ``what_next``: what
    to do then (default ``what_to_do()``)."""
    what_next = what_next or what_to_do()
    known = known_revisions()
    if current is not None and current not in known:
        raise RegisterConfigError(
            say("register.db.unknown_stamp", current=current, known=listed(known), what_to_do=what_next)
        )
    if current is None and tables:
        raise RegisterConfigError(say("register.db.no_stamp", what_to_do=what_next))


def upgrade(url: str, revision: str = "head") -> None:
    """Create or bring the register's tables up to date (Alembic migrations shipped in the package).

    Refuses, with what to do, a database whose state the migrations cannot safely start from: stamped
    with a version this release does not know, with the register's tables but no version stamp, or with
    tables newer than its stamp says (the upgrade then fails on a table that already exists)."""
    from alembic import command
    from sqlalchemy.exc import DBAPIError

    current, tables = state(url)
    check_stamp(current, tables)
    try:
        command.upgrade(alembic_config(url), revision)
    except DBAPIError as exc:
        from .faults import RegisterUnavailable, unreachable

        if unreachable(exc) and "already exists" not in str(exc):
            raise RegisterUnavailable() from exc
        raise RegisterConfigError(
            say("register.db.upgrade_stopped", current=current, what_to_do=say("register.db.what_to_do"))
        ) from None


def stamp(url: str, revision: str) -> None:
    """Mark the database as being at ``revision`` without running any migration (repairs only)."""
    from alembic import command

    known = known_revisions()
    if revision not in known:
        raise RegisterConfigError(say("register.db.no_version", revision=revision, known=listed(known)))
    state(url)  # reachable?
    command.stamp(alembic_config(url), revision, purge=True)


def current_revision(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()
