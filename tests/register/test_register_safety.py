"""Register safety through AppTest, on SQLite and PostgreSQL: a screening never reaches another account
(sign-out in the same tab, the same address in another session), and a password reset, a disabled
account or a changed role ends every live session of that account at once."""

from __future__ import annotations

from collections.abc import Iterator
from unittest import mock

import pytest
from sqlalchemy import func, select, update
from streamlit.testing.v1 import AppTest

from decision_tool.register import policy
from decision_tool.register.auth import terminal_actor
from decision_tool.register.db import make_engine, session_factory
from decision_tool.register.models import AuditEvent, User
from decision_tool.register.service import Register
from decision_tool.ui import register_state, registry
from decision_tool.ui.state import draft_store

from ..test_drafts import same_browser
from ..test_pages import APP, complete_form, on_result, texts, to_result
from .conftest import KEY, settings_for
from .panel_world import World, world_fixture  # noqa: F401
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
    """The result page at the address the first practitioner was on (``?draft=``), in the same browser
    (its cookies sent too: a shared computer)."""
    at.query_params["draft"] = draft_id
    with mock.patch("decision_tool.ui.state.browser_cookies", lambda: same_browser(draft_id)):
        goto(at, "pages/result.py")
    return at


def shows_nothing_of(at: AppTest, code: str) -> None:
    page = texts(at)
    assert code not in page and "Save to case" not in " ".join(b.label for b in at.button)
    assert not on_result(at)
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
    [_reset, _disable, lambda url: _change(url, role="panel", organisation_id=None), "cli"],
    ids=["password reset", "disabled", "role changed in the database", "role changed by the CLI"],
)
def test_an_account_change_ends_every_live_session_at_once(register_on, dsl, change):
    sessions = [signed_in_app(register_on, "pat.a") for _ in range(2)]
    code, draft_id = screening_on_result(sessions[0], dsl)
    if change == "cli":
        from decision_tool.cli import main

        assert main(["users", "role", "pat.a", "--role", "trainer", "--org", "DEMO-A"]) == 0
    else:
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


# ---------------------------------------------------------------- the trainer matrix

ADDRESSES = [e for e in registry.PAGES if not e.before_sign_in]


@pytest.mark.parametrize("entry", ADDRESSES, ids=[e.address or "/" for e in ADDRESSES])
def test_a_trainer_opening_any_address_with_a_real_case_sees_nothing_and_refusals_are_audited(
    world: World, monkeypatch: pytest.MonkeyPatch, entry: registry.PageEntry
):
    monkeypatch.setenv("DECISION_TOOL_DATABASE_URL", world.register.settings.database_url)
    monkeypatch.setenv("DECISION_TOOL_REFERENCE_KEY", KEY.decode())
    real = world.screen(world.actors["teacher.a"], "real-child-1", "high")
    with world.register._sessions() as s:
        before = s.scalar(select(func.max(AuditEvent.id))) or 0
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[register_state.ACTOR] = world.actors["trainer"]
    at.session_state[register_state.LAST_ACTIVE] = register_state.now()
    at.session_state[register_state.CASE] = real  # as if a button had asked for it
    at.session_state["panel_case"] = real
    at.query_params["case"] = real
    at.run()
    allowed = entry.action is None or policy.allows(world.actors["trainer"], entry.action)
    if allowed:
        at.switch_page(entry.file)
    else:  # drawn by the refusal under the page's address, not by its file: open the address
        at._page_hash = next(
            h for h, info in at._registered_pages.items() if info.get("url_pathname") == entry.url_path
        )
    at.run()
    assert not at.exception
    page = texts(at)
    assert "You cannot open this page" in page or allowed
    # The code asked for may be echoed back (as for a code that does not exist), nothing more of it.
    for echo in (f"Case **{real}**", f"there is no case {real} that you can open"):
        page = page.replace(echo, "")
    assert real not in page
    with world.register._sessions() as s:
        rows = s.execute(
            select(AuditEvent.username, AuditEvent.action, AuditEvent.case_code).where(AuditEvent.id > before)
        ).all()
    assert all(username == "trainer.t" for username, _, _ in rows)
    refused = [(action, code) for _, action, code in rows if action == "access_denied"]
    if not allowed:
        assert refused, f"{entry.address}: the refusal was not audited"
    if entry.url_path in ("case", "panel-case"):
        assert ("access_denied", real) in refused, f"{entry.address}: no audited refusal of {real}"


def _kept_drafts(url: str) -> int:
    from decision_tool.register.models import KeptDraft

    engine = make_engine(url)
    with session_factory(engine)() as s:
        count = s.scalar(select(func.count()).select_from(KeptDraft)) or 0
    engine.dispose()
    return count


def test_a_screening_comes_back_on_another_app_server_for_its_account_only(register_on, dsl):
    """Two app servers: the one holding the screening stops (its memory is gone). The same account's
    reload, reaching the other server, finds the screening kept sealed in the register; another account
    gets nothing; once saved it is no longer kept."""
    at = signed_in_app(register_on, "pat.a")
    code, draft_id = screening_on_result(at, dsl)
    assert _kept_drafts(register_on) == 1
    draft_store.clear()  # type: ignore[attr-defined]  # a new server: nothing in memory
    for other in ("pat.b", "panel.p"):
        shows_nothing_of(opened_at(signed_in_app(register_on, other), draft_id), code)
    draft_store.clear()  # type: ignore[attr-defined]
    again = opened_at(signed_in_app(register_on, "pat.a"), draft_id)
    assert f"Save to case {code}" in [b.label for b in again.button]
    next(b for b in again.button if b.label == f"Save to case {code}").click().run()
    assert "Screening saved" in texts(again)
    assert _kept_drafts(register_on) == 0
