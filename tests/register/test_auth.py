"""Sign-in on SQLite and PostgreSQL: argon2 hashes, one neutral message, lock-out after 5 failures for
15 minutes (by an injected clock), and every attempt audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from decision_tool.register import SignInError
from decision_tool.register.auth import PasswordError
from decision_tool.register.models import AuditEvent, User

from .conftest import PASSWORD


def failures(register) -> list[tuple[str, str]]:
    with register._sessions() as s:
        events = s.scalars(
            select(AuditEvent).where(AuditEvent.action.like("signin%")).order_by(AuditEvent.id)
        )
        return [(e.username, e.detail) for e in events]


def test_sign_in_returns_the_actor_and_the_password_is_stored_as_argon2(register):
    actor = register.sign_in("pat.a", PASSWORD)
    assert (actor.username, actor.role) == ("pat.a", "practitioner") and actor.organisation_id is not None
    with register._sessions() as s:
        stored = s.scalars(select(User.password_hash).where(User.username == "pat.a")).one()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_production_hashes_use_the_recommended_argon2_costs(_quick_argon2):
    # The tests swap in a quick hasher (conftest); the module's own is argon2id at 64 MiB, 3 passes.
    production = _quick_argon2
    assert (production.memory_cost, production.time_cost) >= (65536, 3)
    assert production.hash("a password for the test").startswith("$argon2id$v=19$m=65536,t=3")


def test_five_failures_lock_the_account_for_fifteen_minutes(register, clock):
    messages = set()
    for _ in range(5):
        with pytest.raises(SignInError) as failed:
            register.sign_in("pat.a", "not the password")
        messages.add(str(failed.value))
    # Locked: even the right password fails, with the same message.
    clock.advance(minutes=14, seconds=59)
    with pytest.raises(SignInError) as locked:
        register.sign_in("pat.a", PASSWORD)
    messages.add(str(locked.value))
    assert len(messages) == 1 and "locked for 15 minutes" in messages.pop()
    clock.advance(seconds=1)
    assert register.sign_in("pat.a", PASSWORD).username == "pat.a"
    details = [d for user, d in failures(register) if user == "pat.a"]
    assert details == ["wrong password"] * 4 + [
        "wrong password; locked for 15 minutes",
        "account locked",
        "",
    ]


def test_a_success_resets_the_count_and_an_expired_lock_starts_afresh(register, clock):
    for _ in range(4):
        with pytest.raises(SignInError):
            register.sign_in("pat.a", "wrong again")
    register.sign_in("pat.a", PASSWORD)
    for _ in range(4):
        with pytest.raises(SignInError):
            register.sign_in("pat.a", "wrong again")
    assert register.sign_in("pat.a", PASSWORD).username == "pat.a"  # 4 + 4 failures never locked it


def test_lock_out_settings_are_honoured(people_url, clock):
    from decision_tool.register import Register
    from decision_tool.register.db import make_engine, session_factory

    from .conftest import settings_for

    engine = make_engine(people_url)
    register = Register(
        session_factory(engine), settings_for(people_url, max_failed_signins=2, lockout_minutes=1), clock
    )
    for _ in range(2):
        with pytest.raises(SignInError, match="After 2 failed attempts an account is locked for 1 minutes"):
            register.sign_in("pat.b", "nope nope nope")
    with pytest.raises(SignInError):
        register.sign_in("pat.b", PASSWORD)
    clock.advance(minutes=1)
    assert register.sign_in("pat.b", PASSWORD).username == "pat.b"
    engine.dispose()


def test_unknown_user_and_disabled_account_get_the_same_message(register, actors):
    with pytest.raises(SignInError) as unknown:
        register.sign_in("nobody.here", PASSWORD)
    register.disable_user(actors["admin.z"], "pat.b")
    with pytest.raises(SignInError) as disabled:
        register.sign_in("pat.b", PASSWORD)
    with pytest.raises(SignInError) as wrong:
        register.sign_in("pat.a", "not the password")
    assert str(unknown.value) == str(disabled.value) == str(wrong.value)
    assert failures(register)[-3:] == [
        ("nobody.here", "unknown username"),
        ("pat.b", "account disabled"),
        ("pat.a", "wrong password"),
    ]


def test_reset_password_lifts_a_lock_and_the_old_password_stops_working(register, actors):
    for _ in range(5):
        with pytest.raises(SignInError):
            register.sign_in("pat.a", "wrong password!")
    register.reset_password(actors["admin.z"], "pat.a", "a brand new passphrase")
    assert register.sign_in("pat.a", "a brand new passphrase").username == "pat.a"
    with pytest.raises(SignInError):
        register.sign_in("pat.a", PASSWORD)


def test_short_passwords_are_refused(register, actors):
    with pytest.raises(PasswordError, match="at least 12 characters"):
        register.add_user(actors["admin.z"], "new.user", "short", "panel")
    with pytest.raises(PasswordError):
        register.reset_password(actors["admin.z"], "pat.a", "tiny")


def test_single_sign_on_accepts_only_an_active_account_and_is_audited(register, actors, clock):
    admin = actors["admin.z"]
    register.add_user(admin, "sam.dsl@school-a.example", None, "practitioner", "SCH-A")
    actor = register.sign_in_verified("sam.dsl@school-a.example", via="oidc")
    assert (actor.role, actor.organisation_id) == ("practitioner", actors["pat.a"].organisation_id)
    assert register.list_cases(actor) == []
    with pytest.raises(SignInError):  # an SSO-only account has no password that works
        register.sign_in("sam.dsl@school-a.example", "!single sign-on only")
    with pytest.raises(SignInError, match="no active register account for someone@else.example"):
        register.sign_in_verified("someone@else.example", via="oidc")
    register.disable_user(admin, "sam.dsl@school-a.example")
    with pytest.raises(SignInError):
        register.sign_in_verified("sam.dsl@school-a.example", via="oidc")
    assert failures(register)[-4:] == [
        ("sam.dsl@school-a.example", "oidc"),
        ("sam.dsl@school-a.example", "wrong password"),
        ("someone@else.example", "oidc: no account"),
        ("sam.dsl@school-a.example", "oidc: account disabled"),
    ]


def test_single_sign_on_refuses_an_email_the_provider_has_not_verified(register, actors):
    """A provider that says ``email_verified: false`` has not checked the address: it opens no account,
    not even an active one with that address, and the refusal is audited."""
    register.add_user(actors["admin.z"], "sam.dsl@school-a.example", None, "practitioner", "SCH-A")
    with pytest.raises(SignInError, match="has not confirmed that sam.dsl@school-a.example is yours"):
        register.sign_in_verified("sam.dsl@school-a.example", via="oidc", verified=False)
    assert failures(register)[-1] == ("sam.dsl@school-a.example", "oidc: email not verified")
    assert register.sign_in_verified("sam.dsl@school-a.example", via="oidc").role == "practitioner"


def test_single_sign_on_without_an_email_is_refused_saying_so(register):
    """A provider that signs someone in but sends no email: refused with the reason, and audited."""
    with pytest.raises(SignInError, match="did not give this app your email address"):
        register.sign_in_verified("", via="oidc")
    assert failures(register)[-1] == ("(blank)", "oidc: no email")


def test_usernames_differing_only_in_letter_case_are_one_account(register):
    from decision_tool.errors import UserError
    from decision_tool.register.auth import terminal_actor

    with pytest.raises(UserError, match="already a user 'pat.a'"):
        register.add_user(terminal_actor(), "PAT.A", PASSWORD, "practitioner", "SCH-A")
    assert register.sign_in("PAT.A", PASSWORD).username == "pat.a"  # the one account, however typed
    added = register.add_user(terminal_actor(), "Sam.DSL", PASSWORD, "practitioner", "SCH-A")
    assert added.username == "sam.dsl"
    register.reset_password(terminal_actor(), "SAM.dsl", "another fictional password")
    assert register.sign_in("sam.dsl", "another fictional password").username == "sam.dsl"


def test_the_database_refuses_a_second_account_in_other_letter_case(register):
    from sqlalchemy.exc import IntegrityError

    with register._sessions() as s:
        user = s.scalars(select(User).where(User.username == "pat.a")).one()
        s.add(
            User(
                username="Pat.A",
                password_hash=user.password_hash,
                role="practitioner",
                organisation_id=user.organisation_id,
                active=True,
                failed_signins=0,
                created_at=user.created_at,
            )
        )
        with pytest.raises(IntegrityError):
            s.commit()
