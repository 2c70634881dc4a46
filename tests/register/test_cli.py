"""The operator's commands, run as `decision-tool ...` would run them, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from pypdf import PdfReader

from decision_tool.cli import build_parser, main
from decision_tool.register import Register, SignInError, policy
from decision_tool.register.auth import AccessDenied
from decision_tool.register.db import make_engine, session_factory
from decision_tool.register.service import _head_revision

from .conftest import KEY, PASSWORD, Clock, settings_for

NEW_PASSWORD = "three random words here"


@pytest.fixture()
def operator(register_url, monkeypatch):
    """The terminal: the register's settings in the environment; run(...) gives (exit code, out, err)."""
    monkeypatch.setenv("DECISION_TOOL_DATABASE_URL", register_url)
    monkeypatch.setenv("DECISION_TOOL_REFERENCE_KEY", KEY.decode())

    def run(*argv: str, stdin: str = "") -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return main(list(argv))

    return run


@pytest.fixture()
def service(register_url):
    engine = make_engine(register_url)
    yield Register(session_factory(engine), settings_for(register_url), Clock(dt.datetime.now(dt.UTC)))
    engine.dispose()


def test_first_admin_from_the_terminal_then_accounts(operator, service, capsys):
    assert operator("orgs", "add", "SCH-1", "Riverside Academy (fictional)", "--kind", "school") == 0
    assert (
        operator("users", "add", "admin1", "--role", "admin", "--password-stdin", stdin=PASSWORD + "\n") == 0
    )
    assert (
        operator(
            "users",
            "add",
            "pat",
            "--role",
            "practitioner",
            "--org",
            "SCH-1",
            "--password-stdin",
            stdin=PASSWORD,
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "OK: added admin1 (admin)" in out and "OK: added pat (practitioner in SCH-1)" in out
    assert PASSWORD not in out
    assert service.sign_in("admin1", PASSWORD).role == "admin"

    assert operator("users", "disable", "pat") == 0
    with pytest.raises(SignInError):
        service.sign_in("pat", PASSWORD)
    assert operator("users", "enable", "pat") == 0
    assert operator("users", "reset", "pat", "--password-stdin", stdin=NEW_PASSWORD) == 0
    assert service.sign_in("pat", NEW_PASSWORD).username == "pat"
    assert operator("users", "list") == 0
    listing = capsys.readouterr().out
    assert "pat " in listing and "practitioner" in listing and "SCH-1" in listing and "active" in listing


def test_a_practitioner_needs_an_organisation_that_exists(operator, capsys):
    assert operator("users", "add", "pat", "--role", "practitioner", "--password-stdin", stdin=PASSWORD) == 1
    assert "belongs to an organisation" in capsys.readouterr().err
    assert (
        operator(
            "users",
            "add",
            "pat",
            "--role",
            "practitioner",
            "--org",
            "NOPE",
            "--password-stdin",
            stdin=PASSWORD,
        )
        == 1
    )
    assert "there is no organisation 'NOPE'" in capsys.readouterr().err


def test_the_password_is_asked_twice_without_echo(operator, monkeypatch, capsys, service):
    prompts = []

    def fake_getpass(prompt: str) -> str:  # getpass reads from the terminal with echo off
        prompts.append(prompt)
        return PASSWORD

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    monkeypatch.setattr("sys.stdin", type("Tty", (io.StringIO,), {"isatty": lambda self: True})())
    assert main(["users", "add", "admin1", "--role", "admin"]) == 0
    assert prompts == ["New password (not shown): ", "Type it again: "]
    assert PASSWORD not in capsys.readouterr().out
    assert service.sign_in("admin1", PASSWORD).username == "admin1"


def test_no_terminal_and_no_password_stdin_is_refused(operator, capsys):
    assert operator("users", "add", "admin1", "--role", "admin") == 1
    assert "use --password-stdin" in capsys.readouterr().err


def test_without_settings_the_commands_say_how_to_turn_the_register_on(monkeypatch, capsys):
    monkeypatch.delenv("DECISION_TOOL_DATABASE_URL", raising=False)
    assert main(["users", "list"]) == 1
    assert main(["db", "upgrade"]) == 1
    assert capsys.readouterr().err.count("set DECISION_TOOL_DATABASE_URL") == 2


def test_a_missing_key_refuses_with_a_clear_message(operator, monkeypatch, capsys):
    monkeypatch.delenv("DECISION_TOOL_REFERENCE_KEY")
    assert operator("users", "list") == 1
    err = capsys.readouterr().err
    assert (
        "The register cannot start" in err and "DECISION_TOOL_REFERENCE_KEY" in err and "Traceback" not in err
    )


def test_db_upgrade_on_an_empty_sqlite_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("DECISION_TOOL_DATABASE_URL", f"sqlite:///{tmp_path}/sub/register.db")
    assert main(["db", "upgrade"]) == 0
    assert f"OK: register database at version {_head_revision()}" in capsys.readouterr().out
    assert (tmp_path / "sub" / "register.db").exists()


def test_purge_dry_run_lists_and_keeps_then_yes_deletes(operator, service, make_record, capsys):
    operator("orgs", "add", "SCH-1", "Fictional School", "--kind", "school")
    operator(
        "users", "add", "pat", "--role", "practitioner", "--org", "SCH-1", "--password-stdin", stdin=PASSWORD
    )
    pat = service.sign_in("pat", PASSWORD)
    service.clock.now -= dt.timedelta(days=3000)  # type: ignore[attr-defined]
    old = service.find_or_create_case(pat, "OLD-1", "england")
    service.save_screening(pat, old.code, make_record())
    service.clock.now += dt.timedelta(days=3000)  # type: ignore[attr-defined]
    service.find_or_create_case(pat, "NEW-1", "england")
    capsys.readouterr()

    assert operator("register", "purge", "--dry-run") == 0
    out = capsys.readouterr().out
    assert "1 case(s) with no activity" in out and old.code in out and "Dry run: nothing was deleted." in out
    assert len(service.list_cases(pat)) == 2
    assert operator("register", "purge") == 1  # no terminal to confirm on
    assert "add --yes" in capsys.readouterr().err
    assert len(service.list_cases(pat)) == 2
    assert operator("register", "purge", "--yes") == 0
    assert "Deleted 1 case(s)" in capsys.readouterr().out
    assert [c.code for c in service.list_cases(pat)] != [old.code] and len(service.list_cases(pat)) == 1


def test_seed_demo_gives_trainers_fictional_cases_to_find(operator, service, capsys):
    assert operator("register", "seed-demo", "--cases", "12", "--screenings-per-case", "2") == 0
    assert "12 fictional demo cases with 24 screenings" in capsys.readouterr().out
    operator(
        "users", "add", "trainer", "--role", "trainer", "--org", "DEMO-A", "--password-stdin", stdin=PASSWORD
    )
    trainer = service.sign_in("trainer", PASSWORD)
    cases = service.list_cases(trainer, status=None)
    assert len(cases) == 12 and all(c.demo and c.screenings == 2 for c in cases)
    found = service.find_case(trainer, "DEMO-00001")
    assert found is not None and found.organisation_code == "DEMO-A"
    detail = service.get_case(trainer, found.code)
    assert all(s.record().assessment.rules_version.id in ("dsl", "pharmacy") for s in detail.screenings)


def demo_accounts(out: str) -> dict[str, tuple[str, str]]:
    """username -> (password, role) as seed-demo --accounts printed them."""
    found = re.findall(r"^  (demo-\S+) +(\S+) +\((\w+)", out, flags=re.M)
    return {name: (password, role) for name, password, role in found}


def test_seed_demo_accounts_sign_in_and_reach_only_demo_cases(operator, service, make_record, capsys):
    assert operator("register", "seed-demo", "--cases", "6", "--screenings-per-case", "1", "--accounts") == 0
    out = capsys.readouterr().out
    accounts = demo_accounts(out)
    # One account per role, clearly marked as demo, each signing in with the password shown once.
    assert "DEMO ACCOUNTS" in out and set(accounts) == {f"demo-{r}" for r in policy.ROLES_IN_ORDER}
    actors = {}
    for name, (password, role) in accounts.items():
        actors[role] = service.sign_in(name, password)
        assert actors[role].role == role and role in name
    assert len({password for password, _ in accounts.values()}) == len(accounts)  # never shared
    lines = [line for line in out.splitlines() if line.startswith("  demo-")]
    assert len({line.index(accounts[line.split()[0]][0]) for line in lines}) == 1  # passwords in one column
    assert len(service.list_cases(actors["panel"], status=None)) == 6
    made = service.find_or_create_case(actors["practitioner"], "WORKSHOP-1", "england")
    assert made.demo  # what a demo account makes is a demo case too

    # A real case added to this register later still never reaches a demo account, whatever its role.
    operator("orgs", "add", "SCH-1", "Fictional School", "--kind", "school")
    operator(
        "users", "add", "pat", "--role", "practitioner", "--org", "SCH-1", "--password-stdin", stdin=PASSWORD
    )
    operator("users", "add", "panel1", "--role", "panel", "--password-stdin", stdin=PASSWORD)
    real = service.find_or_create_case(service.sign_in("pat", PASSWORD), "REAL-1", "england")
    assert not real.demo
    assert real.code in [c.code for c in service.list_cases(service.sign_in("panel1", PASSWORD), status=None)]
    assert real.code not in [c.code for c in service.list_cases(actors["panel"], status=None)]
    with pytest.raises(AccessDenied):
        service.get_case(actors["panel"], real.code)
    with pytest.raises(AccessDenied):
        service.export_case(actors["admin"], real.code)

    # And a register that holds a real case makes no demo accounts (nor demo cases on the way).
    before = len(service.list_cases(actors["panel"], status=None))
    assert operator("register", "seed-demo", "--cases", "3", "--accounts") == 1
    assert "holds real cases" in capsys.readouterr().err
    assert len(service.list_cases(actors["panel"], status=None)) == before
    assert service.sign_in("demo-panel", accounts["demo-panel"][0]).role == "panel"  # passwords unchanged


def test_case_export_and_audit_export(operator, service, make_record, tmp_path, capsys):
    operator("orgs", "add", "SCH-1", "Fictional School", "--kind", "school")
    operator(
        "users", "add", "pat", "--role", "practitioner", "--org", "SCH-1", "--password-stdin", stdin=PASSWORD
    )
    pat = service.sign_in("pat", PASSWORD)
    case = service.find_or_create_case(pat, "SAR-1", "england")
    service.save_screening(pat, case.code, make_record())
    assert operator("register", "export", case.code, "--out", str(tmp_path / "sar")) == 0
    data = json.loads((tmp_path / "sar" / f"{case.code}.json").read_text())
    assert data["case"]["code"] == case.code and len(data["screenings"]) == 1
    pdf = PdfReader(tmp_path / "sar" / f"{case.code}.pdf")
    assert case.code in pdf.pages[0].extract_text()
    assert operator("register", "export", "C-ZZZZZZ") == 1
    assert "no case C-ZZZZZZ" in capsys.readouterr().err

    assert operator("audit", "export", "--since", "2000-01-01") == 0
    csv_text = capsys.readouterr().out
    assert f"pat,save_screening,{case.code}" in csv_text
    assert "terminal:" in csv_text and ",export_case," in csv_text
    assert operator("audit", "export", "--format", "json", "--out", str(tmp_path / "audit.json")) == 0
    events = json.loads((tmp_path / "audit.json").read_text())
    assert {"signin", "create_case", "save_screening", "export_case"} <= {e["action"] for e in events}


def _subcommands() -> list[list[str]]:
    parser = build_parser()
    found = []
    for name, sub in parser._subparsers._group_actions[0].choices.items():  # type: ignore[union-attr]
        nested = [a for a in sub._actions if a.__class__.__name__ == "_SubParsersAction"]
        if not nested:
            continue
        found += [[name, child] for child in nested[0].choices]
    return found


@pytest.mark.parametrize("argv", _subcommands(), ids=" ".join)
def test_every_register_command_has_help(argv, capsys):
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    assert "usage: decision-tool " + " ".join(argv) in capsys.readouterr().out


def test_a_single_sign_on_account_needs_no_password(operator, service, capsys):
    assert operator("users", "add", "chair@panel.example", "--role", "panel", "--single-sign-on") == 0
    assert "OK: added chair@panel.example (panel)" in capsys.readouterr().out
    assert service.sign_in_verified("chair@panel.example", via="oidc").role == "panel"
