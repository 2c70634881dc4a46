"""Migrations on SQLite and PostgreSQL, and what the register refuses at start-up."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from decision_tool.register import Register, RegisterConfigError
from decision_tool.register.db import current_revision, make_engine, upgrade
from decision_tool.register.service import _head_revision

from .conftest import PASSWORD, settings_for


def test_upgrade_creates_every_table_and_is_repeatable(blank_url):
    with pytest.raises(RegisterConfigError, match="run `decision-tool db upgrade` first"):
        Register.open(settings_for(blank_url))
    upgrade(blank_url)
    upgrade(blank_url)  # already at head: nothing to do
    assert current_revision(blank_url) == _head_revision()
    engine = make_engine(blank_url)
    tables = set(inspect(engine).get_table_names())
    engine.dispose()
    assert {"organisations", "users", "cases", "screenings", "audit_events", "register_meta"} <= tables


def test_downgrade_to_nothing_and_back(blank_url):
    from alembic import command

    from decision_tool.register.db import alembic_config

    upgrade(blank_url)
    command.downgrade(alembic_config(blank_url), "base")
    engine = make_engine(blank_url)
    assert "cases" not in inspect(engine).get_table_names()
    engine.dispose()
    upgrade(blank_url)
    assert current_revision(blank_url) == _head_revision()


def test_a_changed_reference_key_refuses_to_start(register_url):
    Register.open(settings_for(register_url)).close()
    other = settings_for(register_url).model_copy(update={"reference_key": b"another key" * 4})
    with pytest.raises(RegisterConfigError, match="reference key differs"):
        Register.open(other)


# ---------------------------------------------------------------- a database in a state upgrade cannot start from


def _upgrade_says(url: str, monkeypatch, capsys) -> str:
    from decision_tool.cli import main

    monkeypatch.setenv("DECISION_TOOL_DATABASE_URL", url)
    assert main(["db", "upgrade"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err and "sqlalchemy" not in err.lower() and "alembic.util" not in err
    return err


def _execute(url: str, sql: str) -> None:
    from sqlalchemy import text

    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text(sql))
    engine.dispose()


def test_upgrade_explains_a_stamp_older_than_the_tables(blank_url, monkeypatch, capsys):
    upgrade(blank_url)
    _execute(blank_url, "UPDATE alembic_version SET version_num = '0001_initial'")
    err = _upgrade_says(blank_url, monkeypatch, capsys)
    assert "stamp (0001_initial) is older than its tables" in err
    assert "Restore the database from your last backup" in err and "db stamp" in err
    # The repair the message names works: mark the real version, then upgrade is a no-op.
    from decision_tool.cli import main

    assert main(["db", "stamp", _head_revision()]) == 0
    assert main(["db", "upgrade"]) == 0
    assert current_revision(blank_url) == _head_revision()


def test_upgrade_explains_an_unknown_stamp(blank_url, monkeypatch, capsys):
    upgrade(blank_url)
    _execute(blank_url, "UPDATE alembic_version SET version_num = '0999_from_the_future'")
    err = _upgrade_says(blank_url, monkeypatch, capsys)
    assert "stamped with version '0999_from_the_future'" in err and "does not know" in err
    assert "Restore the database from your last backup" in err
    assert current_revision(blank_url) == "0999_from_the_future"  # left as it was


def test_upgrade_explains_a_dropped_version_table(blank_url, monkeypatch, capsys):
    upgrade(blank_url)
    _execute(blank_url, "DROP TABLE alembic_version")
    err = _upgrade_says(blank_url, monkeypatch, capsys)
    assert "tables but no version stamp" in err and "db stamp" in err


@pytest.mark.parametrize(
    ("sql", "said"),
    [
        ("DELETE FROM alembic_version", "tables but no version stamp"),
        ("DROP TABLE alembic_version", "tables but no version stamp"),
        ("UPDATE alembic_version SET version_num = '0999_from_the_future'", "does not know"),
    ],
    ids=["empty-stamp", "no-stamp-table", "unknown-stamp"],
)
def test_the_app_and_its_commands_say_what_db_upgrade_says_about_a_stamp(blank_url, sql, said):
    """Not "no tables yet" for a register that has them: that would send the operator to an upgrade."""
    upgrade(blank_url)
    _execute(blank_url, sql)
    with pytest.raises(RegisterConfigError) as refused:
        Register.open(settings_for(blank_url))
    assert said in str(refused.value) and "no tables yet" not in str(refused.value)


def test_stamp_refuses_an_unknown_version(blank_url, monkeypatch, capsys):
    from decision_tool.cli import main

    monkeypatch.setenv("DECISION_TOOL_DATABASE_URL", blank_url)
    assert main(["db", "stamp", "0999_nothing"]) == 1
    assert "there is no version '0999_nothing'" in capsys.readouterr().err


def test_the_username_migration_names_accounts_that_differ_only_in_letter_case(blank_url):
    upgrade(blank_url, "0003_save_key")
    for name in ("pat.a", "PAT.A"):
        _execute(
            blank_url,
            "INSERT INTO users (username, password_hash, role, active, failed_signins, created_at) "
            f"VALUES ('{name}', 'x', 'practitioner', true, 0, '2026-01-01 00:00:00')",
        )
    with pytest.raises(RegisterConfigError, match="pat.a. Disable the accounts"):
        upgrade(blank_url)
    assert current_revision(blank_url) == "0003_save_key"


def test_the_facts_migration_fills_the_panel_facts_of_screenings_saved_before(people_url, make_record):
    from alembic import command

    from decision_tool.register.db import alembic_config, session_factory
    from decision_tool.register.panel import Panel
    from decision_tool.register.panel_models import ScreeningFacts

    engine = make_engine(people_url)
    register = Register(session_factory(engine), settings_for(people_url))
    pat = register.sign_in("pat.a", PASSWORD)
    case = register.find_or_create_case(pat, "UPN-OLD-1", "england")
    saved = register.save_screening(pat, case.code, make_record({"age": 14, "missing_overnight": "yes"}))
    with register._sessions() as s:
        written = s.get(ScreeningFacts, saved.id)
        expected = (written.categories, written.review_by)
        s.delete(written)  # as a screening saved before saving wrote facts
        s.commit()
    panel = Panel(register)
    chair = register.sign_in("panel.p", PASSWORD)
    panel.panel_list(chair)
    with register._sessions() as s:
        assert s.get(ScreeningFacts, saved.id) is None  # the panel's reads write nothing
    # Back to the version before the facts were written (the later versions' tables go with it).
    command.downgrade(alembic_config(people_url), "0004_one_username")
    upgrade(people_url)
    with register._sessions() as s:
        filled = s.get(ScreeningFacts, saved.id)
        assert filled is not None and (filled.categories, filled.review_by) == expected
    (row,) = Panel(register).panel_list(chair).rows  # the app restarted after its upgrade
    assert row.code == case.code and row.review_due == expected[1]
    engine.dispose()


def test_the_models_migration_fills_the_models_of_exploitation_of_screenings_saved_before(
    people_url, make_record
):
    from alembic import command

    from decision_tool.register.db import alembic_config, session_factory
    from decision_tool.register.panel_models import ScreeningFacts

    engine = make_engine(people_url)
    register = Register(session_factory(engine), settings_for(people_url))
    pat = register.sign_in("pat.a", PASSWORD)
    case = register.find_or_create_case(pat, "UPN-OLD-2", "england")
    ticked = make_record({"age": 15, "missing_overnight": "yes"})
    ticked["details"]["exploitation_models"] = ["party", "online"]
    with_models = register.save_screening(pat, case.code, ticked)
    without = register.save_screening(pat, case.code, make_record({"age": 15}))
    with register._sessions() as s:
        assert s.get(ScreeningFacts, with_models.id).models == "party online"  # the offered order
    engine.dispose()

    command.downgrade(alembic_config(people_url), "0005_screening_facts")  # as saved before 0006
    engine = make_engine(people_url)
    assert "models" not in {c["name"] for c in inspect(engine).get_columns("screening_facts")}
    engine.dispose()
    upgrade(people_url)
    engine = make_engine(people_url)
    register = Register(session_factory(engine), settings_for(people_url))
    with register._sessions() as s:
        assert s.get(ScreeningFacts, with_models.id).models == "party online"
        assert s.get(ScreeningFacts, without.id).models == ""
    engine.dispose()


def test_the_sign_in_sessions_migration_adds_its_table_and_takes_it_away(blank_url):
    from alembic import command

    from decision_tool.register.db import alembic_config

    upgrade(blank_url, "0006_exploitation_models")
    assert "sign_in_sessions" not in _tables(blank_url)
    upgrade(blank_url, "0007_sign_in_sessions")
    assert current_revision(blank_url) == "0007_sign_in_sessions"
    assert "sign_in_sessions" in _tables(blank_url)
    upgrade(blank_url)  # the app starts only at the newest revision
    # Kept sign-ins work on the migrated tables: one made, found again by its id.
    from .conftest import seed_people

    seed_people(blank_url)
    register = Register.open(settings_for(blank_url))
    try:
        who = register.sign_in("pat.a", PASSWORD)
        assert register.resume_session(register.start_session(who)) == who
    finally:
        register.close()
    command.downgrade(alembic_config(blank_url), "0006_exploitation_models")
    assert "sign_in_sessions" not in _tables(blank_url)
    assert "users" in _tables(blank_url)


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return set(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def test_the_drafts_migration_adds_its_table_and_takes_it_away(blank_url):
    import secrets

    from alembic import command

    from decision_tool.register.db import alembic_config

    upgrade(blank_url, "0007_sign_in_sessions")
    assert "drafts" not in _tables(blank_url)
    upgrade(blank_url, "0008_drafts")
    assert current_revision(blank_url) == "0008_drafts"
    assert "drafts" in _tables(blank_url)
    upgrade(blank_url)  # the app opens a register at the newest version only
    from .conftest import seed_people

    seed_people(blank_url)
    register = Register.open(settings_for(blank_url))
    try:
        who = register.sign_in("pat.a", PASSWORD)
        draft = secrets.token_urlsafe(16)
        register.keep_draft(who, draft, b'{"answers": {}}')
        assert register.open_draft(who, draft) == b'{"answers": {}}'
    finally:
        register.close()
    command.downgrade(alembic_config(blank_url), "0007_sign_in_sessions")
    assert "drafts" not in _tables(blank_url)
    assert "sign_in_sessions" in _tables(blank_url)


def test_the_answers_migration_fills_the_answers_of_screenings_saved_before(people_url, make_record):
    """Counting what a settings change would do reads each screening's answers on their own: saving writes
    them, the migration fills them for screenings saved before, and one without them is still counted."""
    import json

    from alembic import command
    from sqlalchemy import update

    from decision_tool.register.db import alembic_config, session_factory
    from decision_tool.register.panel_models import ScreeningFacts

    def open_register() -> Register:
        return Register(session_factory(make_engine(people_url)), settings_for(people_url))

    register = open_register()
    pat, admin = register.sign_in("pat.a", PASSWORD), register.sign_in("admin.z", PASSWORD)
    case = register.find_or_create_case(pat, "UPN-OLD-3", "england")
    first = make_record({"age": 15, "missing_overnight": "yes"})
    second = make_record({"age": 13, "older_partner": "yes"})
    ids = [register.save_screening(pat, case.code, r).id for r in (first, second)]
    expected = [first["assessment"]["answers"], second["assessment"]["answers"]]
    with register._sessions() as s:
        assert [json.loads(s.get(ScreeningFacts, i).answers) for i in ids] == expected  # written at save
    register.close()

    command.downgrade(alembic_config(people_url), "0008_drafts")  # as saved before 0009
    engine = make_engine(people_url)
    assert "answers" not in {c["name"] for c in inspect(engine).get_columns("screening_facts")}
    engine.dispose()
    upgrade(people_url)
    register = open_register()
    with register._sessions() as s:
        assert [json.loads(s.get(ScreeningFacts, i).answers) for i in ids] == expected  # filled
        s.execute(update(ScreeningFacts).where(ScreeningFacts.screening_id == ids[0]).values(answers=None))
        s.commit()
    # Answers never written on their own are read from the record.
    assert [x.answers for x in register.saved_answers(admin)] == expected
    register.close()
