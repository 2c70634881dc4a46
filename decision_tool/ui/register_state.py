"""The register in the app: settings, one shared ``Register`` per process, and who is signed in.

Only used when an operator turns the register on (``load_settings`` returns settings). The signed-in
``Actor`` and the time of the last activity live in ``st.session_state``; pages call the ``Register``
service, which checks the role again on every call. Pages never touch the database directly.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import os
from collections.abc import Mapping
from typing import Any

import streamlit as st

from ..register import (
    Actor,
    Register,
    RegisterConfigError,
    RegisterSettings,
    RegisterUnavailable,
    load_settings,
    policy,
)
from ..wording.messages import say

ACTOR = "register_actor"
LAST_ACTIVE = "register_last_active"
SIGNED_OUT_NOTICE = "register_signed_out"
CASE = "register_case"  # the case code a page was opened for (set by buttons; also ?case= in the URL)
SIGN_IN_TOKEN = "register_sign_in"  # the id of the kept sign-in (register ``start_session``)
SIGN_IN_COOKIE = "dt_signin"  # the cookie that holds it in this browser, so a reload stays signed in


def _secrets() -> Mapping[str, Any] | None:
    try:
        return {k: st.secrets[k] for k in st.secrets}
    except Exception:  # no secrets.toml: the environment alone decides
        return None


def settings() -> RegisterSettings | None:
    """The register settings, or None when the register is off (the app then behaves as without it)."""
    return load_settings(os.environ, _secrets())


@st.cache_resource(show_spinner=False)
def _register(database_url: str) -> Register:
    found = settings()
    assert found is not None and found.database_url == database_url
    return Register.open(found)


def register() -> Register:
    found = settings()
    assert found is not None, "register pages exist only when the register is on"
    return _register(found.database_url)


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def actor() -> Actor | None:
    """The signed-in actor; None when signed out or idle for longer than the setting (then signed out).

    A page just loaded (a reload, a new tab) has no actor yet: the sign-in this browser's cookie names
    is taken up again if it still stands (``Register.resume_session``)."""
    found = st.session_state.get(ACTOR)
    if not isinstance(found, Actor):
        return _resumed()
    token = st.session_state.get(SIGN_IN_TOKEN)
    if isinstance(token, str):
        # Kept for a reload: the register's row is the idle clock for every tab of this browser.
        try:
            status = register().session_status(found, token)
        except RegisterUnavailable:
            return found  # as below
        if status != "current":
            sign_out(idle=status == "idle", changed=status == "changed", elsewhere=status == "ended")
            return None
        st.session_state[LAST_ACTIVE] = now()
        return found
    last = st.session_state.get(LAST_ACTIVE)
    idle = dt.timedelta(minutes=register().settings.idle_minutes)
    if not isinstance(last, dt.datetime) or now() - last > idle:
        sign_out(idle=True)
        return None
    try:
        current = register().session_current(found)
    except RegisterUnavailable:
        # Cannot check just now: stay signed in and keep the screening on screen. Every register call
        # checks the account again, and says in plain words that the register cannot be reached (once,
        # where the page needed it), until the database is back.
        return found
    if not current:
        sign_out(changed=True)
        return None
    st.session_state[LAST_ACTIVE] = now()
    return found


def _resumed() -> Actor | None:
    from .state import browser_cookies

    token = browser_cookies().get(SIGN_IN_COOKIE, "")
    if not token or st.session_state.get(SIGNED_OUT_NOTICE):
        return None
    try:
        who = register().resume_session(token)
    except (RegisterUnavailable, RegisterConfigError):
        return None  # the sign-in page says why when someone signs in
    if who is not None:
        signed_in(who, token)
    return who


def signed_in(who: Actor, token: str | None = None) -> None:
    """Start this tab's sign-in; kept for a reload (a new kept sign-in, or the one ``token`` names)."""
    # A new sign-in starts clean: nothing from a previous user in this browser tab carries over.
    for key in list(st.session_state):
        del st.session_state[key]
    if token is None:
        with contextlib.suppress(RegisterUnavailable):  # then a reload asks to sign in again
            token = register().start_session(who)
    st.session_state[ACTOR] = who
    st.session_state[LAST_ACTIVE] = now()
    if token:
        st.session_state[SIGN_IN_TOKEN] = token


def sign_in_binding() -> str:
    """Markup asking the page script to keep this tab's sign-in id in a cookie of this browser (never
    in the address), so that a reload stays signed in."""
    token = st.session_state.get(SIGN_IN_TOKEN)
    if not isinstance(token, str) or not token:
        return ""
    return f'<span hidden data-dt-signin="{html.escape(f"{SIGN_IN_COOKIE}={token}")}"></span>'


def sso_configured() -> bool:
    """Single sign-on is offered when the operator configured Streamlit's OpenID Connect ([auth] secrets)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets.toml
        return False


def sso_identity() -> str | None:
    """The email the identity provider gave, when single sign-on is configured and used; "" when the
    provider signed the person in without giving an email (the register then refuses, saying so)."""
    if not sso_configured() or not st.user.get("is_logged_in"):
        return None
    email = st.user.get("email")
    return str(email) if email else ""


def sso_email_verified() -> bool:
    """False when the identity provider said it has not verified the email (``email_verified`` false).
    A provider that does not send the claim (Microsoft Entra ID) vouches for its own directory's
    addresses; see docs/register.md for keeping the sign-in to one directory."""
    return st.user.get("email_verified") not in (False, "false", "False")


def sign_out(*, idle: bool = False, changed: bool = False, elsewhere: bool = False) -> None:
    """End the sign-in and this tab's screening: the draft leaves the server's memory and the address,
    so the next account in this browser (or at this address) gets nothing of it. ``elsewhere``: signed
    out in another tab of this browser (audited there)."""
    from .state import DRAFT_PARAM, discard_draft, draft_store, forget_kept, owner_key

    who = st.session_state.get(ACTOR)
    token = st.session_state.get(SIGN_IN_TOKEN)
    if isinstance(who, Actor) and not elsewhere:
        # Signing out must work with the database away; only its audit row is then missing.
        with contextlib.suppress(RegisterUnavailable):
            register().sign_out(who, idle=idle, changed=changed)
    if isinstance(token, str):
        # Without the database the kept sign-in cannot be forgotten now: it ends at its idle time, and
        # the sign-in page drops the cookie.
        with contextlib.suppress(RegisterUnavailable):
            register().end_session(token)
    owner = owner_key()
    if changed:
        # The account as it was no longer stands and the register refuses it (each refusal audited): its
        # screening in progress kept there is left to go after 30 idle minutes, instead of being asked for.
        st.session_state.pop(ACTOR, None)
    discard_draft()
    named = st.query_params.get(DRAFT_PARAM)
    if named:
        kept = draft_store().get(named)
        if kept is not None and kept.owner == owner:
            draft_store().discard(named)
        forget_kept(named)
    st.query_params.clear()
    for key in list(st.session_state):
        del st.session_state[key]
    if sso_identity() is not None:
        st.logout()  # else the provider's cookie would sign the same person straight back in
    if changed:
        st.session_state[SIGNED_OUT_NOTICE] = say("ui.signed_out.changed")
    elif elsewhere:
        st.session_state[SIGNED_OUT_NOTICE] = say("ui.signed_out.elsewhere")
    elif idle:
        st.session_state[SIGNED_OUT_NOTICE] = say(
            "ui.signed_out.idle", minutes=register().settings.idle_minutes
        )


def require_actor(action: str | None = None, what: str = "") -> Actor:
    """The signed-in actor, if the policy lets them do the page's action; a refusal is audited.

    The entry point shows only the sign-in page to nobody, so the first check is a backstop. Opening a
    page by its address goes through here too, so the menu is never the only check. ``what``: why the
    page is refused (by default, that the role cannot open it)."""
    who = actor()
    if who is None:
        st.warning(say("ui.refused.sign_in"))
        st.stop()
    if action is not None and not policy.allows(who, action):
        register().refuse(who, action, str(st.query_params.get("case") or "").strip().upper()[:20] or None)
        st.error(say("ui.refused.page", why=what or say("ui.refused.role")))
        st.stop()
    return who


def open_case(code: str) -> None:
    st.session_state[CASE] = code
    st.switch_page("pages/register_case.py")


def case_code_asked() -> str:
    """The case code the page was opened for: from the URL (?case=) or from a button."""
    code = st.query_params.get("case") or st.session_state.get(CASE) or ""
    return str(code).strip().upper()[:20]
