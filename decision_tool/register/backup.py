"""Backups that restore: `decision-tool register backup FILE` and `decision-tool register restore FILE`.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies the database in one read
transaction, so a backup taken while the app is saving is a consistent snapshot; the copy is written
beside FILE and renamed into place only once it is whole and checked. PostgreSQL: ``pg_dump
--format=custom`` (one snapshot) and ``pg_restore --single-transaction``, so a restore that stops
leaves the database as empty as it was. The password never goes on a command line (where ``ps`` shows
it): the tools read it from a ``.pgpass`` file made for the run, readable only by its owner.

A restore goes only into an empty database, checks that FILE is a register backup before it writes
anything, then checks the restored version stamp as ``db upgrade`` does. Both are audited: the backup in
the register it copies (before the copy, so the backup holds its own row), the restore in the register
it makes. The reference key is never in a backup: it is kept apart (docs/register.md says why).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, select, text
from sqlalchemy.engine import URL

from ..errors import UserError
from . import policy
from .audit import record_event
from .auth import Actor
from .db import REGISTER_TABLES, _check_url, _state, check_stamp, make_engine, session_factory
from .faults import UNREACHABLE, RegisterUnavailable
from .models import RegisterMeta, utc_now
from .service import KEY_CHECK, Clock, _head_revision, key_check_value

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
AFTER_RESTORE = (
    "The restore was complete, so the register now holds the backup's rows; nothing else was changed."
)


class BackupError(UserError):
    title = "No backup was made"


class RestoreError(UserError):
    title = "Nothing was restored"


@dataclass(frozen=True, slots=True)
class BackupDone:
    path: Path
    version: str | None
    size: int


@dataclass(frozen=True, slots=True)
class RestoreDone:
    version: str | None
    head: str
    key_matches: bool | None  # None: no key given, or the backup's register had never started
    sign_ins_ended: int  # sign-ins kept in the backup, ended by the restore: everyone signs in again


# ---------------------------------------------------------------- backup


def backup(url: str, dest: Path, actor: Actor, *, now: Clock = utc_now) -> BackupDone:
    """Copy the register at ``url`` into a new file ``dest``; audit it in the register first."""
    policy.require(actor, "backup_register")
    parsed = _check_url(url)
    if dest.exists():
        raise BackupError(
            f"{dest} exists already, and a backup never overwrites one: give a new file name "
            "(e.g. with today's date), or move the old file away first"
        )
    if not dest.parent.is_dir():
        raise BackupError(f"there is no folder {dest.parent} to write {dest.name} in: make it first")
    if parsed.get_backend_name() == "sqlite":
        _sqlite_file(parsed, must_exist=True)
    version, tables = _state(url)
    if not tables:
        raise BackupError(
            f"the database at {_shown(parsed)} has no register tables, so there is nothing to back up: "
            "check DECISION_TOOL_DATABASE_URL (or --database-url)"
        )
    _audit(url, actor, "backup", f"to {dest.name}", now)
    fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)  # mode 0600
    os.close(fd)
    part = Path(name)
    try:
        if parsed.get_backend_name() == "sqlite":
            _sqlite_backup(parsed, part)
        else:
            _pg_backup(parsed, part)
        os.replace(part, dest)
    except BaseException as exc:
        part.unlink(missing_ok=True)
        if isinstance(exc, Exception):
            reason = exc.problems[0].message if isinstance(exc, UserError) else type(exc).__name__
            with contextlib.suppress(Exception):
                _audit(url, actor, "backup_failed", f"to {dest.name}: {reason}", now)
        raise
    return BackupDone(dest, version, dest.stat().st_size)


def _sqlite_backup(parsed: URL, part: Path) -> None:
    source = _sqlite_connect(_sqlite_file(parsed, must_exist=True), "rw")
    target = sqlite3.connect(part)
    try:
        source.backup(target)  # all pages in one step: one read transaction, one consistent snapshot
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
        (result,) = target.execute("PRAGMA quick_check").fetchone()
        if result != "ok":  # pragma: no cover - a fresh copy of a sound database checks out
            raise BackupError(f"the copy did not check out ({result}): nothing was kept")
    except sqlite3.Error as exc:
        raise BackupError(f"SQLite could not copy the register ({exc}): nothing was kept") from None
    finally:
        target.close()
        source.close()


def _pg_backup(parsed: URL, part: Path) -> None:
    _run(
        parsed,
        "pg_dump",
        ["--format=custom", "--no-password", f"--file={part}"],
        BackupError,
        "pg_dump could not copy the register",
    )


# ---------------------------------------------------------------- restore


def restore(
    url: str,
    src: Path,
    actor: Actor,
    *,
    reference_key: bytes | None = None,
    now: Clock = utc_now,
) -> RestoreDone:
    """Restore the backup ``src`` into the EMPTY database at ``url``; check its stamp; audit it there."""
    policy.require(actor, "restore_register")
    parsed = _check_url(url)
    kind = _backup_kind(src)
    backend = parsed.get_backend_name()
    if kind != backend:
        made = "a SQLite database file" if kind == "sqlite" else "a PostgreSQL (pg_dump) archive"
        raise RestoreError(
            f"{src} is {made}, but {_shown(parsed)} is a {'SQLite' if backend == 'sqlite' else 'PostgreSQL'} "
            "database: restore a backup into the same kind of database it was taken from"
        )
    _refuse_unless_empty(parsed)
    if backend == "sqlite":
        _sqlite_restore(src, parsed)
    else:
        _pg_restore(src, parsed)
    version, tables = _state(url)
    check_stamp(version, tables, AFTER_RESTORE)
    ended = _end_sign_ins(url)
    _audit(url, actor, "restore", f"from {src.name} (version {version})", now)
    return RestoreDone(version, _head_revision(), _key_matches(url, reference_key), ended)


def _end_sign_ins(url: str) -> int:
    """A restored register starts with nobody signed in: a browser still holding a sign-in from the time
    of the backup must sign in again (and meet today's account, its password and role)."""
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            if not inspect(conn).has_table("sign_in_sessions"):  # a backup from before sign-ins were kept
                return 0
            return int(conn.execute(text("DELETE FROM sign_in_sessions")).rowcount or 0)
    finally:
        engine.dispose()


def _backup_kind(src: Path) -> str:
    try:
        with src.open("rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        raise RestoreError(f"there is no file {src}: check the name and folder") from None
    except IsADirectoryError:
        raise RestoreError(f"{src} is a folder: name the backup file itself") from None
    except OSError as exc:
        raise RestoreError(f"cannot read {src} ({exc.strerror})") from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise RestoreError(
        f"{src} is not a register backup (neither a SQLite database nor a pg_dump archive): name a file "
        "that `decision-tool register backup` made"
    )


def _refuse_unless_empty(parsed: URL) -> None:
    found = _sqlite_contents(parsed) if parsed.get_backend_name() == "sqlite" else _pg_contents(parsed)
    if found:
        shown = ", ".join(sorted(found)[:6]) + (" ..." if len(found) > 6 else "")
        raise RestoreError(
            f"the database at {_shown(parsed)} is not empty (it has {shown}), and a restore goes only "
            "into an empty database, so nothing was changed. Make a new one (SQLite: a file name that "
            "does not exist yet; PostgreSQL: `createdb --owner USER NEW_NAME`), restore into it with "
            "--database-url, check it, then point DECISION_TOOL_DATABASE_URL at it"
        )


def _sqlite_contents(parsed: URL) -> set[str]:
    path = _sqlite_file(parsed, must_exist=False)
    if not path.exists() or path.stat().st_size == 0:
        return set()
    try:
        conn = _sqlite_connect(path, "ro")
        try:
            return {name for (name,) in conn.execute("SELECT name FROM sqlite_master")}
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return {"data that is not a SQLite database"}


def _pg_contents(parsed: URL) -> set[str]:
    engine = make_engine(parsed.render_as_string(hide_password=False))
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema') "
                    "AND n.nspname NOT LIKE 'pg_toast%' AND n.nspname NOT LIKE 'pg_temp%' "
                    "AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f') "
                    "UNION SELECT p.proname || '()' FROM pg_proc p JOIN pg_namespace n "
                    "ON n.oid = p.pronamespace WHERE n.nspname = 'public'"
                )
            )
            return {name for (name,) in rows}
    except UNREACHABLE as exc:
        raise RegisterUnavailable() from exc
    finally:
        engine.dispose()


def _sqlite_size_problem(src: Path) -> str | None:
    """A copy cut short: SQLite's header says how many pages the file has (and how big they are)."""
    with src.open("rb") as f:
        header = f.read(100)
    if len(header) < 100:
        return "the file is shorter than a SQLite header"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]  # the page count is kept up to date by this SQLite
    size = src.stat().st_size
    if valid and pages and size != pages * page_size:
        return f"the file has {size:,} bytes, but its header says {pages * page_size:,}"
    return None


def _sqlite_restore(src: Path, parsed: URL) -> None:
    cut = _sqlite_size_problem(src)
    if cut:
        raise RestoreError(
            f"{src} is damaged or cut short ({cut}): nothing was restored. Use another backup, and check "
            "the disk or copy that made this one"
        )
    try:
        source = _sqlite_connect(src, "ro")
    except sqlite3.Error as exc:
        raise RestoreError(f"{src} cannot be opened as a SQLite database ({exc})") from None
    try:
        try:
            (result,) = source.execute("PRAGMA integrity_check(1)").fetchone()
            tables = {name for (name,) in source.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as exc:
            result, tables = str(exc), set()
        if result != "ok":
            result = " ".join(str(result).replace("*** in database main ***", "").split())
            raise RestoreError(
                f"{src} is damaged or cut short (SQLite says: {result}): nothing was restored. Use "
                "another backup, and check the disk or copy that made this one"
            )
        missing = (REGISTER_TABLES | {"alembic_version"}) - tables
        if missing:
            raise RestoreError(
                f"{src} is a SQLite database but not a register backup (it has no {', '.join(sorted(missing))})"
            )
        path = _sqlite_file(parsed, must_exist=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        target = sqlite3.connect(path)
        try:
            source.backup(target)  # one write transaction on the target: all of it or none
        finally:
            target.close()
    finally:
        source.close()


def _pg_restore(src: Path, parsed: URL) -> None:
    listing = _tool("pg_restore", RestoreError)
    done = subprocess.run([listing, "--list", str(src)], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RestoreError(
            f"{src} is damaged or cut short (pg_restore says: {_last_line(done.stderr)}): nothing was "
            "restored. Use another backup, and check the disk or copy that made this one"
        )
    missing = {t for t in REGISTER_TABLES | {"alembic_version"} if f" TABLE public {t} " not in done.stdout}
    if missing:
        raise RestoreError(
            f"{src} is a pg_dump archive but not a register backup (it has no {', '.join(sorted(missing))})"
        )
    _run(
        parsed,
        "pg_restore",
        [
            "--single-transaction",
            "--exit-on-error",
            "--no-owner",
            "--no-privileges",
            "--no-password",
            str(src),
        ],
        RestoreError,
        f"the restore of {src} stopped and was undone, so the database is still empty. {src} is probably "
        "damaged or cut short: use another backup",
    )


def _key_matches(url: str, reference_key: bytes | None) -> bool | None:
    if reference_key is None:
        return None
    engine = make_engine(url)
    try:
        with session_factory(engine)() as s:
            kept = s.scalar(select(RegisterMeta.value).where(RegisterMeta.name == KEY_CHECK))
    finally:
        engine.dispose()
    return None if kept is None else kept == key_check_value(reference_key)


# ---------------------------------------------------------------- plumbing


def _audit(url: str, actor: Actor, action: str, detail: str, now: Clock) -> None:
    engine = make_engine(url)
    try:
        with session_factory(engine)() as s:
            record_event(s, actor.user_id, actor.username, action, at=now(), detail=detail)
            s.commit()
    finally:
        engine.dispose()


def _shown(parsed: URL) -> str:
    return parsed.render_as_string(hide_password=True)


def _sqlite_file(parsed: URL, *, must_exist: bool) -> Path:
    if not parsed.database or parsed.database == ":memory:":
        raise UserError("an in-memory SQLite database cannot be backed up or restored: name a file")
    path = Path(parsed.database)
    if must_exist and not path.is_file():
        raise BackupError(f"there is no register database file {path}: check DECISION_TOOL_DATABASE_URL")
    return path


def _sqlite_connect(path: Path, mode: str) -> sqlite3.Connection:
    """Open an existing file without creating one (``mode`` ro or rw)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True)


def _tool(name: str, error: type[UserError]) -> str:
    """pg_dump / pg_restore: the newest Debian install (a newer one reads older servers), else on PATH."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    path = found[-1] if found else shutil.which(name)
    if not path:
        raise error(
            f"{name} is not installed here: install PostgreSQL's client tools (apt-get install postgresql-client)"
        )
    return path


def _conninfo(parsed: URL) -> str:
    """A libpq connection string without the password (that goes in a .pgpass file)."""

    def quoted(value: object) -> str:
        return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"

    parts = {"host": parsed.host, "port": parsed.port, "user": parsed.username, "dbname": parsed.database}
    for key, value in parsed.query.items():  # e.g. sslmode=require: libpq's own keywords
        parts[key] = value if isinstance(value, str) else value[-1]
    return " ".join(f"{key}={quoted(value)}" for key, value in parts.items() if value not in (None, ""))


@contextlib.contextmanager
def _password_file(parsed: URL) -> Iterator[dict[str, str]]:
    env = dict(os.environ)
    if not parsed.password:
        yield env
        return
    with tempfile.TemporaryDirectory(prefix="decision_tool_pg_") as folder:  # mode 0700
        pgpass = Path(folder) / ".pgpass"
        secret = str(parsed.password).replace("\\", "\\\\").replace(":", "\\:")
        pgpass.touch(mode=0o600)
        pgpass.write_text(f"*:*:*:*:{secret}\n", encoding="utf-8")
        env["PGPASSFILE"] = str(pgpass)
        env.pop("PGPASSWORD", None)
        yield env


def _run(
    parsed: URL,
    name: str,
    options: list[str],
    error: type[UserError],
    what: str,
) -> None:
    program = _tool(name, error)
    target = [f"--dbname={_conninfo(parsed)}"]
    with _password_file(parsed) as env:
        done = subprocess.run(
            [program, *options, *target],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
    if done.returncode != 0:
        raise error(f"{what} ({name} says: {_last_line(done.stderr)})")


def _last_line(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return lines[-1][:300] if lines else "no reason given"
