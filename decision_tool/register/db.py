"""Engines, sessions and migrations for SQLite (one file, WAL) and PostgreSQL (``postgresql+psycopg://``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from .faults import RegisterSession
from .settings import RegisterConfigError

MIGRATIONS = "decision_tool.register:migrations"


def _check_url(url: str) -> Any:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise RegisterConfigError(
            f"DECISION_TOOL_DATABASE_URL is not a database address: '{url}'. Use sqlite:///path/to/register.db "
            "or postgresql+psycopg://user@host/dbname"
        ) from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise RegisterConfigError(
            f"the register runs on SQLite or PostgreSQL, not '{parsed.get_backend_name()}'"
        )
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
WHAT_TO_DO = (
    "Nothing was changed by this check. Restore the database from your last backup; or, only if you "
    "know which version its tables are at, mark it with `decision-tool db stamp VERSION` (with care: a "
    "wrong mark can damage the register) and run `decision-tool db upgrade` again."
)


def known_revisions() -> list[str]:
    """The versions this release's migrations know, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [r.revision for r in reversed(list(script.walk_revisions()))]


def _state(url: str) -> tuple[str | None, set[str]]:
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


def check_stamp(current: str | None, tables: set[str], what_to_do: str = WHAT_TO_DO) -> None:
    """Refuse a version stamp the migrations cannot start from: one this release does not know, or the
    register's tables with no stamp at all (``upgrade`` and ``restore`` both ask)."""
    known = known_revisions()
    if current is not None and current not in known:
        raise RegisterConfigError(
            f"the register database is stamped with version '{current}', which this release of the tool "
            f"does not know (it knows {', '.join(known)}): it was made by a newer release, or its version "
            f"table was changed by hand. Use the release that made it. {what_to_do}"
        )
    if current is None and tables:
        raise RegisterConfigError(
            "the register database has the register's tables but no version stamp (its alembic_version "
            f"table is missing or empty), so it is not known which migrations it has had. {what_to_do}"
        )


def upgrade(url: str, revision: str = "head") -> None:
    """Create or bring the register's tables up to date (Alembic migrations shipped in the package).

    Refuses, with what to do, a database whose state the migrations cannot safely start from: stamped
    with a version this release does not know, with the register's tables but no version stamp, or with
    tables newer than its stamp says (the upgrade then fails on a table that already exists)."""
    from alembic import command
    from sqlalchemy.exc import DBAPIError

    current, tables = _state(url)
    check_stamp(current, tables)
    try:
        command.upgrade(alembic_config(url), revision)
    except DBAPIError as exc:
        from .faults import RegisterUnavailable, unreachable

        if unreachable(exc) and "already exists" not in str(exc):
            raise RegisterUnavailable() from exc
        raise RegisterConfigError(
            f"the upgrade from version {current} stopped: the database already has tables or columns that "
            f"a later version makes, so its stamp ({current}) is older than its tables. "
            + WHAT_TO_DO.replace("Nothing was changed by this check. ", "")
        ) from None


def stamp(url: str, revision: str) -> None:
    """Mark the database as being at ``revision`` without running any migration (repairs only)."""
    from alembic import command

    known = known_revisions()
    if revision not in known:
        raise RegisterConfigError(f"there is no version '{revision}': the versions are {', '.join(known)}")
    _state(url)  # reachable?
    command.stamp(alembic_config(url), revision, purge=True)


def current_revision(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()
