"""Migrations on SQLite and PostgreSQL, and what the register refuses at start-up."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from decision_tool.register import Register, RegisterConfigError
from decision_tool.register.db import current_revision, make_engine, upgrade
from decision_tool.register.service import _head_revision

from .conftest import settings_for


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
