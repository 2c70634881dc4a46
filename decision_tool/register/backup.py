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
from ..wording.messages import listed, say
from . import policy
from .audit import record_event
from .auth import Actor
from .db import REGISTER_TABLES, _check_url, check_stamp, make_engine, session_factory, state
from .faults import UNREACHABLE, RegisterUnavailable
from .models import RegisterMeta, utc_now
from .service import KEY_CHECK, Clock, _head_revision, key_check_value

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"


class BackupError(UserError):
    title = say("register.title.backup")


class RestoreError(UserError):
    title = say("register.title.restore")


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
        raise BackupError(say("register.backup.exists", file=dest))
    if not dest.parent.is_dir():
        raise BackupError(say("register.backup.no_folder", folder=dest.parent, file=dest.name))
    if parsed.get_backend_name() == "sqlite":
        _sqlite_file(parsed, must_exist=True)
    version, tables = state(url)
    if not tables:
        raise BackupError(say("register.backup.no_tables", database=_shown(parsed)))
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
            raise BackupError(say("register.backup.check_failed", result=result))
    except sqlite3.Error as exc:
        raise BackupError(say("register.backup.sqlite_failed", reason=exc)) from None
    finally:
        target.close()
        source.close()


def _pg_backup(parsed: URL, part: Path) -> None:
    _run(
        parsed,
        "pg_dump",
        ["--format=custom", "--no-password", f"--file={part}"],
        BackupError,
        say("register.backup.pg_dump_failed"),
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
        raise RestoreError(
            say(
                "register.restore.other_kind",
                file=src,
                made=say(f"register.restore.made.{kind}"),
                database=_shown(parsed),
                kind=say(f"register.restore.kind.{backend}"),
            )
        )
    _refuse_unless_empty(parsed)
    if backend == "sqlite":
        _sqlite_restore(src, parsed)
    else:
        _pg_restore(src, parsed)
    version, tables = state(url)
    check_stamp(version, tables, say("register.restore.after"))
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
        raise RestoreError(say("register.restore.no_file", file=src)) from None
    except IsADirectoryError:
        raise RestoreError(say("register.restore.a_folder", file=src)) from None
    except OSError as exc:
        raise RestoreError(say("register.restore.unreadable", file=src, reason=exc.strerror)) from None
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise RestoreError(say("register.restore.not_a_backup", file=src))


def _refuse_unless_empty(parsed: URL) -> None:
    found = _sqlite_contents(parsed) if parsed.get_backend_name() == "sqlite" else _pg_contents(parsed)
    if found:
        shown = listed(sorted(found)[:6]) + (" ..." if len(found) > 6 else "")
        raise RestoreError(say("register.restore.not_empty", database=_shown(parsed), found=shown))


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
        return {say("register.restore.not_sqlite_data")}


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
        return say("register.restore.short_header")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    valid = header[24:28] == header[92:96]  # the page count is kept up to date by this SQLite
    size = src.stat().st_size
    if valid and pages and size != pages * page_size:
        return say("register.restore.size", size=f"{size:,}", expected=f"{pages * page_size:,}")
    return None


def _sqlite_restore(src: Path, parsed: URL) -> None:
    cut = _sqlite_size_problem(src)
    if cut:
        raise RestoreError(say("register.restore.damaged", file=src, reason=cut))
    try:
        source = _sqlite_connect(src, "ro")
    except sqlite3.Error as exc:
        raise RestoreError(say("register.restore.cannot_open", file=src, reason=exc)) from None
    try:
        try:
            (result,) = source.execute("PRAGMA integrity_check(1)").fetchone()
            tables = {name for (name,) in source.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        except sqlite3.DatabaseError as exc:
            result, tables = str(exc), set()
        if result != "ok":
            result = " ".join(str(result).replace("*** in database main ***", "").split())
            raise RestoreError(
                say(
                    "register.restore.damaged",
                    file=src,
                    reason=say("register.restore.says", tool="SQLite", said=result),
                )
            )
        missing = (REGISTER_TABLES | {"alembic_version"}) - tables
        if missing:
            raise RestoreError(
                say(
                    "register.restore.not_register",
                    file=src,
                    made=say("register.restore.archive.sqlite"),
                    missing=listed(sorted(missing)),
                )
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
        said = say("register.restore.says", tool="pg_restore", said=_last_line(done.stderr))
        raise RestoreError(say("register.restore.damaged", file=src, reason=said))
    missing = {t for t in REGISTER_TABLES | {"alembic_version"} if f" TABLE public {t} " not in done.stdout}
    if missing:
        raise RestoreError(
            say(
                "register.restore.not_register",
                file=src,
                made=say("register.restore.archive.postgresql"),
                missing=listed(sorted(missing)),
            )
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
        say("register.restore.undone", file=src),
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
        raise UserError(say("register.backup.in_memory"))
    path = Path(parsed.database)
    if must_exist and not path.is_file():
        raise BackupError(say("register.backup.no_database_file", file=path))
    return path


def _sqlite_connect(path: Path, mode: str) -> sqlite3.Connection:
    """Open an existing file without creating one (``mode`` ro or rw)."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode={mode}", uri=True)


def _tool(name: str, error: type[UserError]) -> str:
    """pg_dump / pg_restore: the newest Debian install (a newer one reads older servers), else on PATH."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    path = found[-1] if found else shutil.which(name)
    if not path:
        raise error(say("register.backup.not_installed", program=name))
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
        raise error(f"{what} ({say('register.restore.says', tool=name, said=_last_line(done.stderr))})")


def _last_line(stderr: str) -> str:
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    return lines[-1][:300] if lines else say("register.backup.no_reason")
