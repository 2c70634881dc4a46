"""Register safety through AppTest, on SQLite and PostgreSQL: a screening never reaches another account
(sign-out in the same tab, the same address in another session), and a password reset, a disabled
account or a changed role ends every live session of that account at once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from decision_tool.register.auth import terminal_actor
from decision_tool.register.db import make_engine, session_factory
from decision_tool.register.models import User
from decision_tool.register.service import Register
from decision_tool.ui import register_state
from decision_tool.ui.state import draft_store

from ..test_pages import complete_form, texts, to_result
from .conftest import KEY, settings_for
from .test_register_pages import find_case, goto, sign_in, signed_in_app


@pytest.fixture()
def register_on(people_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("DECISION_TOOL_DATABASE_URL", people_url)
    monkeypatch.setenv("DECISION_TOOL_REFERENCE_KEY", KEY.decode())
    yield people_url


def screening_on_result(at: AppTest, dsl, reference: str = "UPN-7001") -> tuple[str, str]:
    """A practitioner's screening of a case, up to its result (not saved): (case code, draft id)."""
    code = find_case(at, reference)
    at.button(key="case_start").click().run()
    complete_form(at, dsl, {"age": 15, "late_out": "yes"})
    to_result(at)
    assert f"Save to case {code}" in [b.label for b in at.button]
    return code, at.session_state["draft"].id


def opened_at(at: AppTest, draft_id: str) -> AppTest:
    """The result page at the address the first practitioner was on (``?draft=``)."""
    at.query_params["draft"] = draft_id
    goto(at, "pages/result.py")
    return at


def shows_nothing_of(at: AppTest, code: str) -> None:
    page = texts(at)
    assert code not in page and "Save to case" not in " ".join(b.label for b in at.button)
    assert "Result" not in [t.value for t in at.title]
    assert "draft" not in at.session_state


def test_after_sign_out_the_next_account_in_the_same_tab_gets_nothing(register_on, dsl):
    at = signed_in_app(register_on, "pat.a")
    code, draft_id = screening_on_result(at, dsl)
    at.button(key="sign_out").click().run()
    assert [t.value for t in at.title] == ["Sign in"]
    assert draft_store().get(draft_id) is None  # gone from the server's memory, not only hidden
    assert "draft" not in at.query_params  # and from the address
    for other in ("pat.b", "trainer.t"):
        sign_in(at, other)
        assert f"Signed in as {other}" in texts(at)
        shows_nothing_of(opened_at(at, draft_id), code)
        at.button(key="sign_out").click().run()


def test_the_address_of_a_screening_opens_nothing_for_another_account(register_on, dsl):
    first = signed_in_app(register_on, "pat.a")
    code, draft_id = screening_on_result(first, dsl)
    for other in ("pat.b", "trainer.t", "panel.p"):
        shows_nothing_of(opened_at(signed_in_app(register_on, other), draft_id), code)
    # Still the first practitioner's, untouched: the same account's reload gets it back.
    again = opened_at(signed_in_app(register_on, "pat.a"), draft_id)
    assert f"Save to case {code}" in [b.label for b in again.button]


def next_step(at: AppTest) -> None:
    """The session's next step (opening the Cases page: AppTest runs the default page without the entry
    script on a bare rerun, which a browser never does)."""
    at.switch_page("pages/register_cases.py").run()
    at._page_hash = ""
    assert not at.exception


def _change(url: str, **values: object) -> None:
    engine = make_engine(url)
    with session_factory(engine)() as s:
        s.execute(update(User).where(User.username == "pat.a").values(**values))
        s.commit()
    engine.dispose()


def _reset(url: str) -> None:
    engine = make_engine(url)
    Register(session_factory(engine), settings_for(url)).reset_password(
        terminal_actor(), "pat.a", "a new fictional password"
    )
    engine.dispose()


def _disable(url: str) -> None:
    engine = make_engine(url)
    Register(session_factory(engine), settings_for(url)).disable_user(terminal_actor(), "pat.a")
    engine.dispose()


@pytest.mark.parametrize(
    "change",
    [_reset, _disable, lambda url: _change(url, role="panel", organisation_id=None)],
    ids=["password reset", "disabled", "role changed"],
)
def test_an_account_change_ends_every_live_session_at_once(register_on, dsl, change):
    sessions = [signed_in_app(register_on, "pat.a") for _ in range(2)]
    code, draft_id = screening_on_result(sessions[0], dsl)
    change(register_on)
    for at in sessions:
        next_step(at)
        assert [t.value for t in at.title] == ["Sign in"]
        assert "your account was changed" in texts(at)
        assert register_state.ACTOR not in at.session_state
    assert draft_store().get(draft_id) is None and code


def test_an_unchanged_account_stays_signed_in(register_on):
    at = signed_in_app(register_on, "pat.a")
    _reset_other = signed_in_app(register_on, "pat.b")  # another account's reset changes nothing here
    engine = make_engine(register_on)
    Register(session_factory(engine), settings_for(register_on)).reset_password(
        terminal_actor(), "pat.b", "a new fictional password"
    )
    engine.dispose()
    next_step(at)
    assert "Signed in as pat.a" in texts(at)
    next_step(_reset_other)
    assert [t.value for t in _reset_other.title] == ["Sign in"]
