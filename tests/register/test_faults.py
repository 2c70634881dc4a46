"""The database out of reach: a real PostgreSQL killed and started again, a SQLite file locked by another
writer or opened read-only. Each time the page says in plain words that the register cannot be reached
and the screening is still here, keeps the answers, and the next try after the database is back works
(and saves the screening once)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from decision_tool.register import RegisterUnavailable
from decision_tool.register.db import make_engine, session_factory, upgrade
from decision_tool.register.models import Screening
from decision_tool.register.service import Register

from ..test_pages import complete_form, on_result, texts, to_result
from .conftest import KEY, PASSWORD, seed_people, settings_for
from .pg_server import PostgresServer, postgres_bin, start_postgres, stop_postgres
from .test_register_pages import find_case, signed_in_app

UNREACHABLE = "The case register cannot be reached just now"
STILL_HERE = "is still here"


@pytest.fixture(scope="module")
def own_postgres() -> Iterator[PostgresServer]:
    """A PostgreSQL server of this module's own, since the tests stop it (the shared one must stay up)."""
    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed")
    server = start_postgres(bin_dir)
    try:
        yield server
    finally:
        stop_postgres(server)


@pytest.fixture()
def pg_url(own_postgres: PostgresServer, request: pytest.FixtureRequest) -> Iterator[str]:
    name = f"faults_{request.node.name.replace('[', '_').replace(']', '').replace('-', '_')}"[:60].lower()
    own_postgres.execute(f"CREATE DATABASE {name}")
    url = own_postgres.url(name)
    upgrade(url)
    seed_people(url)
    yield url
    own_postgres.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture()
def sqlite_url(_sqlite_templates: dict[str, Path], tmp_path: Path) -> str:
    import shutil

    path = tmp_path / "register.db"
    shutil.copy(_sqlite_templates["people"], path)
    return f"sqlite:///{path}"


def app_on(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DECISION_TOOL_DATABASE_URL", url)
    monkeypatch.setenv("DECISION_TOOL_REFERENCE_KEY", KEY.decode())


def to_unsaved_result(at: AppTest, dsl) -> str:
    code = find_case(at, "UPN-FAULT-1")
    at.button(key="case_start").click().run()
    complete_form(at, dsl, {"age": 15, "late_out": "yes"})
    to_result(at)
    return code


def screenings(url: str) -> int:
    engine = make_engine(url)
    try:
        with session_factory(engine)() as s:
            return s.scalar(select(func.count(Screening.id))) or 0
    finally:
        engine.dispose()


def assert_kept_with_the_message(at: AppTest, code: str) -> None:
    assert not at.exception
    page = texts(at)
    assert page.count(UNREACHABLE) == 1 and STILL_HERE in page, page  # said once, in plain words
    assert "Traceback" not in page and "OperationalError" not in page
    assert on_result(at)
    assert at.session_state["draft"].answers["late_out"] == "yes"  # the answers are kept
    assert f"Save to case {code}" in [b.label for b in at.button]  # and can be saved again


def test_postgresql_killed_during_a_save_then_back(
    pg_url: str, own_postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch, dsl
):
    app_on(pg_url, monkeypatch)
    at = signed_in_app(pg_url, "pat.a")
    code = to_unsaved_result(at, dsl)
    own_postgres.kill()
    try:
        at.button(key="save_to_case").click().run()
        assert_kept_with_the_message(at, code)
    finally:
        own_postgres.start()
    at.button(key="save_to_case").click().run()  # the next try, the database back: the pool reconnects
    assert "Screening saved" in texts(at) and code in texts(at)  # the confirmation, with the case code
    assert screenings(pg_url) == 1


def test_postgresql_down_at_sign_in_and_on_the_cases_page(
    pg_url: str, own_postgres: PostgresServer, monkeypatch: pytest.MonkeyPatch
):
    app_on(pg_url, monkeypatch)
    at = signed_in_app(pg_url, "pat.a")
    own_postgres.kill()
    try:
        at.switch_page("pages/register_cases.py").run()
        assert not at.exception
        assert texts(at).count(UNREACHABLE) == 1 and "Signed in as pat.a" in texts(at)
        fresh = AppTest.from_file(str(Path(__file__).parents[2] / "streamlit_app.py"), default_timeout=30)
        fresh.run()
        fresh.text_input(key="signin_username").set_value("pat.a")
        fresh.text_input(key="signin_password").set_value(PASSWORD)
        fresh.button[0].click().run()
        assert not fresh.exception
        assert UNREACHABLE in texts(fresh) and [t.value for t in fresh.title] == ["Sign in"]
    finally:
        own_postgres.start()
    fresh.button[0].click().run()  # the form keeps what was typed: the next try signs in
    assert not fresh.exception and "Signed in as pat.a" in texts(fresh)


def test_sqlite_locked_by_another_writer_during_a_save(sqlite_url: str, monkeypatch: pytest.MonkeyPatch, dsl):
    app_on(sqlite_url, monkeypatch)
    at = signed_in_app(sqlite_url, "pat.a")
    code = to_unsaved_result(at, dsl)
    other = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), timeout=1)
    other.execute("BEGIN EXCLUSIVE")  # another process writing, for longer than the register waits
    try:
        at.button(key="save_to_case").click().run()
        assert_kept_with_the_message(at, code)
    finally:
        other.rollback()
        other.close()
    at.button(key="save_to_case").click().run()
    assert "Screening saved" in texts(at) and code in texts(at)  # the confirmation, with the case code
    assert screenings(sqlite_url) == 1


def test_a_read_only_sqlite_file_at_sign_in(sqlite_url: str):
    read_only = f"sqlite:///file:{sqlite_url.removeprefix('sqlite:///')}?mode=ro&uri=true"
    engine = make_engine(read_only)
    register = Register(session_factory(engine), settings_for(read_only))
    with pytest.raises(RegisterUnavailable, match="still here"):
        register.sign_in("pat.a", PASSWORD)  # a sign-in writes its audit row
    engine.dispose()
