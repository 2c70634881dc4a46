"""Who may do what: the table below is the specification, checked through the service's public methods on
SQLite and on PostgreSQL. A refusal raises AccessDenied and leaves an access_denied audit row; an allowed
call works. docs/register.md's "Who may do what" table is the policy's own table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from decision_tool.register import policy
from decision_tool.register.auth import AccessDenied
from decision_tool.register.models import AuditEvent
from decision_tool.register.panel import Panel

from .conftest import START

# role -> the user who plays it in the seeded register
PLAYERS = {
    "practitioner": "pat.a",
    "trainer": "trainer.t",
    "panel": "panel.p",
    "admin": "admin.z",
    "regional_coordinator": "coord.r",  # aggregates only: never a case
}
# action -> role -> the cases it may act on: own (a real case of the actor's organisation; for roles with
# no organisation, a real case of SCH-A), other (a real case of another organisation), demo.
ALL, NONE = {"own", "other", "demo"}, set()
SPEC = {
    "view_case": {
        "practitioner": {"own"},
        "trainer": {"demo"},
        "panel": ALL,
        "admin": NONE,
        "regional_coordinator": NONE,
    },
    "save_screening": {
        "practitioner": {"own"},
        "trainer": {"demo"},
        "panel": NONE,
        "admin": NONE,
        "regional_coordinator": NONE,
    },
    "export_case": {
        "practitioner": {"own"},
        "trainer": {"demo"},
        "panel": NONE,
        "admin": ALL,
        "regional_coordinator": NONE,
    },
    "view_panel_case": {
        "practitioner": NONE,
        "trainer": {"demo"},
        "panel": ALL,
        "admin": NONE,
        "regional_coordinator": NONE,
    },
    "view_panel_decisions": {
        "practitioner": NONE,
        "trainer": {"demo"},
        "panel": ALL,
        "admin": NONE,
        "regional_coordinator": NONE,
    },
    "record_panel_decision": {
        "practitioner": NONE,
        "trainer": {"demo"},
        "panel": ALL,
        "admin": NONE,
        "regional_coordinator": NONE,
    },
    "view_missing_episodes": {
        "practitioner": {"own"},
        "trainer": {"demo"},
        "panel": ALL,
        "admin": NONE,
        "regional_coordinator": NONE,
    },
    "record_missing_episode": {
        "practitioner": {"own"},
        "trainer": {"demo"},
        "panel": ALL,
        "admin": NONE,
        "regional_coordinator": NONE,
    },
}
CALLS = {
    "view_case": lambda r, p, a, code, rec: r.get_case(a, code),
    "save_screening": lambda r, p, a, code, rec: r.save_screening(a, code, rec),
    "export_case": lambda r, p, a, code, rec: r.export_case(a, code),
    "view_panel_case": lambda r, p, a, code, rec: p.case_row(a, code),
    "view_panel_decisions": lambda r, p, a, code, rec: p.decisions(a, code),
    "record_panel_decision": lambda r, p, a, code, rec: p.record_decision(
        a,
        code,
        meeting_date=START.date(),
        decision="continue",
        next_review_date=START.date() + dt.timedelta(days=28),
    ),
    "view_missing_episodes": lambda r, p, a, code, rec: p.missing_episodes(a, code),
    "record_missing_episode": lambda r, p, a, code, rec: p.record_missing_episode(
        a, code, START - dt.timedelta(hours=5)
    ),
}


def _cases(register, actors):  # type: ignore[no-untyped-def]
    own_of = {
        "practitioner": register.find_or_create_case(actors["pat.a"], "POL-REAL-A", "england").code,
        "trainer": register.find_or_create_case(actors["pat.demo"], "POL-REAL-DEMO-ORG", "england").code,
    }
    other = register.find_or_create_case(actors["pat.b"], "POL-REAL-B", "england").code
    demo = register.find_or_create_case(actors["trainer.t"], "POL-DEMO", "england").code
    return {
        role: {"own": own_of.get(role, own_of["practitioner"]), "other": other, "demo": demo}
        for role in PLAYERS
    }


def _denials(register) -> int:  # type: ignore[no-untyped-def]
    with register._sessions() as s:
        return len(s.scalars(select(AuditEvent.id).where(AuditEvent.action == "access_denied")).all())


@pytest.mark.parametrize("action", sorted(SPEC))
def test_every_role_and_case_gets_what_the_table_says(register, actors, make_record, action):
    panel = Panel(register)
    cases = _cases(register, actors)
    record = make_record()
    for role, name in PLAYERS.items():
        for kind in ("own", "other", "demo"):
            code = cases[role][kind]
            before = _denials(register)
            call = CALLS[action]
            if kind in SPEC[action][role]:
                call(register, panel, actors[name], code, record)
                assert _denials(register) == before, (action, role, kind)
            else:
                with pytest.raises(AccessDenied):
                    call(register, panel, actors[name], code, record)
                assert _denials(register) == before + 1, (action, role, kind)


def test_the_policy_agrees_with_the_specification():
    for action, by_role in SPEC.items():
        for role in PLAYERS:
            assert (role in policy.POLICY[action]) == bool(by_role[role]), (action, role)


def test_the_guide_shows_the_policy_table():
    guide = (Path(__file__).parents[2] / "docs" / "register.md").read_text(encoding="utf-8")
    assert policy.markdown_table() in guide


def test_the_regional_coordinator_sees_the_consistency_report_and_no_case():
    coordinator = {action for action, rules in policy.POLICY.items() if "regional_coordinator" in rules}
    assert coordinator == {"view_consistency", "view_settings_impact"}
    assert set(policy.POLICY["view_consistency"]) == {"admin", "regional_coordinator"}
