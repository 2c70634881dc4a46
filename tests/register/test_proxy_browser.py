"""The register as a partnership runs it: two app servers on one PostgreSQL behind HAProxy (the shipped
``docs/haproxy.cfg``), TLS ended at the proxy, security headers added there, one browser kept on one
server, and a screening that survives the loss of that server."""

from __future__ import annotations

import itertools
import re
import ssl
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import text

from decision_tool.register.db import make_engine
from tests.browser.server import streamlit_server
from tests.browser.test_walkthrough import PHARMACY_ANSWERS, choose

from .conftest import KEY, PASSWORD
from .pg_server import PostgresServer
from .proxy import Proxy, haproxy, haproxy_or_skip
from .test_register_browser import open_case

pytestmark = pytest.mark.browser

_numbers = itertools.count()


@dataclass
class Site:
    proxy: Proxy
    database: str
    servers: dict[str, object]  # the sticky cookie's value -> the app server's process


@pytest.fixture(scope="module")
def site(
    browser, postgres: PostgresServer, _postgres_templates: dict[str, str], tmp_path_factory
) -> Iterator[Site]:
    haproxy_or_skip()
    name = f"register_proxy_{next(_numbers)}"
    postgres.execute(f"CREATE DATABASE {name} TEMPLATE {_postgres_templates['people']}")
    env = {"DECISION_TOOL_DATABASE_URL": postgres.url(name), "DECISION_TOOL_REFERENCE_KEY": KEY.decode()}
    try:
        with (
            streamlit_server(env=env) as (one, proc_one),
            streamlit_server(env=env) as (two, proc_two),
            haproxy(
                tmp_path_factory.mktemp("proxy"), [u.removeprefix("http://") for u in (one, two)]
            ) as proxy,
        ):
            yield Site(proxy, postgres.url(name), {"app1": proc_one, "app2": proc_two})
    finally:
        postgres.execute(f"DROP DATABASE {name} WITH (FORCE)")


def fetch(url: str) -> tuple[int, dict[str, list[str]]]:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE  # the test's throwaway certificate
    with urllib.request.urlopen(url, context=context, timeout=10) as answer:
        headers: dict[str, list[str]] = {}
        for key, value in answer.headers.items():
            headers.setdefault(key.lower(), []).append(value)
        return answer.status, headers


def csp_directives(policy: str) -> dict[str, list[str]]:
    found = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            found[words[0]] = words[1:]
    return found


def test_the_proxy_adds_the_security_headers_and_keeps_a_browser_on_one_server(site: Site):
    status, headers = fetch(site.proxy.url + "/")
    assert status == 200
    csp = csp_directives(headers["content-security-policy"][0])
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    # Nothing from any other address: every source is the app's own, or inline / data: / blob:.
    allowed = {"'self'", "'unsafe-inline'", "'none'", "data:", "blob:", "ws:", "wss:"}
    assert {s for sources in csp.values() for s in sources} <= allowed, csp
    hsts = headers["strict-transport-security"][0]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 180 * 24 * 3600  # type: ignore[union-attr]
    assert headers["referrer-policy"] == ["no-referrer"]
    assert headers["x-content-type-options"] == ["nosniff"]
    sticky = [c for c in headers.get("set-cookie", []) if c.startswith("SRV=")]
    assert len(sticky) == 1 and sticky[0].split(";")[0] in {"SRV=app1", "SRV=app2"}, sticky
    assert {"secure", "httponly"} <= {p.strip().lower() for p in sticky[0].split(";")[1:]}
    # The health check reaches both servers: a second, cookie-less visit goes to the other one.
    _status, again = fetch(site.proxy.url + "/")
    assert [c.split(";")[0] for c in again["set-cookie"] if c.startswith("SRV=")] != [sticky[0].split(";")[0]]


def new_page(browser: Browser, url: str) -> tuple[Page, list[str]]:
    context = browser.new_context(ignore_https_errors=True, viewport={"width": 1024, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(url)
    return page, problems


def sign_in(page: Page, username: str) -> None:
    page.get_by_role("heading", name="Sign in").wait_for(timeout=60_000)
    page.get_by_role("textbox", name="Username").fill(username)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Signed in as")).to_be_visible(timeout=30_000)


def test_a_practitioner_signs_in_over_https_with_nothing_refused_by_the_policy(browser, site: Site):
    page, problems = new_page(browser, site.proxy.url + "/")
    assert page.url.startswith("https://")
    sign_in(page, "pat.a")
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    expect(page.get_by_role("button", name="Start a new screening")).to_be_visible()
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    page.context.close()


def sticky_server(page: Page) -> str:
    values = [c["value"] for c in page.context.cookies() if c["name"] == "SRV"]
    assert len(values) == 1, values
    return values[0]


def kept_drafts(database: str) -> int:
    engine = make_engine(database)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text("SELECT count(*) FROM drafts")).scalar_one())
    finally:
        engine.dispose()


def saved_rows(database: str, code: str) -> tuple[int, int]:
    engine = make_engine(database)
    try:
        with engine.connect() as conn:
            screenings = conn.execute(
                text("SELECT count(*) FROM screenings s JOIN cases c ON c.id = s.case_id WHERE c.code = :c"),
                {"c": code},
            ).scalar_one()
            audit = conn.execute(
                text("SELECT count(*) FROM audit_events WHERE action = 'save_screening' AND case_code = :c"),
                {"c": code},
            ).scalar_one()
        return int(screenings), int(audit)
    finally:
        engine.dispose()


# Last in the module: it stops one of the two servers.
def test_a_stopped_server_loses_neither_the_sign_in_nor_the_screening(browser, site: Site):
    """Signed in through the proxy, half-way through a screening, the server holding the page stops: the
    page reconnects through the proxy to the other server, still signed in, with the answers on screen;
    the screening then saves once (one screening, one audit row)."""
    page, problems = new_page(browser, site.proxy.url + "/")
    sign_in(page, "pat.a")
    code = open_case(page, "PROXY-FAILOVER-1")
    page.get_by_role("combobox").click()
    page.get_by_role("option", name="Pharmacy EHC consultation (under-18)").click()
    page.get_by_role("button", name="Start a screening for this case").click()
    expect(page.get_by_text("Step 1 of 2")).to_be_visible()
    age = page.get_by_role("spinbutton", name="How old is the young person?")
    age.fill("16")
    age.press("Enter")
    answers = [(q, a) for q, a in PHARMACY_ANSWERS.items() if q != "Is the young person Fraser competent?"]
    for question, answer in answers[:3]:
        choose(page, question, answer)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    for _ in range(50):  # kept in the register at the end of the run
        if kept_drafts(site.database):
            break
        page.wait_for_timeout(200)
    assert kept_drafts(site.database) == 1

    holder = sticky_server(page)
    stopped = site.servers[holder]
    # Streamlit's page reconnects by itself; the proxy sends it to the other server, and the page, signed
    # in, then loads afresh there (static/app.js).
    with page.expect_navigation(timeout=60_000):
        stopped.terminate()  # type: ignore[attr-defined]
        stopped.wait(timeout=20)  # type: ignore[attr-defined]
    expect(page.get_by_text("Step 1 of 2")).to_be_visible(timeout=60_000)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60_000)
    expect(page.get_by_text("Signed in as")).to_be_visible()
    expect(page.get_by_role("spinbutton", name="How old is the young person?")).to_have_value("16")
    for question, answer in answers[:3]:
        group = page.get_by_role("radiogroup", name=question)
        expect(group.get_by_role("radio", name=answer, exact=True)).to_be_checked()

    for question, answer in answers[3:]:
        choose(page, question, answer)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_text("Step 2 of 2")).to_be_visible()
    choose(page, "What did you decide about supply?", "Supplied with advice")
    # Once the answer's redraw is over: during it the last step's Continue can still be on the page.
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Get the result").click()
    page.get_by_role("button", name=re.compile(r"^Save to case C-")).dblclick()
    expect(page.get_by_role("heading", name="Screening saved")).to_be_visible()
    assert sticky_server(page) != holder  # the proxy moved the browser to the server still running
    assert saved_rows(site.database, code) == (1, 1)
    assert kept_drafts(site.database) == 0  # saved: no longer kept as a screening in progress
    # The case page, the questions, the result and the save ran under the proxy's policy too.
    assert not [p for p in problems if "Content Security Policy" in p], problems
    page.context.close()
