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

from tests.browser.server import streamlit_server

from .conftest import KEY, PASSWORD
from .pg_server import PostgresServer
from .proxy import Proxy, haproxy, haproxy_or_skip

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
