"""Retention on SQLite and PostgreSQL: a dry run lists without deleting; a purge deletes the case and its
screenings (their panel facts and answers too) and keeps the audit trail."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from decision_tool.register.models import AuditEvent, Screening
from decision_tool.register.panel_models import ScreeningFacts


def test_purge_dry_run_lists_without_deleting_and_purge_deletes(register, actors, clock, make_record):
    pat = actors["pat.a"]
    old = register.find_or_create_case(pat, "OLD-PUPIL-1", "england")
    register.save_screening(pat, old.code, make_record())
    clock.advance(days=2555 + 1)
    recent = register.find_or_create_case(pat, "NEW-PUPIL-2", "england")
    register.save_screening(pat, recent.code, make_record())
    admin = actors["admin.z"]

    listed = register.purge_candidates(admin)
    assert [c.code for c in listed] == [old.code]
    assert listed[0].screenings == 1
    assert register.get_case(pat, old.code).screenings  # still there after the dry run
    assert {c.code for c in register.list_cases(pat)} == {old.code, recent.code}

    removed = register.purge(admin)
    assert [c.code for c in removed] == [old.code]
    assert {c.code for c in register.list_cases(pat)} == {recent.code}
    assert register.find_case(pat, "OLD-PUPIL-1") is None
    with register._sessions() as s:
        assert s.scalar(select(func.count(Screening.id))) == 1
        # Nothing of the purged screening stays behind: its panel facts and answers went with it.
        assert s.scalar(select(func.count()).select_from(ScreeningFacts)) == 1
        trail = [
            (e.action, e.detail)
            for e in s.scalars(select(AuditEvent).where(AuditEvent.case_code == old.code))
        ]
    assert trail[0] == ("create_case", "") and trail[-1][0] == "purge_case"
    assert ("save_screening", "screening 1") in trail


def test_activity_keeps_a_case(register, actors, clock, make_record):
    pat = actors["pat.a"]
    case = register.find_or_create_case(pat, "KEPT-PUPIL", "england")
    clock.advance(days=2000)
    register.save_screening(pat, case.code, make_record())  # activity restarts the retention period
    clock.advance(days=1000)
    assert register.purge_candidates(actors["admin.z"]) == []
    assert register.retention_cutoff() == clock.now - dt.timedelta(days=2555)
