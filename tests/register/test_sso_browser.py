"""Single sign-on against a real OpenID Connect provider (``tests/oidc``): the app's "Sign in with your
organisation's account" goes through the provider's own sign-in page and back, and the register (never
the provider) decides who may come in and in what role. Every person here is fictional."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from decision_tool.register.auth import terminal_actor
from decision_tool.register.db import make_engine, session_factory
from decision_tool.register.models import AuditEvent, Case, Organisation
from decision_tool.register.service import Register
from tests.browser.server import free_port, streamlit_server
from tests.oidc import server as oidc

from .conftest import Clock, settings_for
from .test_register_browser import env_for, new_page

pytestmark = pytest.mark.browser

CLIENT_ID = "decision-tool-test"
CLIENT_SECRET = "fictional client secret, not secret"
# The provider's accounts (login name -> verified email). Only the first two have register accounts.
MAPPED = "alex.morgan@riverside.example.org"
DISABLED = "dana.lee@riverside.example.org"
UNKNOWN = "robin.shaw@elsewhere.example.org"
# "sam" claims Alex's address, but the provider says it has not verified it (email_verified false);
# "kim" has no address at all (the provider sends no email).
ACCOUNTS = {"alex": MAPPED, "dana": DISABLED, "robin": UNKNOWN, "sam": MAPPED, "kim": ""}
UNVERIFIED = {"sam"}
SSO_BUTTON = "Sign in with your organisation's account"


@pytest.fixture(scope="module")
def sso_app(
    browser, _sqlite_templates: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str]]:
    """The app with the register on SQLite and ``[auth]`` pointing at a running provider: (url, db url)."""
    oidc.require()
    tmp = tmp_path_factory.mktemp("sso")
    db = tmp / "register.db"
    shutil.copy(_sqlite_templates["people"], db)
    url = f"sqlite:///{db}"
    engine = make_engine(url)
    register = Register(session_factory(engine), settings_for(url), Clock())
    t = terminal_actor()
    # As `decision-tool users add EMAIL --role R --org ORG --single-sign-on` makes them: no password.
    register.add_user(t, MAPPED, None, "practitioner", "SCH-A")
    register.add_user(t, DISABLED, None, "practitioner", "SCH-A")
    register.disable_user(t, DISABLED)
    engine.dispose()
    port = free_port()
    redirect_uri = f"http://127.0.0.1:{port}/oauth2callback"
    with oidc.oidc_provider(
        tmp,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        redirect_uri=redirect_uri,
        accounts=ACCOUNTS,
        unverified=UNVERIFIED,
    ) as issuer:
        secrets = tmp / "secrets.toml"
        secrets.write_text(
            "[auth]\n"
            f'redirect_uri = "{redirect_uri}"\n'
            'cookie_secret = "fictional cookie secret for the test, not secret"\n'
            f'client_id = "{CLIENT_ID}"\n'
            f'client_secret = "{CLIENT_SECRET}"\n'
            f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        with streamlit_server(env=env_for(url), port=port, options=["--secrets.files", str(secrets)]) as (
            app,
            _proc,
        ):
            yield app, url


def provider_sign_in(browser: Browser, app: str, login: str) -> Page:
    """A fresh browser: the app's single sign-on button, then the provider's own sign-in page."""
    page = new_page(browser, app)
    page.get_by_role("button", name=SSO_BUTTON).click()
    expect(page.get_by_role("heading", name="Sign in to the test provider")).to_be_visible()
    page.get_by_role("textbox", name="Login name").fill(login)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(re.escape(app) + r"/?($|\?)"))
    return page


def audit(url: str, username: str, action: str) -> list[str]:
    """The details of ``username``'s audit rows for ``action``, oldest first."""
    engine = make_engine(url)
    with session_factory(engine)() as s:
        rows = s.scalars(
            select(AuditEvent.detail)
            .where(AuditEvent.username == username, AuditEvent.action == action)
            .order_by(AuditEvent.id)
        ).all()
    engine.dispose()
    return list(rows)


def organisation_of(url: str, case_code: str) -> str:
    engine = make_engine(url)
    with session_factory(engine)() as s:
        code = s.scalar(
            select(Organisation.code)
            .join(Case, Case.organisation_id == Organisation.id)
            .where(Case.code == case_code)
        )
    engine.dispose()
    return str(code)


def shown(text: str) -> re.Pattern[str]:
    """``text`` as the page shows it: an address's "@" carries an invisible word joiner (no autolink)."""
    return re.compile(re.escape(text).replace("@", "@\u2060?"))


def identity_cookies(page: Page) -> list[str]:
    return [c["name"] for c in page.context.cookies() if c["name"].startswith("_streamlit_user")]


def test_a_register_account_signs_in_through_the_provider_and_out_of_both(browser, sso_app: tuple[str, str]):
    """The provider says who the person is; the register gives the role and organisation. Sign out ends
    the register session and Streamlit's identity cookie: opening the app again shows the sign-in page."""
    app, url = sso_app
    page = provider_sign_in(browser, app, "alex")
    expect(page.get_by_text(shown(f"Signed in as {MAPPED} (practitioner)"))).to_be_visible()
    # The organisation is the register's: a case started now belongs to SCH-A.
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Cases").click()
    page.get_by_label("Your local reference for this child").fill("SSO-FICTIONAL-1")
    page.get_by_role("button", name="Find or start the case").click()
    heading = page.get_by_role("heading", name=re.compile(r"^Case C-[0-9A-Z]{6}"))
    expect(heading).to_be_visible()
    assert organisation_of(url, heading.inner_text().split()[1]) == "SCH-A"
    assert audit(url, MAPPED, "signin") == ["single sign-on"]
    assert identity_cookies(page)

    page.get_by_role("button", name="Sign out").click()
    # Streamlit's sign-out also ends the provider's session (its end_session endpoint asks first).
    page.get_by_role("button", name="Yes, sign me out").click()
    page.get_by_role("heading", name="Sign in", exact=True).wait_for()
    assert identity_cookies(page) == []
    assert audit(url, MAPPED, "signout") == [""]  # the register session ended too
    page.goto(app)
    page.get_by_role("heading", name="Sign in", exact=True).wait_for()
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    expect(page.get_by_role("button", name=SSO_BUTTON)).to_be_visible()
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    page.context.close()


@pytest.mark.parametrize(
    ("login", "refusal"),
    [
        ("robin", f"there is no active register account for {UNKNOWN}"),
        ("dana", f"there is no active register account for {DISABLED}"),
        ("sam", f"has not confirmed that {MAPPED} is yours"),
        ("kim", "did not give this app your email address"),
    ],
)
def test_a_provider_identity_without_an_active_register_account_is_refused(
    browser, sso_app: tuple[str, str], login: str, refusal: str
):
    """An email the register does not know, a turned-off account's, an address the provider has not
    verified (even an active account's), or no address at all: a plain refusal, and nothing opens."""
    app, _url = sso_app
    page = provider_sign_in(browser, app, login)
    expect(page.get_by_text(shown(refusal))).to_be_visible()
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    expect(page.get_by_text("Signed in as")).to_have_count(0)
    expect(page.get_by_role("navigation", name="Menu")).to_have_count(0)
    expect(page.get_by_role("button", name="Use another account")).to_be_visible()
    page.context.close()


def test_after_a_refusal_use_another_account_signs_out_of_the_provider(browser, sso_app: tuple[str, str]):
    """After a refusal, **Use another account** drops the refused identity (Streamlit's cookie, through
    the provider's sign-out), and another account can sign in."""
    app, _url = sso_app
    page = provider_sign_in(browser, app, "robin")
    page.get_by_role("button", name="Use another account").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    page.get_by_role("heading", name="Sign in", exact=True).wait_for()
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    assert identity_cookies(page) == []
    expect(page.get_by_text("there is no active register account")).to_have_count(0)
    page.get_by_role("button", name=SSO_BUTTON).click()
    # The provider's page again (Streamlit asks it to let the person choose an account).
    page.get_by_role("textbox", name="Login name").fill("alex")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(shown(f"Signed in as {MAPPED} (practitioner)"))).to_be_visible()
    page.context.close()
