"""One press, one saved screening (SQLite and PostgreSQL): a second save of the same draft and result,
a rerun or a second tab returns the screening already saved; the database itself refuses a second row."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from decision_tool.errors import UserError
from decision_tool.register import screening_save_key
from decision_tool.register.models import Screening

from .test_service import REFERENCE, audit_actions

DRAFT = "fictional-draft-id-0001"


def test_saving_the_same_draft_and_result_twice_saves_it_once(register, actors, make_record):
    pat = actors["pat.a"]
    case = register.find_or_create_case(pat, REFERENCE, "england")
    record = make_record()
    key = screening_save_key(DRAFT, record)
    first = register.save_screening(pat, case.code, record, save_key=key)
    again = register.save_screening(pat, case.code, record, save_key=key)
    assert again == first
    assert register.get_case(pat, case.code).case.screenings == 1
    assert [e.detail for e in audit_actions(register, "save_screening")] == [
        f"screening {first.id}",
        f"already saved: {first.id}",
    ]


def test_the_key_is_the_draft_and_its_result_not_the_time_it_was_drawn(make_record):
    import datetime as dt

    record = make_record()
    later = make_record(when=dt.datetime(2026, 3, 2, 9, 5, tzinfo=dt.UTC))
    assert screening_save_key(DRAFT, record) == screening_save_key(DRAFT, later)
    assert screening_save_key(DRAFT, record) != screening_save_key("another-draft", record)
    changed = make_record({"age": 14, "missing_overnight": "yes", "older_partner": "yes"})
    assert screening_save_key(DRAFT, record) != screening_save_key(DRAFT, changed)


def test_a_new_result_from_the_same_draft_is_a_new_screening(register, actors, make_record):
    pat = actors["pat.a"]
    case = register.find_or_create_case(pat, REFERENCE, "england")
    one, two = make_record(), make_record({"age": 14, "missing_overnight": "yes", "older_partner": "yes"})
    register.save_screening(pat, case.code, one, save_key=screening_save_key(DRAFT, one))
    register.save_screening(pat, case.code, two, save_key=screening_save_key(DRAFT, two))
    assert register.get_case(pat, case.code).case.screenings == 2


def test_the_same_key_on_another_case_is_refused(register, actors, make_record):
    pat = actors["pat.a"]
    case = register.find_or_create_case(pat, REFERENCE, "england")
    other = register.find_or_create_case(pat, "UPN B9999 0000", "england")
    record = make_record()
    key = screening_save_key(DRAFT, record)
    register.save_screening(pat, case.code, record, save_key=key)
    with pytest.raises(UserError, match="already saved on another case"):
        register.save_screening(pat, other.code, record, save_key=key)
    assert register.get_case(pat, other.code).case.screenings == 0


def test_the_database_refuses_a_second_row_with_the_same_key(register, actors, make_record):
    pat = actors["pat.a"]
    case = register.find_or_create_case(pat, REFERENCE, "england")
    record = make_record()
    key = screening_save_key(DRAFT, record)
    saved = register.save_screening(pat, case.code, record, save_key=key)
    with register._sessions() as s:
        row = s.get(Screening, saved.id)
        assert row is not None and row.save_key == key
        copy = Screening(
            **{c: getattr(row, c) for c in ("case_id", "saved_by", "saved_at", "questionnaire_id")},
            rules_version=row.rules_version,
            rules_hash=row.rules_hash,
            level_id=row.level_id,
            tool_level_id=row.tool_level_id,
            score=row.score,
            record_json=row.record_json,
            save_key=key,
        )
        s.add(copy)
        with pytest.raises(IntegrityError):
            s.flush()
        s.rollback()
        assert len(s.scalars(select(Screening.id)).all()) == 1


def test_a_key_the_tool_did_not_make_is_refused(register, actors, make_record):
    pat = actors["pat.a"]
    case = register.find_or_create_case(pat, REFERENCE, "england")
    with pytest.raises(UserError, match="save key"):
        register.save_screening(pat, case.code, make_record(), save_key="'; DROP TABLE screenings; --")
