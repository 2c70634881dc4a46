"""Backups that restore, on a SQLite file and on a real PostgreSQL server, through the operator's commands.

A register full of fictional demo cases, panel data, saved screenings (one corrected) and audit rows is
backed up, restored into an empty database, and compared row for row in every table the database has
(so a table added later cannot be missed). A restore into a database that is not empty, and a damaged
backup, are refused with a message and change nothing.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, text

from decision_tool.cli import main
from decision_tool.register import Register
from decision_tool.register import panel_models as _panel_tables  # noqa: F401 (the panel's tables in the metadata)
from decision_tool.register.auth import AccessDenied
from decision_tool.register.db import make_engine
from decision_tool.register.demo import seed_demo
from decision_tool.register.models import Base
from decision_tool.register.service import _head_revision

from .conftest import KEY, _numbers, settings_for

REFERENCE = "UPN-4471"  # a fictional pupil number


@pytest.fixture()
def empty_url(people_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new, empty database of the same kind as ``people_url`` to restore into."""
    yield from new_database(people_url, request, tmp_path)


def new_database(like: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if like.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored' / 'register.db'}"
        return
    server = request.getfixturevalue("postgres")
    name = f"register_restore_{next(_numbers)}"
    server.execute(f"CREATE DATABASE {name}")
    try:
        yield server.url(name)
    finally:
        server.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture()
def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Any:
    """`decision-tool ...` at the terminal, with the register's key set; gives (exit code, out, err)."""
    monkeypatch.delenv("DECISION_TOOL_DATABASE_URL", raising=False)
    monkeypatch.setenv("DECISION_TOOL_REFERENCE_KEY", KEY.decode())

    def command(*argv: str) -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(""))
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return command


def fill(register: Register, actors: dict, make_record: Any, now: Any) -> tuple[str, str]:
    """Demo cases with panel data, a practitioner's case with a screening and its correction, a panel
    list, a sign-in kept for a reload, a screening in progress and a refusal (audit rows); returns the
    practitioner's case code and the sign-in's id (as a browser holds it)."""
    register.check_key()
    seed_demo(register._sessions, cases=12, screenings_per_case=2, seed=5, now=now, reference_key=KEY)
    pat = actors["pat.a"]
    case = register.find_or_create_case(pat, REFERENCE, "england")
    first = register.save_screening(pat, case.code, make_record())
    register.save_screening(
        pat,
        case.code,
        make_record({"age": 15, "missing_overnight": "yes"}),
        corrects_id=first.id,
        correction_reason="the age was typed wrong (fictional)",
    )
    register.list_cases(actors["panel.p"])
    token = register.start_session(actors["panel.p"])  # a sign-in kept for a reload
    assert register.resume_session(token) is not None
    register.keep_draft(actors["pat.a"], "D" * 22, b'{"answers": {}}')  # a screening in progress, sealed
    with pytest.raises(AccessDenied):
        register.export_audit(pat)
    return case.code, token


def every_row(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table the database holds, in a fixed order."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return {
                name: sorted((tuple(row) for row in conn.execute(text(f'SELECT * FROM "{name}"'))), key=repr)
                for name in inspect(conn).get_table_names()
            }
    finally:
        engine.dispose()


def table_names(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_a_backup_restores_every_row_of_every_table(
    people_url, empty_url, register, actors, make_record, clock, run, tmp_path
):
    code, sign_in = fill(register, actors, make_record, clock())
    backup_file = tmp_path / "register-2026-03-02.backup"

    status, out, err = run("register", "backup", str(backup_file), "--database-url", people_url)
    assert status == 0, err
    assert f"to {backup_file}" in out and "reference key is not in it" in out
    before = every_row(people_url)
    # Every table the app defines is there, and holds rows, so the comparison below means something.
    assert set(Base.metadata.tables) <= set(before)
    assert all(before[name] for name in Base.metadata.tables), {
        n: len(before[n]) for n in Base.metadata.tables
    }

    status, out, err = run("register", "restore", str(backup_file), "--database-url", empty_url)
    assert status == 0, err
    assert f"OK: restored {backup_file}" in out and "db upgrade" not in out
    after = every_row(empty_url)

    assert set(after) == set(before)
    for name in before:
        if name not in ("audit_events", "sign_in_sessions"):
            assert after[name] == before[name], name
    # Nobody is signed in to a restored register: a browser holding a sign-in from then signs in again.
    assert after["sign_in_sessions"] == []
    assert f"Ended {len(before['sign_in_sessions'])} sign-in(s) kept in the backup" in out
    # The audit trail: the backup's own row travelled with it; the restore added one row, at the end.
    backup_rows = [row for row in before["audit_events"] if row[4] == "backup"]
    assert len(backup_rows) == 1 and backup_rows[0][5:] == (None, f"to {backup_file.name}")
    assert backup_rows[0][3].startswith("terminal:")
    added = [row for row in after["audit_events"] if row not in before["audit_events"]]
    assert len(after["audit_events"]) == len(before["audit_events"]) + 1
    assert [(r[3].startswith("terminal:"), r[4], r[6]) for r in added] == [
        (True, "restore", f"from {backup_file.name} (version {_head_revision()})")
    ]
    assert added[0][0] > max(row[0] for row in before["audit_events"])

    # The restored register starts with the same key, finds the child's case by the same reference,
    # carries on numbering (a new screening saves), and keeps its audit trail append-only.
    restored = Register.open(settings_for(empty_url), clock)
    try:
        assert restored.find_case(actors["pat.a"], REFERENCE).code == code  # type: ignore[union-attr]
        restored.save_screening(actors["pat.a"], code, make_record())
        assert restored.resume_session(sign_in) is None  # signed in before the backup: signs in again
        assert len(restored.get_case(actors["pat.a"], code).screenings) == 3
    finally:
        restored.close()
    engine = make_engine(empty_url)
    try:
        with pytest.raises(Exception, match="append-only"), engine.begin() as conn:
            conn.execute(text("UPDATE audit_events SET detail = 'changed'"))
    finally:
        engine.dispose()


def test_a_restore_into_a_database_that_is_not_empty_is_refused_and_changes_nothing(
    people_url, register, actors, make_record, clock, run, tmp_path
):
    fill(register, actors, make_record, clock())
    backup_file = tmp_path / "register.backup"
    assert run("register", "backup", str(backup_file), "--database-url", people_url)[0] == 0
    before = every_row(people_url)

    status, out, err = run("register", "restore", str(backup_file), "--database-url", people_url)
    assert status == 1 and not out
    assert "Nothing was restored" in err and "is not empty" in err and "nothing was changed" in err
    assert "createdb" in err and "--database-url" in err  # what to do instead
    assert "Traceback" not in err
    assert every_row(people_url) == before

    # Nor does a second backup overwrite the first.
    first = backup_file.read_bytes()
    status, _, err = run("register", "backup", str(backup_file), "--database-url", people_url)
    assert status == 1 and "exists already" in err and backup_file.read_bytes() == first


@pytest.mark.parametrize("damage", ["cut in half", "end missing", "overwritten"])
def test_a_damaged_backup_is_refused_with_a_message_and_restores_nothing(
    people_url, empty_url, run, tmp_path, damage
):
    good = tmp_path / "good.backup"
    assert run("register", "backup", str(good), "--database-url", people_url)[0] == 0
    data = good.read_bytes()
    bad = tmp_path / "bad.backup"
    if damage == "cut in half":
        bad.write_bytes(data[: len(data) // 2])
    elif damage == "end missing":  # a copy that stopped just before the end
        bad.write_bytes(data[:-300])
    else:  # the file's own header stays, everything after it is noise
        bad.write_bytes(data[:16] + bytes((i * 37 + 11) % 256 for i in range(len(data) - 16)))

    status, out, err = run("register", "restore", str(bad), "--database-url", empty_url)
    assert status == 1 and not out
    assert "Nothing was restored" in err and "damaged or cut short" in err and "another backup" in err
    assert "Traceback" not in err
    assert table_names(empty_url) == set()
    # The good backup still restores into the database the bad one left alone.
    assert run("register", "restore", str(good), "--database-url", empty_url)[0] == 0


def test_a_file_that_is_no_register_backup_is_refused(people_url, empty_url, run, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("not a backup (fictional)\n", encoding="utf-8")
    status, _, err = run("register", "restore", str(notes), "--database-url", empty_url)
    assert status == 1 and "is not a register backup" in err
    status, _, err = run("register", "restore", str(tmp_path / "missing.backup"), "--database-url", empty_url)
    assert status == 1 and "there is no file" in err
    assert table_names(empty_url) == set()


def test_the_postgresql_password_never_goes_on_a_command_line(request, run, tmp_path, monkeypatch):
    import subprocess

    server = request.getfixturevalue("postgres")
    request.getfixturevalue("_postgres_templates")
    name = f"register_password_{next(_numbers)}"
    server.execute(f"CREATE DATABASE {name} TEMPLATE register_people")
    password = "fictional:pass\\word'1"
    url = server.url(name).replace("postgres@", "postgres:fictional%3Apass%5Cword%271@")
    seen: list[tuple[list[str], str]] = []
    real_run = subprocess.run

    def spy(argv: list[str], **kwargs: Any) -> Any:
        passfile = kwargs.get("env", {}).get("PGPASSFILE", "")
        seen.append((argv, Path(passfile).read_text(encoding="utf-8") if passfile else ""))
        return real_run(argv, **kwargs)

    monkeypatch.setattr(subprocess, "run", spy)
    try:
        status, _, err = run("register", "backup", str(tmp_path / "pg.backup"), "--database-url", url)
        assert status == 0, err
    finally:
        server.execute(f"DROP DATABASE {name} WITH (FORCE)")
    dump = [(argv, passfile) for argv, passfile in seen if Path(argv[0]).name == "pg_dump"]
    assert len(dump) == 1
    argv, passfile = dump[0]
    assert not any("fictional" in arg for arg in argv)
    assert passfile == "*:*:*:*:fictional\\:pass\\\\word'1\n"  # .pgpass escapes : and \
    assert password not in " ".join(argv)


def test_a_restore_says_what_to_do_next(blank_url, request, tmp_path, run, monkeypatch):
    from decision_tool.register.db import upgrade

    upgrade(blank_url, "0004_one_username")  # a backup taken before an upgrade
    backup_file = tmp_path / "before-upgrade.backup"
    assert run("register", "backup", str(backup_file), "--database-url", blank_url)[0] == 0
    target = new_database(blank_url, request, tmp_path)
    url = next(target)
    try:
        status, out, err = run("register", "restore", str(backup_file), "--database-url", url)
        assert status == 0, err
        assert "(version 0004_one_username)" in out
        assert f"Next: run `decision-tool db upgrade`: this release needs version {_head_revision()}" in out
        # The restored register was started with another key: restoring says so (the app would refuse).
        upgrade(url)
        Register.open(settings_for(url)).close()
        again = tmp_path / "after-upgrade.backup"
        assert run("register", "backup", str(again), "--database-url", url)[0] == 0
    finally:
        next(target, None)
    monkeypatch.setenv("DECISION_TOOL_REFERENCE_KEY", "another fictional key, " * 3)
    target = new_database(blank_url, request, tmp_path / "second")
    url = next(target)
    try:
        status, out, err = run("register", "restore", str(again), "--database-url", url)
        assert status == 1 and "OK: restored" in out
        assert "not the one this register was started with" in err and "Traceback" not in err
    finally:
        next(target, None)
