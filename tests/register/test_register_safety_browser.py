"""Register safety in a real browser: after signing out, the next account in the same tab or at the same
address gets nothing of the screening; the address alone opens nothing in another browser; a password
reset ends a live session at its next step; a database out of reach says so and keeps the answers.

What a browser adds (cookies, addresses, tabs) does not depend on the database, so these walks run on
SQLite; the same rules are checked on SQLite and PostgreSQL through AppTest (test_register_safety.py),
and the faults of each database (PostgreSQL stopped, SQLite locked) each have a walk of their own here."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from decision_tool.register.auth import terminal_actor
from decision_tool.register.db import make_engine, session_factory
from decision_tool.register.models import AuditEvent
from decision_tool.register.service import Register
from tests.browser.server import streamlit_server

from .conftest import PASSWORD, settings_for
from .test_register_browser import env_for, low_screening_to_result, new_page, open_case, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(
    browser: Browser,
    _sqlite_templates: dict[str, Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[str, str]]:
    """(app address, database address): one server on a SQLite file with the people of ``seed_people``."""
    db = tmp_path_factory.mktemp("register_safety") / "register.db"
    shutil.copy(_sqlite_templates["people"], db)
    url = f"sqlite:///{db}"
    with streamlit_server(env=env_for(url)) as (app, _proc):
        yield app, url


def screening_to_result(page: Page, reference: str) -> str:
    """From sign-in to the result of a pharmacy screening for a case, not saved; returns the case code."""
    code = open_case(page, reference)
    low_screening_to_result(page)
    expect(page.get_by_role("button", name=f"Save to case {code}")).to_be_visible()
    expect(page).to_have_url(re.compile(r"draft="))
    return code


def shows_no_screening(page: Page, code: str) -> None:
    expect(page.get_by_role("button", name=re.compile("Save to case"))).to_have_count(0)
    expect(page.get_by_text(code)).to_have_count(0)
    expect(page.get_by_text("Supplied with advice")).to_have_count(0)


def test_after_sign_out_the_next_account_in_the_tab_and_at_the_address_gets_nothing(
    browser: Browser, served: tuple[str, str]
):
    app, _db = served
    page = new_page(browser, app)
    sign_in(page, "pat.a")
    code = screening_to_result(page, "UPN-SAFE-1")
    address = page.url
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    for other in ("pat.b", "trainer.t"):
        sign_in(page, other)  # the same tab
        page.get_by_text(f"Signed in as {other}").wait_for(timeout=30_000)
        shows_no_screening(page, code)
        page.goto(address)  # the address the first practitioner was on (still signed in as the other)
        page.get_by_text(f"Signed in as {other}").wait_for(timeout=30_000)
        shows_no_screening(page, code)
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    # Nor does the first practitioner get it back: signing out ended it.
    page.goto(address)
    sign_in(page, "pat.a")
    page.get_by_text("Signed in as pat.a").wait_for(timeout=30_000)
    shows_no_screening(page, code)
    page.context.close()


def test_the_address_alone_opens_nothing_in_another_browser(browser: Browser, served: tuple[str, str]):
    app, _db = served
    page = new_page(browser, app)
    sign_in(page, "pat.a")
    code = screening_to_result(page, "UPN-SAFE-2")
    address = page.url
    # Another browser (no cookies), another account and then the same account: nothing.
    for who in ("trainer.t", "pat.b", "pat.a"):
        other = new_page(browser, app)
        other.goto(address)
        sign_in(other, who)
        other.get_by_text(f"Signed in as {who}").wait_for(timeout=30_000)
        shows_no_screening(other, code)
        other.context.close()
    # The browser that made it still has it after a reload, still signed in.
    page.reload()
    page.get_by_text("Signed in as pat.a").wait_for(timeout=30_000)
    expect(page.get_by_role("button", name=f"Save to case {code}")).to_be_visible()
    page.context.close()


def test_a_password_reset_ends_a_live_session(browser: Browser, served: tuple[str, str]):
    app, db = served
    page = new_page(browser, app)
    sign_in(page, "pat.b")
    page.get_by_text("Signed in as pat.b").wait_for(timeout=30_000)
    engine = make_engine(db)
    Register(session_factory(engine), settings_for(db)).reset_password(
        terminal_actor(), "pat.b", "another fictional password"
    )
    engine.dispose()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Cases").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("your account was changed")).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    page.context.close()


def test_a_trainer_at_a_real_cases_addresses_sees_nothing_and_each_refusal_is_audited(
    browser: Browser, served: tuple[str, str]
):
    app, db = served
    engine = make_engine(db)
    register = Register(session_factory(engine), settings_for(db))
    real = register.find_or_create_case(register.sign_in("pat.a", PASSWORD), "UPN-REAL-9", None).code
    page = new_page(browser, app)
    sign_in(page, "trainer.t")
    page.get_by_text("Signed in as trainer.t").wait_for(timeout=30_000)
    for address in (f"/panel-case?case={real}", f"/case?case={real}", f"/audit?case={real}"):
        before = _last_audit_id(register)
        page.goto(app + address)  # an address typed afresh in the same browser: still signed in
        page.get_by_text("Signed in as trainer.t").wait_for(timeout=30_000)
        expect(page.get_by_text(re.compile(r"there is no case|You cannot open this page"))).to_be_visible()
        with register._sessions() as s:
            refusals = s.execute(
                select(AuditEvent.detail).where(
                    AuditEvent.id > before,
                    AuditEvent.username == "trainer.t",
                    AuditEvent.action == "access_denied",
                )
            ).all()
        assert refusals, f"{address}: the refusal was not audited"
    engine.dispose()


def _last_audit_id(register: Register) -> int:
    with register._sessions() as s:
        return s.scalar(select(func.max(AuditEvent.id))) or 0


def test_a_trainer_typing_a_real_reference_gets_the_answer_for_no_case(browser: Browser, served):
    app, _db = served
    page = new_page(browser, app)
    sign_in(page, "pat.demo")  # a real case in the trainer's own organisation
    real = open_case(page, "UPN-DEMO-ORG-REAL")
    page.context.close()
    page = new_page(browser, app)
    sign_in(page, "trainer.t")
    own = open_case(page, "UPN-DEMO-ORG-REAL")  # opens a demo case of the trainer's own, as for any
    fresh = open_case(page, "UPN-NEVER-USED")  # reference with no case
    assert own not in (real, fresh)
    expect(page.get_by_text("cannot open")).to_have_count(0)
    page.context.close()


def test_a_reference_with_an_invisible_character_finds_the_same_case(browser: Browser, served):
    app, _db = served
    page = new_page(browser, app)
    sign_in(page, "pat.a")
    code = open_case(page, "UPN-2024-555")
    for typed in (
        "UPN-2024\u200b-555",
        "upn\u2060-2024-555",
        "ＵＰＮ－２０２４－５５５",
        "UPN\u20132024\u2013555",
    ):
        assert open_case(page, typed) == code, typed
    page.context.close()


# ---------------------------------------------------------------- the database out of reach


def _save_button(page: Page, code: str):
    return page.get_by_role("button", name=f"Save to case {code}")


def _saved_screenings(db: str) -> int:
    from decision_tool.register.models import Screening

    engine = make_engine(db)
    with session_factory(engine)() as s:
        n = s.scalar(select(func.count(Screening.id))) or 0
    engine.dispose()
    return n


def test_postgresql_killed_around_a_save_then_back(
    browser: Browser, _postgres_templates, tmp_path_factory: pytest.TempPathFactory
):
    from decision_tool.register.db import upgrade

    from .conftest import seed_people
    from .pg_server import postgres_bin, start_postgres, stop_postgres

    bin_dir = postgres_bin()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed")
    server = start_postgres(bin_dir)  # its own: this test stops it
    try:
        server.execute("CREATE DATABASE faults")
        db = server.url("faults")
        upgrade(db)
        seed_people(db)
        with streamlit_server(env=env_for(db)) as (app, _proc):
            page = new_page(browser, app)
            sign_in(page, "pat.a")
            code = screening_to_result(page, "UPN-FAULT-PG")
            server.kill()
            try:
                _save_button(page, code).click()
                expect(page.get_by_text("The case register cannot be reached just now")).to_be_visible()
                expect(page.get_by_text(re.compile("is still here"))).to_be_visible()
                expect(page.get_by_text("This app has encountered an error")).to_have_count(0)
                expect(page.get_by_text("Supplied with advice").first).to_be_visible()  # the answers
            finally:
                server.start()
            _save_button(page, code).click()
            expect(page.get_by_role("heading", name="Screening saved")).to_be_visible()
            page.context.close()
        assert _saved_screenings(db) == 1
    finally:
        stop_postgres(server)


def test_sqlite_locked_by_another_writer_around_a_save(
    browser: Browser, _sqlite_templates: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
):
    import sqlite3

    path = tmp_path_factory.mktemp("locked") / "register.db"
    shutil.copy(_sqlite_templates["people"], path)
    db = f"sqlite:///{path}"
    with streamlit_server(env=env_for(db)) as (app, _proc):
        page = new_page(browser, app)
        sign_in(page, "pat.a")
        code = screening_to_result(page, "UPN-FAULT-LOCK")
        other = sqlite3.connect(path, timeout=1)
        other.execute("BEGIN EXCLUSIVE")  # another writer holds the file for longer than the app waits
        try:
            _save_button(page, code).click()
            expect(page.get_by_text("The case register cannot be reached just now")).to_be_visible(
                timeout=30_000
            )
            expect(page.get_by_text("This app has encountered an error")).to_have_count(0)
        finally:
            other.rollback()
            other.close()
        _save_button(page, code).click()
        expect(page.get_by_role("heading", name="Screening saved")).to_be_visible()
        page.context.close()
    assert _saved_screenings(db) == 1
