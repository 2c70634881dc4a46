"""The register in a real browser against `streamlit run`: sign-in before every page (by URL too), no way
into another organisation's case, lock-out shown, injection strings as plain text. Two servers on one
PostgreSQL, a case opened on one and saved on the other, are walked behind the proxy
(test_proxy_browser.py)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import update

from decision_tool.register.db import make_engine
from decision_tool.register.models import SignInSession
from decision_tool.ui import registry
from tests.browser.server import streamlit_server
from tests.browser.test_walkthrough import PHARMACY_ANSWERS, choose

from .conftest import KEY, PASSWORD

pytestmark = pytest.mark.browser

INJECTION = "Robert'); DROP TABLE cases;-- <script>alert(1)</script> ' OR '1'='1"
PAGES = [*(e.address for e in registry.PAGES if not e.before_sign_in), "/case?case=C-AAAAAA"]


def env_for(url: str) -> dict[str, str]:
    return {"DECISION_TOOL_DATABASE_URL": url, "DECISION_TOOL_REFERENCE_KEY": KEY.decode()}


@pytest.fixture(scope="module")
def app_db(_sqlite_templates: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> str:
    """The address of the register database the app below runs on."""
    db = tmp_path_factory.mktemp("register_browser") / "register.db"
    shutil.copy(_sqlite_templates["people"], db)
    return f"sqlite:///{db}"


@pytest.fixture(scope="module")
def app_url(browser, app_db: str) -> Iterator[str]:
    with streamlit_server(env=env_for(app_db)) as (url, _proc):
        yield url


def new_page(browser: Browser, url: str, path: str = "", width: int = 1024) -> Page:
    page = browser.new_context(viewport={"width": width, "height": 900}).new_page()
    page.set_default_timeout(20_000)
    page.goto(url + path)
    return page


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    page.get_by_role("heading", name="Sign in").wait_for()
    page.get_by_role("textbox", name="Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def to_cases(page: Page) -> None:
    # Through the navigation bar: loading an address afresh starts a new session, which must sign in.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Cases").click()


def open_case(page: Page, reference: str) -> str:
    to_cases(page)
    expect(page.get_by_role("heading", name="Cases", exact=True)).to_be_visible()
    page.get_by_label("Your local reference for this child").fill(reference)
    page.get_by_role("button", name="Find or start the case").click()
    heading = page.get_by_role("heading", name=re.compile(r"^Case C-[0-9A-Z]{6}"))
    expect(heading).to_be_visible()
    return heading.inner_text().split()[1]


def save_low_screening(page: Page) -> None:
    """From the case page: a short pharmacy screening with no concerns, saved to the case."""
    low_screening_to_result(page)
    save = page.get_by_role("button", name=re.compile(r"^Save to case C-"))
    save.dblclick()  # a double press, as on a slow tablet: one screening is saved
    expect(page.get_by_role("heading", name="Screening saved")).to_be_visible()
    expect(save).to_have_count(0)


def low_screening_to_result(page: Page) -> None:
    """From the case page: a short pharmacy screening with no concerns, to its result (not saved)."""
    page.get_by_role("combobox").click()
    page.get_by_role("option", name="Pharmacy EHC consultation (under-18)").click()
    page.get_by_role("button", name="Start a screening for this case").click()
    expect(page.get_by_text("Step 1 of 2")).to_be_visible()
    age = page.get_by_role("spinbutton", name="How old is the young person?")
    age.fill("16")
    age.press("Enter")
    for question, answer in PHARMACY_ANSWERS.items():
        if question != "Is the young person Fraser competent?":
            choose(page, question, answer)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Step 2 of 2")).to_be_visible()
    choose(page, "What did you decide about supply?", "Supplied with advice")
    # Once the answer's redraw is over: during it the last step's Continue can still be on the page.
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Get the result").click()
    expect(page.get_by_role("button", name=re.compile(r"^Save to case C-"))).to_be_visible()


@pytest.mark.parametrize(
    ("path", "is_address"), [("/screening", True), ("/panel", True), ("/questions", False)]
)
def test_the_first_visitor_after_a_start_meets_sign_in(
    browser, _sqlite_templates: dict[str, Path], tmp_path: Path, path: str, is_address: bool
):
    """On a just-started server the very first visit, at a page's address or at the name of a file in
    pages/, shows the sign-in form: no page runs before sign-in, and a real address gets no "Page not
    found" box."""
    db = tmp_path / "register.db"
    shutil.copy(_sqlite_templates["people"], db)
    with streamlit_server(env=env_for(f"sqlite:///{db}")) as (url, _proc):
        page = new_page(browser, url, path)
        page.get_by_role("heading", name="Sign in").wait_for(timeout=60_000)
        page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        if is_address:
            expect(page.get_by_role("dialog", name="Page not found")).to_have_count(0)
        expect(page.get_by_role("button", name="Start a new screening")).to_have_count(0)
        expect(page.get_by_text("Choose a form")).to_have_count(0)
        expect(page.get_by_role("radio")).to_have_count(0)
        page.context.close()


@pytest.mark.parametrize("path", PAGES)
def test_signed_out_every_page_shows_sign_in(browser, app_url: str, path: str):
    page = new_page(browser, app_url, path)
    page.get_by_role("heading", name="Sign in").wait_for()
    expect(page.get_by_role("button", name="Start a new screening")).to_have_count(0)
    expect(page.get_by_text(re.compile(r"Case C-"))).to_have_count(0)
    page.context.close()


# Who signs in to reach each page: someone whose role may open it (register/policy.py).
OPENER = {"view_audit": "admin.z", "view_panel_list": "panel.p", "view_panel_case": "panel.p"}
DEEP_LINKS = [e for e in registry.PAGES if e.url_path and not e.before_sign_in]


@pytest.mark.parametrize("entry", DEEP_LINKS, ids=lambda e: e.url_path)
def test_a_deep_link_survives_sign_in(browser, app_url: str, entry):
    """Signed out, an address shows the sign-in form; signing in there opens that page, not Start."""
    page = new_page(browser, app_url, entry.address)
    sign_in(page, OPENER.get(entry.action or "", "pat.a"))
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=30_000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    assert page.url.split("?")[0].endswith(entry.address), page.url
    expect(page).to_have_title(re.compile(r"^.+ – Safeguarding screening aid$"))  # the tab names the page
    expect(page.get_by_role("heading", name="Screening a safeguarding concern")).to_have_count(0)
    expect(page.get_by_role("dialog", name="Page not found")).to_have_count(0)
    page.context.close()


def test_a_reload_stays_signed_in_on_the_same_page_until_sign_out_or_thirty_idle_minutes(
    browser, app_url: str, app_db: str
):
    page = new_page(browser, app_url)
    sign_in(page, "pat.a")
    code = open_case(page, "UPN-RELOAD-1")
    address = page.url
    page.reload()
    expect(page.get_by_role("heading", name=f"Case {code}")).to_be_visible()
    expect(page.get_by_text("Signed in as pat.a")).to_be_visible()
    assert page.url == address
    # The sign-in's id is in a cookie of this browser only, never in the address.
    cookie = next(c for c in page.context.cookies() if c["name"] == "dt_signin")
    assert cookie["sameSite"] == "Strict" and cookie["value"] not in page.url

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.reload()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    assert "dt_signin" not in {c["name"] for c in page.context.cookies()}

    # Thirty minutes without activity: the kept sign-in's last activity moved back, as a clock 31
    # minutes on would see it (the register's own clock is tested in test_sign_in_sessions.py).
    sign_in(page, "pat.a")
    page.get_by_text("Signed in as pat.a").wait_for(timeout=30_000)
    engine = make_engine(app_db)
    with engine.begin() as conn:
        conn.execute(
            update(SignInSession).values(last_seen_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31))
        )
    engine.dispose()
    page.reload()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    page.context.close()


def test_sign_in_sign_out_and_lock_out(browser, app_url: str):
    page = new_page(browser, app_url, width=390)
    sign_in(page, "pat.demo")
    page.get_by_text("Signed in as pat.demo (practitioner)").wait_for(timeout=30_000)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.goto(app_url + "/cases")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    for _ in range(5):
        sign_in(page, "pat.demo", "not the password")
        expect(
            page.get_by_text("The username or password is not right, or the account is locked")
        ).to_be_visible()
    sign_in(page, "pat.demo")
    expect(page.get_by_text("locked for 15 minutes")).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    page.context.close()


def test_another_organisation_cannot_open_the_case_by_any_way(browser, app_url: str):
    a = new_page(browser, app_url)
    sign_in(a, "pat.a")
    code = open_case(a, "UPN-2024-117")
    expect(a).to_have_url(re.compile(rf"/case\?case={code}$"))
    # By URL: the address asks for sign-in, then refuses
    b = new_page(browser, app_url, f"/case?case={code}")
    sign_in(b, "pat.b")
    b.get_by_text("Signed in as pat.b").wait_for(timeout=30_000)
    expect(b.get_by_text(f"there is no case {code} that you can open")).to_be_visible()
    expect(b.get_by_role("heading", name=f"Case {code}")).to_have_count(0)
    # By the list: not there
    to_cases(b)
    expect(b.get_by_role("heading", name="Open cases")).to_be_visible()
    expect(b.get_by_text(code)).to_have_count(0)
    # By typing the same reference: a different case of their own organisation
    assert open_case(b, "UPN-2024-117") != code
    a.context.close()
    b.context.close()


def test_injection_strings_are_plain_text(browser, app_url: str):
    page = new_page(browser, app_url)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    sign_in(page, INJECTION, INJECTION)
    expect(page.get_by_text("The username or password is not right")).to_be_visible()
    sign_in(page, "pat.a")
    code = open_case(page, INJECTION)
    assert open_case(page, INJECTION) == code  # found again: stored as data
    expect(page.get_by_text(INJECTION)).to_have_count(0)  # the reference itself is never shown
    assert dialogs == []
    page.context.close()


def test_one_press_one_screening_and_the_link_opens_the_case(browser, app_url: str):
    page = new_page(browser, app_url)
    sign_in(page, "pat.a")
    code = open_case(page, "UPN-2026-SAVE")
    save_low_screening(page)
    page.get_by_role("link", name=f"Open case {code}").click()
    expect(page.get_by_role("heading", name=f"Case {code}")).to_be_visible()
    to_cases(page)
    expect(page.get_by_text(re.compile(rf"{code} · 1 screening · latest Low on "))).to_be_visible()
    page.context.close()
