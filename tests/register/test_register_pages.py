"""The register's pages through AppTest, on a real SQLite register: sign-in first, cases by reference,
save a screening, see it over time, corrections, access between organisations, lock-out, idle, audit."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from decision_tool.register import Register
from decision_tool.register.db import make_engine, session_factory
from decision_tool.ui import register_state, register_views

from ..test_pages import APP, complete_form, texts, to_result
from .conftest import KEY, PASSWORD, settings_for

INJECTION = "Robert'); DROP TABLE screenings;-- <b>x</b> ' OR '1'='1"

pytestmark = pytest.mark.parametrize("people_url", ["sqlite"], indirect=True)


@pytest.fixture()
def register_on(people_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("DECISION_TOOL_DATABASE_URL", people_url)
    monkeypatch.setenv("DECISION_TOOL_REFERENCE_KEY", KEY.decode())
    yield people_url


def app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception
    return at


def sign_in(at: AppTest, username: str, password: str = PASSWORD) -> None:
    at.text_input(key="signin_username").set_value(username)
    at.text_input(key="signin_password").set_value(password)
    at.button[0].click().run()
    assert not at.exception


def signed_in_app(url: str, username: str, *, idle_for: dt.timedelta = dt.timedelta(0)) -> AppTest:
    """A session that has signed in (through the service, as the sign-in page does) before its first run.

    AppTest does not follow the change of pages that signing in makes within one session, so tests of
    what a signed-in user sees start from here; the sign-in form itself is tested on its own.
    """
    engine = make_engine(url)
    who = Register(session_factory(engine), settings_for(url)).sign_in(username, PASSWORD)
    engine.dispose()
    at = AppTest.from_file(APP, default_timeout=30)
    at.session_state[register_state.ACTOR] = who
    at.session_state[register_state.LAST_ACTIVE] = register_state.now() - idle_for
    at.run()
    assert not at.exception
    return at


def goto(at: AppTest, page: str) -> None:
    """Open a page as its navigation link would. AppTest keeps a page chosen with switch_page for every
    later run, so let go of it afterwards: the app's own switch_page calls then take effect."""
    at.switch_page(page).run()
    at._page_hash = ""
    assert not at.exception


def find_case(at: AppTest, reference: str) -> str:
    goto(at, "pages/register_cases.py")
    at.text_input(key="case_reference").set_value(reference)
    at.button[-1].click().run()
    assert not at.exception
    title = at.title[0].value
    assert title.startswith("Case C-"), texts(at)
    return title.removeprefix("Case ")


def test_signed_out_shows_only_sign_in(register_on):
    at = app()
    assert [t.value for t in at.title] == ["Sign in"]
    assert "Start a new screening" not in texts(at)
    # No page file is even registered until someone signs in: every address draws the sign-in form.
    for page in (
        "pages/start.py",
        "pages/register_cases.py",
        "pages/register_case.py",
        "pages/register_audit.py",
    ):
        with pytest.raises(ValueError, match="Could not find a navigation page") as info:
            at.switch_page(page)
        known = set(re.findall(r"pages/(\w+)\.py", str(info.value).split("Known pages:")[1]))
        assert known <= {"accessibility", "privacy"}  # public statements, linked from every page


def test_practitioner_saves_screenings_and_sees_them_over_time(register_on, dsl):
    at = signed_in_app(register_on, "pat.a")
    code = find_case(at, "UPN-4471")
    assert "No screenings saved on this case yet" in texts(at)
    at.button(key="case_start").click().run()
    complete_form(at, dsl, {"age": 15, "late_out": "yes"})
    to_result(at)
    assert f"Save to case {code}" in [b.label for b in at.button]
    # The details for the record are saved with it: the page says so, not "only into the files".
    assert "into the register with this screening when you save it" in texts(at)
    assert "go only into the files" not in texts(at)
    at.button(key="save_to_case").click().run()
    assert_saved_once(at, code)

    # Three months later: the same reference finds the same case; screen again from the latest.
    assert find_case(at, "  upn-4471 ") == code
    at.button(key="case_screen_again").click().run()
    assert "Pre-filled from an earlier record" in texts(at)
    assert at.session_state["draft"].answers["late_out"] == "yes"
    complete_form(
        at, dsl, {"age": 15, "late_out": "yes", "missing_overnight": "yes", "returned_unexplained": "yes"}
    )
    to_result(at)
    at.button(key="save_to_case").click().run()
    assert_saved_once(at, code)

    at.session_state[register_state.CASE] = code
    goto(at, "pages/register_case.py")
    page = texts(at)
    assert "2 screenings" in page and "saved by pat.a" in page
    assert "New since the screening before" in page and "missing overnight" in page
    assert "UPN-4471" not in page  # the reference is never shown, only the case code


def assert_saved_once(at: AppTest, code: str) -> None:
    """The confirmation (GOV.UK panel) with the case code, no Save button, and a link to the case."""
    assert not at.exception
    page = texts(at)
    assert "Screening saved" in page and code in page
    assert "save_to_case" not in [b.key for b in at.button]
    links = [(link.value, link.proto.query_string) for link in at.get("page_link")]
    assert any(q == f"case={code}" and label.startswith("Open case") for label, q in links), links


def test_one_press_saves_one_screening_even_when_the_page_forgets_it_saved(register_on, dsl):
    at = signed_in_app(register_on, "pat.a")
    code = find_case(at, "UPN-7001")
    at.button(key="case_start").click().run()
    complete_form(at, dsl, {"age": 15, "late_out": "yes"})
    to_result(at)
    at.button(key="save_to_case").click().run()
    assert_saved_once(at, code)
    # Another tab of the same draft, or a session that lost the confirmation: the button is back, and
    # pressing it finds the screening already saved instead of adding a second.
    del at.session_state[register_views.SAVED]
    at.run()
    at.button(key="save_to_case").click().run()
    assert_saved_once(at, code)
    engine = make_engine(register_on)
    reg = Register(session_factory(engine), settings_for(register_on))
    who = reg.sign_in("pat.a", PASSWORD)
    assert reg.get_case(who, code).case.screenings == 1
    engine.dispose()


def test_another_organisation_cannot_open_the_case(register_on, dsl):
    at = signed_in_app(register_on, "pat.a")
    code = find_case(at, "UPN-1")
    other = signed_in_app(register_on, "pat.b")
    other.session_state[register_state.CASE] = code
    goto(other, "pages/register_case.py")
    assert f"there is no case {code} that you can open" in texts(other)
    assert code not in [t.value for t in other.title]
    goto(other, "pages/register_cases.py")
    assert code not in texts(other)
    # The same reference typed in another organisation is another case.
    assert find_case(other, "UPN-1") != code


def test_sign_in_opens_the_app(register_on):
    at = app()
    sign_in(at, "pat.a")
    assert "Signed in as pat.a (practitioner)" in texts(at)
    assert at.button(key="start")
    # With the register on, the Start page does not claim that nothing is ever saved.
    assert "Nothing is saved unless you save it" in texts(at) and "Nothing is saved to disk" not in texts(at)


def test_lock_out_after_five_failures(register_on):
    at = app()
    for _ in range(5):
        sign_in(at, "pat.a", "wrong password")
        assert "not right, or the account is locked" in texts(at)
    sign_in(at, "pat.a")
    assert [t.value for t in at.title] == ["Sign in"]
    assert "locked for 15 minutes" in texts(at)


def test_idle_session_is_signed_out(register_on):
    at = signed_in_app(register_on, "pat.a", idle_for=dt.timedelta(minutes=31))
    assert [t.value for t in at.title] == ["Sign in"]
    assert "signed out after 30 minutes without activity" in texts(at)
    assert register_state.ACTOR not in at.session_state


def test_active_session_stays_signed_in(register_on):
    at = signed_in_app(register_on, "pat.a", idle_for=dt.timedelta(minutes=29))
    assert "Signed in as pat.a" in texts(at)
    assert at.button(key="sign_out")  # signing out is tested in the browser (tests/browser/test_register.py)


def test_signing_out_in_another_tab_signs_this_one_out_at_its_next_step(register_on):
    engine = make_engine(register_on)
    register = Register(session_factory(engine), settings_for(register_on))
    who = register.sign_in("pat.a", PASSWORD)
    token = register.start_session(who)  # the sign-in both tabs of the browser share
    register.end_session(token)  # Sign out, pressed in the other tab
    engine.dispose()
    at = AppTest.from_file(APP, default_timeout=30)  # this tab, still signed in, takes its next step
    at.session_state[register_state.ACTOR] = who
    at.session_state[register_state.LAST_ACTIVE] = register_state.now()
    at.session_state[register_state.SIGN_IN_TOKEN] = token
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Sign in"]
    assert "signed out in another tab or window of this browser" in texts(at)
    assert register_state.ACTOR not in at.session_state


def test_injection_strings_are_stored_and_shown_as_plain_text(register_on, dsl):
    at = signed_in_app(register_on, "pat.a")
    code = find_case(at, INJECTION)
    at.button(key="case_start").click().run()
    complete_form(at, dsl, {"age": 15})
    to_result(at)
    at.button(key="save_to_case").click().run()
    at.session_state[register_state.CASE] = code
    goto(at, "pages/register_case.py")
    at.button(key="correct_start").click().run()
    complete_form(at, dsl, {"age": 16})
    to_result(at)
    at.text_area(key="correction_reason").set_value(INJECTION).run()
    at.button(key="save_to_case").click().run()
    assert_saved_once(at, code)
    # Found again by the same string: it was stored as data, not run as SQL.
    assert find_case(at, INJECTION) == code
    page = texts(at)
    assert "2 screenings" in page and INJECTION in page  # the reason, escaped, on the case page only
    assert "<b>" not in " ".join(str(m.value) for m in at.markdown if "\\<b\\>" not in str(m.value))


def test_admin_reads_the_audit_trail(register_on):
    sign_in(app(), "pat.a", "wrong password")
    at = signed_in_app(register_on, "admin.z")
    goto(at, "pages/register_audit.py")
    assert not at.exception
    rows = at.dataframe[0].value
    assert {"signin_failed", "signin"} <= set(rows["What"])
    assert "Cases" not in texts(at)


def test_admin_has_no_case_pages(register_on):
    at = signed_in_app(register_on, "admin.z")
    for page in ("pages/register_case.py", "pages/register_cases.py"):
        with pytest.raises(ValueError, match="Could not find a navigation page"):
            at.switch_page(page)


def test_single_sign_on_is_offered_only_when_configured(register_on):
    plain = app()
    assert "sso_sign_in" not in [b.key for b in plain.button]
    at = AppTest.from_file(APP, default_timeout=30)
    at.secrets["auth"] = {
        "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
        "cookie_secret": "fictional test secret",
        "client_id": "fictional",
        "client_secret": "fictional",
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
    }
    at.run()
    assert not at.exception
    assert at.button(key="sso_sign_in").label == "Sign in with your organisation's account"
    assert at.text_input(key="signin_username")  # local accounts still work alongside
