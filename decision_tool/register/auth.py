"""Sign-in with argon2 password hashes, lock-out after repeated failures, and who may do what.

``Actor`` is who is signed in. The service re-checks the actor against the database on every call, so a
disabled account, a changed role or a new password takes effect at once, not at the next sign-in: the
actor carries a fingerprint of the password hash it signed in with (``credential``), and a reset changes
the hash, so every session signed in before it ends.
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..errors import UserError
from ..wording.messages import say
from .audit import record_event
from .models import User

MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 1000
HASHER = PasswordHasher()  # argon2id with the library's recommended costs (RFC 9106 low-memory)
_DUMMY: dict[str, str] = {}


def _dummy_hash() -> str:
    # Verified when the username is unknown or locked, so every failure takes as long as a wrong password.
    key = f"{HASHER.time_cost}/{HASHER.memory_cost}/{HASHER.parallelism}"
    if key not in _DUMMY:
        _DUMMY[key] = HASHER.hash("not a real password, only for timing")
    return _DUMMY[key]


class AccessDenied(UserError):
    title = say("register.title.access_denied")


class SignInError(UserError):
    title = say("register.title.sign_in_failed")


class PasswordError(UserError):
    title = say("register.title.password")


def neutral_message(max_failed: int, lockout_minutes: int) -> str:
    # One message for every failure: it must not tell a stranger which usernames exist or are locked.
    return say("register.error.sign_in", max_failed=max_failed, lockout_minutes=lockout_minutes)


@dataclass(frozen=True, slots=True)
class Actor:
    """Who is acting. user_id None is the operator at the server's terminal (the CLI)."""

    user_id: int | None
    username: str
    role: str
    organisation_id: int | None
    credential: str = ""  # see ``credential_of``: which password this sign-in used

    @property
    def is_terminal(self) -> bool:
        return self.user_id is None


def credential_of(password_hash: str) -> str:
    """A short fingerprint of a stored password hash (itself salted, so this tells nothing about the
    password): a session whose fingerprint no longer matches signed in before the password changed."""
    return hashlib.sha256(password_hash.encode()).hexdigest()[:32]


def actor_of(user: User) -> Actor:
    """The actor a sign-in as ``user`` makes, as it stands in the database now."""
    return Actor(user.id, user.username, user.role, user.organisation_id, credential_of(user.password_hash))


def terminal_actor() -> Actor:
    """The operator at the server's terminal: the CLI acts as an admin, audited under the OS user name."""
    try:
        who = getpass.getuser()
    except Exception:  # no user name in a bare container
        who = "unknown"
    return Actor(user_id=None, username=f"terminal:{who}"[:64], role="admin", organisation_id=None)


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_CHARS:
        raise PasswordError(say("register.error.password_short", chars=MIN_PASSWORD_CHARS))
    if len(password) > MAX_PASSWORD_CHARS:
        raise PasswordError(say("register.error.password_long", chars=MAX_PASSWORD_CHARS))
    return password


def hash_password(password: str) -> str:
    return HASHER.hash(check_password(password))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def find_user(session: Session, username: str) -> User | None:
    """The account with this username, whatever the letter case it is typed in (one account per name)."""
    return session.scalars(select(User).where(func.lower(User.username) == username.lower())).one_or_none()


def sign_in(
    session: Session,
    username: str,
    password: str,
    now: dt.datetime,
    *,
    max_failed: int = 5,
    lockout_minutes: int = 15,
) -> Actor:
    """Check a username and password; record the attempt; return the Actor or raise SignInError.

    The caller commits, also when SignInError is raised (the failure count and audit must be kept).
    """
    name = (username or "").strip()[:64]
    user = find_user(session, name) if name else None
    failure = SignInError(neutral_message(max_failed, lockout_minutes))
    if user is None:
        _verify(_dummy_hash(), password)
        record_event(session, None, name or "(blank)", "signin_failed", detail="unknown username", at=now)
        raise failure
    if user.locked_until is not None and user.locked_until > now:
        _verify(_dummy_hash(), password)
        record_event(session, user.id, user.username, "signin_failed", detail="account locked", at=now)
        raise failure
    if user.locked_until is not None:  # the lock has run out: a fresh start
        user.locked_until = None
        user.failed_signins = 0
    if not _verify(user.password_hash, password):
        user.failed_signins += 1
        detail = "wrong password"
        if user.failed_signins >= max_failed:
            user.locked_until = now + dt.timedelta(minutes=lockout_minutes)
            user.failed_signins = 0
            detail = f"wrong password; locked for {lockout_minutes} minutes"
        record_event(session, user.id, user.username, "signin_failed", detail=detail, at=now)
        raise failure
    if not user.active:
        record_event(session, user.id, user.username, "signin_failed", detail="account disabled", at=now)
        raise failure
    user.failed_signins = 0
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = HASHER.hash(password)
    record_event(session, user.id, user.username, "signin", at=now)
    return actor_of(user)


def sign_in_verified(
    session: Session, identity: str, now: dt.datetime, *, via: str, verified: bool = True
) -> Actor:
    """Sign in someone an identity provider has already verified (single sign-on: Streamlit's OpenID
    Connect ``st.login``). The identity (their email) must be the username of an active account here:
    the provider says who they are; the register still decides whether and in what role they may act.
    ``verified`` False: the provider said it has not checked the email (``email_verified`` false), so
    it names nobody here."""
    name = (identity or "").strip()[:64]
    user = find_user(session, name) if name else None
    if not name:
        record_event(session, None, "(blank)", "signin_failed", detail=f"{via}: no email", at=now)
        raise SignInError(say("register.error.sso_no_email"))
    if not verified:
        record_event(
            session,
            user.id if user else None,
            name,
            "signin_failed",
            detail=f"{via}: email not verified",
            at=now,
        )
        raise SignInError(say("register.error.sso_unverified", email=name))
    failure = SignInError(say("register.error.sso_no_account", email=name))
    if user is None:
        record_event(session, None, name, "signin_failed", detail=f"{via}: no account", at=now)
        raise failure
    if not user.active or (user.locked_until is not None and user.locked_until > now):
        state = "account disabled" if not user.active else "account locked"
        record_event(session, user.id, user.username, "signin_failed", detail=f"{via}: {state}", at=now)
        raise failure
    record_event(session, user.id, user.username, "signin", detail=via, at=now)
    return actor_of(user)
