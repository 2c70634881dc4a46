"""The panel in a real browser: sign in, the list, an overdue interview, a decision, exports, and a
practitioner kept out (by URL too). The register is a SQLite file; the clock is fixed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from decision_tool import load_catalog
from decision_tool.records.record import make_record
from decision_tool.register.auth import terminal_actor
from decision_tool.register.db import make_engine, session_factory, upgrade
from decision_tool.register.demo import seed_demo
from decision_tool.register.panel import Panel
from decision_tool.register.service import Register
from decision_tool.register.settings import RegisterSettings
from decision_tool.screening.engine import assess

from ..conftest import RULES_DIR
from .server import streamlit_server

NOW = dt.datetime(2026, 11, 23, 10, 0, tzinfo=dt.UTC)
KEY = "fictional browser-test key, not a secret"
PASSWORD = "correct horse battery staple"
# Two cores shared by many: give a slow rerun time before calling a page wrong.
expect.set_options(timeout=20_000)
FORMULA_ORG = '=HYPERLINK("http://example.invalid","Demo")'


def seed(url: str) -> dict[str, str]:
    upgrade(url)
    engine = make_engine(url)
    register = Register(
        session_factory(engine), RegisterSettings(database_url=url, reference_key=KEY.encode()), lambda: NOW
    )
    t = terminal_actor()
    register.add_organisation(
        t, "SCH-Z", FORMULA_ORG, "school", spoc_role="@safeguarding lead", spoc_phone="+44 1632 960999"
    )
    register.add_user(t, "chair", PASSWORD, "panel")
    register.add_user(t, "teacher", PASSWORD, "practitioner", "SCH-Z")
    teacher = register.sign_in("teacher", PASSWORD)
    dsl = load_catalog(RULES_DIR).rule_sets["dsl"]
    case = register.find_or_create_case(teacher, "pupil-1", "england")
    answers = {
        "immediate_danger": "no",
        "age": 14,
        "missing_overnight": "yes",
        "unexplained_gifts": "yes",
        "older_partner": "yes",
        "cars_unknown_adults": "yes",
    }
    register.save_screening(teacher, case.code, make_record(assess(dsl, answers), NOW - dt.timedelta(days=9)))
    # Back 80 hours ago; no interview yet: overdue by 8 hours on the fixed clock.
    returned = NOW - dt.timedelta(hours=80)
    Panel(register).record_missing_episode(teacher, case.code, returned - dt.timedelta(hours=6), returned)
    seed_demo(session_factory(engine), cases=30, screenings_per_case=3, seed=3, now=NOW)
    engine.dispose()
    return {"case": case.code}


@pytest.fixture(scope="module")
def panel_server(tmp_path_factory: pytest.TempPathFactory, browser) -> Iterator[tuple[str, dict[str, str]]]:
    url = f"sqlite:///{tmp_path_factory.mktemp('panel-browser') / 'register.db'}"
    facts = seed(url)
    env = {
        "DECISION_TOOL_DATABASE_URL": url,
        "DECISION_TOOL_REFERENCE_KEY": KEY,
        "DECISION_TOOL_FIXED_CLOCK": NOW.isoformat(),
    }
    with streamlit_server(env=env) as (server, _proc):
        yield server, facts


def signed_in(browser, server: str, username: str, path: str = "", width: int = 1280) -> Page:
    """Open a page's address (a new session, so the sign-in page comes first) and sign in there."""
    context = browser.new_context(viewport={"width": width, "height": 2600}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{server}/{path}")
    # Signed out, every address (the panel's too) shows the sign-in form, and signing in stays there.
    page.get_by_role("textbox", name="Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {username}")).to_be_visible()
    return page


def download(page: Page, label: str) -> bytes:
    # Wait for the rerun to finish and the charts to settle, so the button stays where it is.
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.get_by_role("button", name=label).scroll_into_view_if_needed()
    with page.expect_download() as info:
        page.get_by_role("button", name=label).click()
    return Path(info.value.path()).read_bytes()


def test_the_chair_runs_the_meeting_from_the_list(browser, panel_server):
    server, facts = panel_server
    page = signed_in(browser, server, "chair")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Panel list").click()
    expect(page.get_by_role("heading", name="Panel list")).to_be_visible()
    expect(page.get_by_text("Open cases as at 23 November 2026 10:00 UTC")).to_be_visible()
    expect(page.get_by_test_id("stMetric").filter(has_text="Interviews overdue")).not_to_contain_text("0")

    # The CSV snapshot: as at, the rows, and formula cells made harmless.
    body = download(page, "Download the list (CSV)").decode("utf-8")
    lines = list(csv.reader(io.StringIO(body)))
    assert lines[0] == ["As at", "23 November 2026 10:00 UTC"]
    row = next(dict(zip(lines[1], line, strict=True)) for line in lines[2:] if line[0] == facts["case"])
    assert row["Organisation"] == "'" + FORMULA_ORG
    assert row["Single point of contact"] == "'@safeguarding lead, +44 1632 960999"
    assert row["Return interview"] == "Interview overdue by 8 h"
    assert not any(cell.startswith(("=", "+", "-", "@")) for line in lines for cell in line)
    assert download(page, "Download the list (PDF)").startswith(b"%PDF")

    # Open the case, see the overdue interview, and record the panel's decision.
    page.get_by_role("table").get_by_role("link", name=facts["case"], exact=True).click()
    expect(page.get_by_text("Return interview overdue")).to_be_visible()
    summary = page.locator(".dt-summary-list")  # where the case stands now, as on the list
    expect(summary).to_contain_text("Current level")
    expect(summary).to_contain_text("⚠ Interview overdue by 8 h")
    expect(page.get_by_text("No decisions recorded yet.")).to_be_visible()
    # Nothing is chosen for the chair: a press records nothing and says what is missing.
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_text("No decisions recorded yet.")).to_be_visible()
    meeting = page.get_by_role("spinbutton", name="day, Meeting date")
    meeting.click()
    meeting.press_sequentially("23112026")
    page.get_by_role("combobox", name="Decision", exact=True).click()
    page.get_by_role("option", name="Keep on the list: plan continues").click()
    review = page.get_by_role("spinbutton", name="day, Next review date (not when closing)")
    review.click()
    review.press_sequentially("21122026")
    page.get_by_role("button", name="Save the decision").click()
    expect(page.get_by_text("Decision saved.")).to_be_visible()
    expect(page.get_by_text("23 November 2026: Keep on the list: plan continues")).to_be_visible()


def test_trend_tables_are_exported_with_small_numbers_hidden(browser, panel_server):
    server, _ = panel_server
    page = signed_in(browser, server, "chair")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Panel trends").click()
    expect(page.get_by_role("heading", name="Screenings per month by level")).to_be_visible()
    body = download(page, "Download the trend tables (CSV, small numbers hidden)").decode("utf-8")
    cells = [cell for line in csv.reader(io.StringIO(body)) for cell in line]
    assert "<5" in cells
    assert not [c for c in cells if c in {"1", "2", "3", "4"}]


def test_a_practitioner_cannot_open_the_panel_pages_even_by_url(browser, panel_server):
    server, facts = panel_server
    page = signed_in(browser, server, "teacher")
    nav = page.get_by_role("navigation", name="Menu")
    expect(nav.get_by_role("link", name="Missing episodes")).to_be_visible()
    expect(nav.get_by_role("link", name="Panel list")).to_have_count(0)
    page.context.close()
    for path in ("panel", "panel-trends", f"panel-case?case={facts['case']}"):
        page = signed_in(browser, server, "teacher", path)
        page.wait_for_timeout(1000)
        expect(page.get_by_role("heading", name="Panel list")).to_have_count(0)
        expect(page.get_by_role("heading", name="Panel trends")).to_have_count(0)
        expect(page.get_by_role("heading", name="Panel: a case")).to_have_count(0)
        expect(page.get_by_text("Open cases as at")).to_have_count(0)
        expect(page.get_by_text("Panel decisions")).to_have_count(0)
        page.context.close()
    # Their own case's missing episodes are theirs to record.
    page = signed_in(browser, server, "teacher")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Missing episodes").click()
    expect(page.get_by_role("heading", name="Missing episodes")).to_be_visible()
    # No case is chosen for them: nothing can be recorded on a case they did not pick.
    expect(page.get_by_role("button", name="Save the missing episode")).to_have_count(0)
    page.get_by_role("combobox", name="Case").click()
    page.get_by_role("option", name=facts["case"]).click()
    expect(page.get_by_text("Return interview overdue")).to_be_visible()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_panel_list_is_a_table_that_fits_and_sorts(browser, panel_server, width):
    server, facts = panel_server
    page = signed_in(browser, server, "chair", "panel", width=width)
    table = page.get_by_role("table")
    expect(table.get_by_role("link", name=facts["case"], exact=True)).to_be_visible()
    # Every row is there (not the first screenful of a grid), every column's text on the page: the list
    # wraps, and on a phone each row stacks, so nothing is off to the side.
    open_cases = page.get_by_test_id("stMetric").filter(has_text="Open cases").get_by_test_id("stMetricValue")
    expect(table.locator("tbody tr")).to_have_count(int(open_cases.inner_text()))
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    headings = table.locator("thead th").all_inner_texts()
    assert headings[0] == "Case" and headings[-1] == "Strategy meeting"
    assert "Immediate danger" in table.inner_text()  # a level in full, not cut to fit a grid cell
    expect(table.locator("th[aria-sort]")).to_have_text(re.compile("Level"))
    # A column's heading sorts the list by it, within the app (still signed in).
    # (On a phone the headings are hidden, as each row stacks with its own labels: the sorts are links
    # above the list.)
    sorts = page.locator(".dt-sort-links") if width < 640 else table.locator("thead")
    sorts.get_by_role("link", name="Case", exact=True).click()
    expect(table.locator("th[aria-sort='ascending']")).to_have_text(re.compile("Case"))
    codes = table.locator("tbody th").all_inner_texts()
    assert codes == sorted(codes)
    expect(page.get_by_text("Signed in as chair")).to_be_visible()
    # The audited exports are the only way to download the list.
    expect(page.get_by_role("button", name=re.compile("Download"))).to_have_count(2)
    page.context.close()
