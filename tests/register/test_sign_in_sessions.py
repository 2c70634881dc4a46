"""A sign-in kept for a reload, on SQLite and PostgreSQL: found again only by its cookie's id (stored as a
hash), ended by signing out, by 30 idle minutes (an injected clock), and by any change to the account."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from decision_tool.register.auth import terminal_actor
from decision_tool.register.models import AuditEvent, SignInSession

from .conftest import PASSWORD


@pytest.fixture()
def kept(register):
    """pat.a signed in, and the id their browser's cookie would hold."""
    who = register.sign_in("pat.a", PASSWORD)
    return who, register.start_session(who)


def test_a_reload_finds_the_same_sign_in_by_its_cookie_and_the_register_keeps_only_a_hash(register, kept):
    who, token = kept
    assert register.resume_session(token) == who
    with register._sessions() as s:
        rows = s.scalars(select(SignInSession)).all()
        audit = [(e.action, e.detail) for e in s.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert len(rows) == 1 and rows[0].username == "pat.a"
    assert all(token not in str(value) for value in vars(rows[0]).values())
    assert audit[-1] == ("signin", "kept sign-in: page reloaded or opened again")
    for wrong in ("", "x" * 43, token[:-1] + ("A" if token[-1] != "A" else "B"), token + "x", "../" * 15):
        assert register.resume_session(wrong) is None


def test_signing_out_ends_it_in_every_tab(register, kept):
    who, token = kept
    assert register.session_status(who, token) == "current"
    register.end_session(token)  # in one tab
    assert register.resume_session(token) is None
    assert register.session_status(who, token) == "ended"  # the next step in another tab


def test_thirty_idle_minutes_end_it_and_activity_keeps_it(register, kept, clock):
    who, token = kept
    clock.advance(minutes=29)
    assert register.session_status(who, token) == "current"  # activity in any tab: idle time restarts
    clock.advance(minutes=29)
    assert register.resume_session(token) == who
    clock.advance(minutes=30, seconds=1)
    assert register.session_status(who, token) == "idle"
    assert register.resume_session(token) is None


def test_a_reload_after_thirty_idle_minutes_signs_in_again(register, kept, clock):
    who, token = kept
    clock.advance(minutes=30, seconds=1)
    assert register.resume_session(token) is None
    with register._sessions() as s:
        assert s.scalars(select(SignInSession)).all() == []
        last = s.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).one()
    assert (last.username, last.action, last.detail) == ("pat.a", "signout", "idle timeout")


@pytest.mark.parametrize(
    "change",
    [
        lambda r: r.disable_user(terminal_actor(), "pat.a"),
        lambda r: r.reset_password(terminal_actor(), "pat.a", "a new password for pat"),
        lambda r: r.change_role(terminal_actor(), "pat.a", "panel"),
    ],
    ids=["disabled", "password reset", "role changed"],
)
def test_a_change_to_the_account_ends_it(register, kept, change):
    who, token = kept
    change(register)
    assert register.resume_session(token) is None  # a reload
    assert register.session_status(who, token) == "changed"  # the next step in a tab still open
    # Ended for good: turning the account back on does not bring the old sign-in back.
    with register._sessions() as s:
        assert s.scalars(select(SignInSession)).all() == []


def test_old_idle_sign_ins_are_cleared_when_someone_signs_in(register, clock):
    first = register.start_session(register.sign_in("pat.a", PASSWORD))
    clock.advance(hours=2)
    register.start_session(register.sign_in("pat.b", PASSWORD))
    with register._sessions() as s:
        assert [r.username for r in s.scalars(select(SignInSession))] == ["pat.b"]
    assert register.resume_session(first) is None
